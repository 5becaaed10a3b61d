"""Country boundaries: the committed GeoJSON and the antimeridian splitting behind it."""

from __future__ import annotations

import geopandas
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from geo.boundaries import (
    BOUNDARIES_GEOJSON,
    boundaries_geojson,
    load_boundaries,
    longitude_span,
    split_antimeridian,
)


@pytest.fixture(scope="module")
def boundaries() -> geopandas.GeoDataFrame:
    """The committed boundaries, read once for the module."""
    return load_boundaries()


def _parts(geom: shapely.Geometry) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon."""
    return list(shapely.get_parts(geom))


def test_has_every_coded_country_once(boundaries: geopandas.GeoDataFrame) -> None:
    assert len(boundaries) > 230
    assert boundaries["iso3"].is_unique
    assert boundaries["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert list(boundaries["iso3"]) == sorted(boundaries["iso3"])


def test_frame_shape_and_crs(boundaries: geopandas.GeoDataFrame) -> None:
    assert list(boundaries.columns) == ["iso3", "geometry"]
    assert boundaries.crs is not None and boundaries.crs.to_epsg() == 4326


def test_geometries_are_valid_polygons(boundaries: geopandas.GeoDataFrame) -> None:
    invalid = boundaries.loc[~boundaries.geometry.is_valid, "iso3"].tolist()
    assert invalid == []
    assert set(boundaries.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not boundaries.geometry.is_empty.any()


def test_no_part_wraps_across_the_antimeridian(boundaries: geopandas.GeoDataFrame) -> None:
    wide = [
        iso3
        for iso3, geom in zip(boundaries["iso3"], boundaries.geometry, strict=True)
        for part in _parts(geom)
        if longitude_span(part) > 180
    ]
    assert wide == []


def test_coordinates_within_lon_lat_range(boundaries: geopandas.GeoDataFrame) -> None:
    min_x, min_y, max_x, max_y = boundaries.total_bounds
    assert min_x >= -180 and max_x <= 180
    assert min_y >= -90 and max_y <= 90


@pytest.mark.parametrize("iso3", ["FJI", "RUS", "USA", "NZL", "ATA", "KIR"])
def test_antimeridian_countries_present_and_valid(
    boundaries: geopandas.GeoDataFrame, iso3: str
) -> None:
    geom = boundaries.loc[boundaries["iso3"] == iso3].geometry
    assert len(geom) == 1
    assert geom.iloc[0].is_valid and not geom.iloc[0].is_empty


@pytest.mark.parametrize(
    ("iso3", "lon", "lat"),
    [
        ("KEN", 36.82, -1.29),  # Nairobi
        ("FRA", 2.35, 48.86),  # Paris
        ("USA", -77.04, 38.91),  # Washington
        ("NZL", 172.64, -43.53),  # Christchurch
        # Suva and Anadyr are on the coast, which the 1:50m outline cuts a little short; these
        # points are a few km inland from them.
        ("FJI", 178.44, -18.10),  # Suva
        ("RUS", 177.00, 64.90),  # Anadyr
        # Either side of the antimeridian, where the source polygons were wrapped.
        ("FJI", 179.40, -16.50),  # Vanua Levu, west of 180
        ("FJI", -179.95, -16.80),  # Vanua Levu, east of 180
        ("RUS", 179.50, 68.50),  # Chukotka, west of 180
        ("RUS", -172.00, 66.00),  # Chukotka, east of 180
        ("RUS", -179.00, 71.20),  # Wrangel Island, east of 180
        ("ATA", 45.00, -80.00),
        ("ATA", -120.00, -89.90),  # the polar cap is closed over the pole
    ],
)
def test_known_point_lies_in_its_country(
    boundaries: geopandas.GeoDataFrame, iso3: str, lon: float, lat: float
) -> None:
    containing = boundaries.loc[boundaries.contains(Point(lon, lat)), "iso3"].tolist()
    assert containing == [iso3]


def test_split_antimeridian_cuts_a_wrapped_polygon() -> None:
    # A 20 x 20 degree square from 170E to 170W, drawn the way the topojson draws such
    # shapes: straight across the map, so that it seems to span 340 degrees.
    wrapped = Polygon([(170, -10), (-170, -10), (-170, 10), (170, 10)])
    assert longitude_span(wrapped) == 340

    split = split_antimeridian(wrapped)

    assert isinstance(split, MultiPolygon) and split.is_valid
    assert sorted(part.bounds for part in split.geoms) == [
        (-180.0, -10.0, -170.0, 10.0),
        (170.0, -10.0, 180.0, 10.0),
    ]
    assert split.area == pytest.approx(400)


def test_split_antimeridian_keeps_an_ordinary_polygon() -> None:
    square = Polygon([(10, 10), (20, 10), (20, 20), (10, 20)])
    assert split_antimeridian(square).equals(square)


def test_split_antimeridian_repairs_and_keeps_other_parts() -> None:
    bow_tie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])  # self-intersecting, as quantized
    wrapped = Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    split = split_antimeridian(MultiPolygon([bow_tie, wrapped]))
    assert split.is_valid
    assert all(longitude_span(part) <= 180 for part in _parts(split))
    # Both lobes of the bow tie survive, and the wrapped part lands on both sides of 180.
    assert split.contains(Point(0.2, 1)) and split.contains(Point(1.8, 1))
    assert split.contains(Point(179.5, 0.5)) and split.contains(Point(-179.5, 0.5))


def test_split_antimeridian_closes_a_ring_round_the_pole() -> None:
    # A coast at 70S drawn once round the world, from 180W to 180E, left open at the
    # antimeridian (as Natural Earth's Antarctica comes out of the topojson).
    ring = [(lon, -70.0) for lon in range(-180, 180, 30)] + [(179.0, -70.0)]
    split = split_antimeridian(Polygon(ring))
    assert split.is_valid
    assert all(longitude_span(part) <= 180 for part in _parts(split))
    assert split.contains(Point(90, -80)) and split.contains(Point(-90, -89.9))
    assert not split.contains(Point(90, -60))


def test_geojson_file_is_small() -> None:
    assert BOUNDARIES_GEOJSON.stat().st_size < 2 * 1024 * 1024


def test_geojson_features_carry_iso3_as_id(boundaries: geopandas.GeoDataFrame) -> None:
    collection = boundaries_geojson()
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [feature["id"] for feature in features] == list(boundaries["iso3"])
    assert all(feature["id"] == feature["properties"]["iso3"] for feature in features)
    assert {feature["geometry"]["type"] for feature in features} <= {"Polygon", "MultiPolygon"}
