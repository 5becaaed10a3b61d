"""H3 hexagonal cells for seizure coordinates (computed at write time, aggregated in SQL)."""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd

# Resolutions stored with every seizure; the schema has one column per resolution.
# 3: about 12,000 km2 per cell (region view); 5: about 250 km2 (country); 7: about 5 km2 (port).
H3_RESOLUTIONS = (3, 5, 7)


def cell_column(resolution: int) -> str:
    """Name of the seizure column that holds the cell id at a resolution."""
    if resolution not in H3_RESOLUTIONS:
        raise ValueError(f"unsupported H3 resolution {resolution}; use one of {H3_RESOLUTIONS}")
    return f"h3_res{resolution}"


def cells_for_point(latitude: float | None, longitude: float | None) -> dict[str, str | None]:
    """Cell ids of one point at every stored resolution (all None without coordinates)."""
    if latitude is None or longitude is None:
        return {cell_column(r): None for r in H3_RESOLUTIONS}
    return {cell_column(r): h3.latlng_to_cell(latitude, longitude, r) for r in H3_RESOLUTIONS}


def cells_for_points(latitudes: np.ndarray, longitudes: np.ndarray) -> pd.DataFrame:
    """Cell ids for many points, computed once per distinct point (ports repeat a lot)."""
    frame = pd.DataFrame({"lat": latitudes, "lon": longitudes})
    distinct = frame.dropna().drop_duplicates()
    for resolution in H3_RESOLUTIONS:
        distinct[cell_column(resolution)] = [
            h3.latlng_to_cell(lat, lon, resolution)
            for lat, lon in zip(distinct["lat"], distinct["lon"], strict=True)
        ]
    merged = frame.merge(distinct, on=["lat", "lon"], how="left")
    return merged[[cell_column(r) for r in H3_RESOLUTIONS]].astype(object).where(
        merged[[cell_column(r) for r in H3_RESOLUTIONS]].notna(), None
    )


def cell_centres(cell_ids: pd.Series) -> pd.DataFrame:
    """Latitude and longitude of the centre of each cell id."""
    centres = [h3.cell_to_latlng(cell) for cell in cell_ids]
    return pd.DataFrame(centres, columns=["lat", "lon"], index=cell_ids.index)


def cell_boundary_geojson(cell_ids: list[str]) -> dict:
    """GeoJSON FeatureCollection of cell polygons, with the cell id as feature id."""
    features = []
    for cell in cell_ids:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
        ring.append(ring[0])
        features.append(
            {"type": "Feature", "id": cell, "properties": {}, "geometry": {"type": "Polygon",
             "coordinates": [ring]}}
        )
    return {"type": "FeatureCollection", "features": features}
