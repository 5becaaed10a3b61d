"""Country boundaries (ISO-3 keyed, EPSG:4326) for choropleths and map layers, read on demand."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas
import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

# Built by scripts/build_boundaries.py from the vendored Natural Earth topojson.
BOUNDARIES_GEOJSON: Path = Path(__file__).resolve().parent / "data" / "countries.geojson"

# A segment longer than this in longitude can only be a jump across the antimeridian.
_HALF_TURN = 180.0
_WEST_OF_ANTIMERIDIAN = box(-540.0, -90.0, -180.0, 90.0)
_WORLD = box(-180.0, -90.0, 180.0, 90.0)
_EAST_OF_ANTIMERIDIAN = box(180.0, -90.0, 540.0, 90.0)
# The slit at the prime meridian that halves a polar cap: 0.002°, about 200 m at the equator.
_WEST_OF_SLIT = box(-180.0, -90.0, -0.001, 90.0)
_EAST_OF_SLIT = box(0.001, -90.0, 180.0, 90.0)


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygon parts that wrap across the 180th meridian so no part spans over 180°."""
    pieces = [piece for part in _polygons(geom) for piece in _split_part(part)]
    merged = _polygons(_valid(shapely.union_all(pieces))) if pieces else []
    # Only a polar cap (Antarctica) can still span more than half a turn: it really does go
    # all the way round. Halve it at the prime meridian so that every part keeps one reading,
    # planar and spherical; the halves are kept a hair apart, as polygons of a valid
    # MultiPolygon may not share an edge.
    parts = [
        half
        for polygon in merged
        for half in (
            [polygon]
            if longitude_span(polygon) <= _HALF_TURN
            else _polygons(polygon.intersection(_WEST_OF_SLIT))
            + _polygons(polygon.intersection(_EAST_OF_SLIT))
        )
        if not half.is_empty
    ]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def longitude_span(geom: BaseGeometry) -> float:
    """Width in degrees of longitude of a geometry's bounding box."""
    min_x, _, max_x, _ = geom.bounds
    return max_x - min_x


def load_boundaries() -> geopandas.GeoDataFrame:
    """Country boundaries with columns iso3 and geometry, in EPSG:4326, sorted by iso3."""
    frame = geopandas.read_file(BOUNDARIES_GEOJSON, columns=["iso3"])
    frame = frame[["iso3", "geometry"]]
    # GeoJSON is always WGS 84 lon/lat (RFC 7946); say so even if a reader leaves it unset.
    frame = frame.set_crs("EPSG:4326") if frame.crs is None else frame.to_crs("EPSG:4326")
    return frame.sort_values("iso3", ignore_index=True)


def boundaries_geojson() -> dict:
    """The boundaries FeatureCollection, with iso3 both as feature id and in properties."""
    return json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """Repair a geometry, reading outer rings as area and holes as holes."""
    # "structure" suits quantized topojson (bow-tie rings, touching parts) better than the
    # default "linework", whose even-odd rule can punch holes where rings overlap.
    return shapely.make_valid(geom, method="structure", keep_collapsed=False)


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygon parts of any geometry, collections included (lines and points dropped)."""
    found: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            found.append(part)
        elif isinstance(part, (MultiPolygon, GeometryCollection)):
            found.extend(_polygons(part))
    return found


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the areal part of a geometry (make_valid can leave lines or points)."""
    polygons = [p for p in _polygons(geom) if not p.is_empty]
    if not polygons:
        return Polygon()
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _crossings(ring: np.ndarray) -> int:
    """How many segments of a ring jump more than 180° in longitude."""
    return int(np.count_nonzero(np.abs(np.diff(ring[:, 0])) > _HALF_TURN))


def _split_part(part: Polygon) -> list[BaseGeometry]:
    """One polygon as valid pieces with all longitudes within [-180, 180]."""
    if part.is_empty:
        return []
    shell = np.asarray(part.exterior.coords)[:, :2]
    crossings = _crossings(shell)
    if crossings == 0:
        return [_valid(part)]
    if crossings % 2 == 1:
        # One jump: the ring goes once round a pole (Antarctica). Close it over the pole.
        return _at_antimeridian(_polar_cap(part, shell))
    # An even number of jumps: a shape drawn across the antimeridian (Chukotka, Wrangel,
    # Fiji). Moving its western-hemisphere vertices by +360 makes it one contiguous shape.
    return _at_antimeridian(_valid(shapely.transform(part, _shift_west_by_360)))


def _shift_west_by_360(xy: np.ndarray) -> np.ndarray:
    """Coordinates with every negative longitude moved by +360."""
    shifted = xy.copy()
    shifted[:, 0] = np.where(xy[:, 0] < 0, xy[:, 0] + 360.0, xy[:, 0])
    return shifted


def _at_antimeridian(geom: BaseGeometry) -> list[BaseGeometry]:
    """A valid shape that may stick out past ±180°, cut there and brought back into range."""
    inside = geom.intersection(_WORLD)
    east = affinity.translate(geom.intersection(_EAST_OF_ANTIMERIDIAN), xoff=-360.0)
    west = affinity.translate(geom.intersection(_WEST_OF_ANTIMERIDIAN), xoff=360.0)
    return [
        _valid(piece)
        for piece in (_polygonal(inside), _polygonal(east), _polygonal(west))
        if not piece.is_empty
    ]


def _polar_cap(part: Polygon, shell: np.ndarray) -> BaseGeometry:
    """A ring that circles a pole, unwrapped into a continuous band and closed over the pole."""
    x = shell[:, 0].copy()
    steps = np.diff(x)
    # Undo each jump so that longitude runs on continuously (the ring ends 360° from its start).
    x[1:] -= 360.0 * np.cumsum(np.round(steps / 360.0) * (np.abs(steps) > _HALF_TURN))
    y = shell[:, 1]
    pole = -90.0 if float(np.mean(y)) < 0 else 90.0
    ring = np.column_stack([x, y]).tolist()
    ring += [[x[-1], pole], [x[0], pole], ring[0]]
    cap = _valid(Polygon(ring))
    holes = [_valid(Polygon(interior.coords)) for interior in part.interiors]
    return cap.difference(shapely.union_all(holes)) if holes else cap
