"""Reference places: regions, countries, ports and airports as shipped in geo/data."""

from __future__ import annotations

import gettext
import math
import re
import zoneinfo

import numpy as np
import pandas as pd
import pycountry
import pytest
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, box

from data_access import vocab
from geo.boundaries import load_boundaries
from geo.reference import (
    LOCATION_KINDS,
    PROJECT_ASSIGNED_CODES,
    CountryColumns,
    PortColumns,
    RegionColumns,
    load_airports,
    load_countries,
    load_locations,
    load_ports,
    load_regions,
)

WCO_REGIONS = {"ESA", "WCA", "MENA", "EUR", "AP", "AMER"}
# Minimum ports, posts and mail centres per area; Africa is the two WCO African regions.
REGION_MINIMUMS = {("ESA", "WCA"): 60, ("AP",): 60, ("EUR",): 40, ("AMER",): 40, ("MENA",): 15}
# UN/LOCODE: country code, then three letters or digits 2-9 (0 and 1 are never used).
LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
# How far a place may lie from its country's outline: ports sit on coasts and rivers that
# the 0.02° simplified outline moves by a few kilometres.
PORT_TOLERANCE_KM = 60.0
# Ports whose country outline cannot contain them, and why.
OUTSIDE_OUTLINE = {
    "SOBBO": "Berbera is in Somaliland, which the boundaries leave out (it has no ISO code)",
    "ESMLN": "Natural Earth 1:50m draws Melilla as part of Morocco",
}
# A capital may be a small island the 1:50m outline leaves out (Adamstown, Cockburn Town).
CAPITAL_TOLERANCE_KM = 250.0


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    """The country table, read once for the module."""
    return load_countries()


@pytest.fixture(scope="module")
def ports() -> pd.DataFrame:
    """The port table, read once for the module."""
    return load_ports()


@pytest.fixture(scope="module")
def airports() -> pd.DataFrame:
    """The airport table, read once for the module."""
    return load_airports()


@pytest.fixture(scope="module")
def outlines() -> dict[str, shapely.Geometry]:
    """Country outlines by iso3."""
    frame = load_boundaries()
    return dict(zip(frame["iso3"], frame.geometry, strict=True))


def _distance_km(lat: float, lon: float, outline: shapely.Geometry) -> float:
    """Distance from a point to an outline, measured in a projection centred on the point."""
    # Only the part of the outline near the point matters; clipping first keeps the
    # projection local (and away from the antimeridian). 3° is at least 330 km of latitude.
    near = outline.intersection(box(lon - 3, lat - 3, lon + 3, lat + 3))
    if near.is_empty:
        return math.inf
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84")
    to_local = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    projected = shapely.transform(
        near, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1]))
    )
    return projected.distance(Point(0.0, 0.0)) / 1000.0


def _coordinates_valid(frame: pd.DataFrame) -> pd.Series:
    """Rows whose lat and lon are present and in range."""
    return (
        frame["lat"].between(-90, 90) & frame["lon"].between(-180, 180)
        & frame["lat"].notna() & frame["lon"].notna()
    )


def _at_most_4_decimals(values: pd.Series) -> bool:
    """Whether every value is already rounded to 4 decimal places."""
    return bool(np.allclose(values, values.round(4), rtol=0, atol=1e-9))


# Regions


def test_regions_are_the_six_wco_regions() -> None:
    regions = load_regions()
    assert list(regions.columns) == list(RegionColumns.ALL)
    assert set(regions[RegionColumns.CODE]) == WCO_REGIONS
    assert regions[RegionColumns.CODE].is_unique
    names = regions[[RegionColumns.NAME_EN, RegionColumns.NAME_FR, RegionColumns.NAME_PT]]
    assert (names.apply(lambda column: column.str.strip().str.len()) > 0).all().all()
    french = dict(zip(regions[RegionColumns.CODE], regions[RegionColumns.NAME_FR], strict=True))
    assert french["ESA"] == "Afrique orientale et australe"
    assert french["AMER"] == "Amériques et Caraïbes"


# Countries


def test_countries_are_all_of_iso_3166_once(countries: pd.DataFrame) -> None:
    assert list(countries.columns) == list(CountryColumns.ALL)
    assert len(countries) == 249
    for column in (CountryColumns.ISO2, CountryColumns.ISO3, CountryColumns.NUMERIC):
        assert countries[column].is_unique, column
    assert set(countries[CountryColumns.ISO3]) == {c.alpha_3 for c in pycountry.countries}
    assert countries[CountryColumns.ISO2].str.fullmatch(r"[A-Z]{2}").all()
    assert countries[CountryColumns.NUMERIC].str.fullmatch(r"\d{3}").all()
    assert list(countries[CountryColumns.ISO3]) == sorted(countries[CountryColumns.ISO3])


def test_namibia_keeps_its_code(countries: pd.DataFrame) -> None:
    # "NA" must not be read as a missing value.
    namibia = countries.set_index(CountryColumns.ISO3).loc["NAM"]
    assert namibia[CountryColumns.ISO2] == "NA"
    assert namibia[CountryColumns.NUMERIC] == "516"


def test_every_country_has_a_wco_region(countries: pd.DataFrame) -> None:
    assert set(countries[CountryColumns.REGION]) == set(load_regions()[RegionColumns.CODE])
    region = dict(zip(countries[CountryColumns.ISO3], countries[CountryColumns.REGION],
                      strict=True))
    expected = {
        "EGY": "MENA", "MAR": "MENA", "SAU": "MENA", "NGA": "WCA", "CMR": "WCA",
        "COD": "WCA", "KEN": "ESA", "ZAF": "ESA", "MOZ": "ESA", "AGO": "ESA", "RUS": "EUR",
        "KAZ": "EUR", "TUR": "EUR", "CHN": "AP", "VNM": "AP", "AUS": "AP", "IND": "AP",
        "BRA": "AMER", "USA": "AMER", "MEX": "AMER",
    }
    assert {iso3: region[iso3] for iso3 in expected} == expected


def test_every_country_has_a_valid_time_zone(countries: pd.DataFrame) -> None:
    known = zoneinfo.available_timezones()
    unknown = countries.loc[~countries[CountryColumns.TIMEZONE].isin(known), CountryColumns.ISO3]
    assert unknown.tolist() == []
    zone = dict(zip(countries[CountryColumns.ISO3], countries[CountryColumns.TIMEZONE],
                    strict=True))
    # Countries with several zones take their capital's.
    capitals = {
        "USA": "America/New_York", "RUS": "Europe/Moscow", "BRA": "America/Sao_Paulo",
        "AUS": "Australia/Sydney", "CAN": "America/Toronto", "IDN": "Asia/Jakarta",
        "CHN": "Asia/Shanghai", "COD": "Africa/Kinshasa", "MEX": "America/Mexico_City",
        "KAZ": "Asia/Almaty", "NGA": "Africa/Lagos", "FRA": "Europe/Paris",
    }
    assert {iso3: zone[iso3] for iso3 in capitals} == capitals


@pytest.mark.parametrize(("column", "languages"), [
    (CountryColumns.NAME_FR, ("fr",)),
    (CountryColumns.NAME_PT, ("pt", "pt_BR")),
])
def test_names_come_from_the_iso_codes_translations(
    countries: pd.DataFrame, column: str, languages: tuple[str, ...]
) -> None:
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=languages)
    known: dict[str, str] = catalogue._catalog  # type: ignore[attr-defined]
    assert countries[column].str.strip().str.len().gt(0).all()
    translated = 0
    for row in countries.itertuples():
        country = pycountry.countries.get(alpha_3=row.iso3)
        sources = (row.name_en, country.name)
        if any(known.get(name) == getattr(row, column) for name in sources):
            translated += 1
    assert translated >= 240


def test_names_spot_checks(countries: pd.DataFrame) -> None:
    names = countries.set_index(CountryColumns.ISO3)
    assert names.loc["DEU", CountryColumns.NAME_EN] == "Germany"
    assert names.loc["DEU", CountryColumns.NAME_FR] == "Allemagne"
    assert names.loc["DEU", CountryColumns.NAME_PT] == "Alemanha"
    assert names.loc["TZA", CountryColumns.NAME_EN] == "Tanzania"
    assert names.loc["BOL", CountryColumns.NAME_EN] == "Bolivia"
    assert names.loc["CIV", CountryColumns.NAME_PT] == "Costa do Marfim"


def test_country_points_are_valid(countries: pd.DataFrame) -> None:
    assert _coordinates_valid(countries).all()
    assert _at_most_4_decimals(countries[CountryColumns.LAT])
    assert _at_most_4_decimals(countries[CountryColumns.LON])


def test_country_points_lie_in_their_country(
    countries: pd.DataFrame, outlines: dict[str, shapely.Geometry]
) -> None:
    far = {
        row.iso3: round(distance)
        for row in countries.itertuples()
        if row.iso3 in outlines
        and (distance := _distance_km(row.lat, row.lon, outlines[row.iso3]))
        > CAPITAL_TOLERANCE_KM
    }
    assert far == {}


# Ports, border posts and mail centres


def test_ports_shape_and_codes(ports: pd.DataFrame, countries: pd.DataFrame) -> None:
    assert list(ports.columns) == list(PortColumns.ALL)
    assert len(ports) >= 220
    assert ports[PortColumns.CODE].is_unique
    assert ports[PortColumns.CODE].str.fullmatch(LOCODE.pattern).all()
    assert (ports[PortColumns.CODE].str[:2] == ports[PortColumns.ISO2]).all()
    assert ports[PortColumns.ISO2].isin(countries[CountryColumns.ISO2]).all()
    assert set(ports[PortColumns.KIND]) <= set(LOCATION_KINDS) - {"airport"}
    assert ports[PortColumns.NAME].str.strip().str.len().gt(0).all()


def test_port_coordinates_are_valid(ports: pd.DataFrame) -> None:
    assert _coordinates_valid(ports).all()
    assert _at_most_4_decimals(ports[PortColumns.LAT])
    assert _at_most_4_decimals(ports[PortColumns.LON])


def test_ports_cover_every_region(ports: pd.DataFrame, countries: pd.DataFrame) -> None:
    region = ports[PortColumns.ISO2].map(
        dict(zip(countries[CountryColumns.ISO2], countries[CountryColumns.REGION], strict=True))
    )
    counts = {codes: int(region.isin(codes).sum()) for codes in REGION_MINIMUMS}
    short = {codes: n for codes, n in counts.items() if n < REGION_MINIMUMS[codes]}
    assert short == {}


def test_ports_include_every_kind(ports: pd.DataFrame) -> None:
    kinds = ports[PortColumns.KIND].value_counts()
    assert kinds.get("mail_centre", 0) >= 10
    assert kinds.get("land_border", 0) >= 20
    assert kinds.get("seaport", 0) >= 150
    assert kinds.get("inland", 0) >= 1


def test_ports_lie_in_or_near_their_country(
    ports: pd.DataFrame, countries: pd.DataFrame, outlines: dict[str, shapely.Geometry]
) -> None:
    iso3 = dict(zip(countries[CountryColumns.ISO2], countries[CountryColumns.ISO3], strict=True))
    checked, far = 0, {}
    for row in ports.itertuples():
        outline = outlines.get(iso3[row.iso2])
        # Overseas departments (French Guiana...) are drawn inside their state's outline.
        if outline is None or row.code in OUTSIDE_OUTLINE:
            continue
        checked += 1
        distance = _distance_km(row.lat, row.lon, outline)
        if distance > PORT_TOLERANCE_KM:
            far[row.code] = round(distance)
    assert far == {}
    assert checked >= len(ports) - 10


def test_project_assigned_codes_are_listed_border_posts(ports: pd.DataFrame) -> None:
    kind = dict(zip(ports[PortColumns.CODE], ports[PortColumns.KIND], strict=True))
    assert {kind.get(code) for code in PROJECT_ASSIGNED_CODES} == {"land_border"}
    assert all(code[2] == "Z" for code in PROJECT_ASSIGNED_CODES)


def test_exceptions_to_the_outline_check_are_still_ports(ports: pd.DataFrame) -> None:
    assert set(OUTSIDE_OUTLINE) <= set(ports[PortColumns.CODE])


# Airports and all locations


def test_airports_from_airportsdata(airports: pd.DataFrame, countries: pd.DataFrame) -> None:
    assert list(airports.columns) == list(PortColumns.ALL)
    assert len(airports) > 5000
    assert airports[PortColumns.CODE].is_unique
    assert airports[PortColumns.CODE].str.fullmatch(r"[A-Z0-9]{3}").all()
    assert (airports[PortColumns.KIND] == "airport").all()
    assert airports[PortColumns.ISO2].isin(countries[CountryColumns.ISO2]).all()
    assert airports[PortColumns.NAME].str.len().gt(0).all()
    assert _coordinates_valid(airports).all()
    assert "NBO" in set(airports[PortColumns.CODE])


def test_locations_are_ports_and_airports_with_unique_codes(
    ports: pd.DataFrame, airports: pd.DataFrame
) -> None:
    locations = load_locations()
    assert list(locations.columns) == list(PortColumns.ALL)
    assert len(locations) == len(ports) + len(airports)
    assert locations[PortColumns.CODE].is_unique
    assert set(locations[PortColumns.KIND]) <= set(LOCATION_KINDS)
    assert _coordinates_valid(locations).all()


def test_location_kinds_match_the_database_vocabulary() -> None:
    assert LOCATION_KINDS == vocab.LOCATION_KINDS


def test_loaders_return_fresh_frames() -> None:
    # Pure functions: changing one result must not leak into the next call.
    first = load_ports()
    first.loc[:, PortColumns.NAME] = "changed"
    assert (load_ports()[PortColumns.NAME] != "changed").all()
