"""Reference places: WCO regions, ISO countries, ports, border posts, mail centres, airports.

Pure loaders: every call reads the shipped files (``geo/data``, see ``SOURCES.md`` there) or
the airportsdata package afresh; nothing is loaded at import time.
"""

from __future__ import annotations

from pathlib import Path

import airportsdata
import pandas as pd
import pycountry

DATA_DIR: Path = Path(__file__).parent / "data"
REGIONS_CSV: Path = DATA_DIR / "regions.csv"
COUNTRIES_CSV: Path = DATA_DIR / "countries.csv"
PORTS_CSV: Path = DATA_DIR / "ports.csv"

LOCATION_KINDS = ("airport", "seaport", "land_border", "mail_centre", "inland")
# Land border posts whose UN/LOCODE we could not confirm carry a code of our own: country
# code, "Z", two letters (see data/SOURCES.md). Replace one when UNECE lists the place.
PROJECT_ASSIGNED_CODES = frozenset({
    "CDZKS", "GHZAF", "KEZBU", "KEZMA", "KEZMO", "KEZNA", "LAZBT", "MZZRG", "NAZKM",
    "NGZSE", "RWZRU", "SSZNI", "TZZTU", "UGZMU", "VNZMC", "ZMZCH", "ZMZKA",
})
# Decimal places kept for coordinates: 4 is about 11 m, finer than any place here needs.
COORDINATE_DECIMALS = 4


class RegionColumns:
    """Columns of load_regions()."""

    CODE = "code"
    NAME_EN = "name_en"
    NAME_FR = "name_fr"
    NAME_PT = "name_pt"
    ALL = (CODE, NAME_EN, NAME_FR, NAME_PT)


class CountryColumns:
    """Columns of load_countries()."""

    ISO2 = "iso2"
    ISO3 = "iso3"
    NUMERIC = "numeric"
    NAME_EN = "name_en"
    NAME_FR = "name_fr"
    NAME_PT = "name_pt"
    REGION = "region"
    TIMEZONE = "timezone"
    LAT = "lat"
    LON = "lon"
    ALL = (ISO2, ISO3, NUMERIC, NAME_EN, NAME_FR, NAME_PT, REGION, TIMEZONE, LAT, LON)


class PortColumns:
    """Columns of load_ports(), load_airports() and load_locations()."""

    CODE = "code"
    NAME = "name"
    KIND = "kind"
    ISO2 = "iso2"
    LAT = "lat"
    LON = "lon"
    ALL = (CODE, NAME, KIND, ISO2, LAT, LON)


def _read_csv(path: Path, text: tuple[str, ...], floats: tuple[str, ...] = ()) -> pd.DataFrame:
    """A shipped CSV's columns in order: text columns verbatim, float columns parsed."""
    # keep_default_na=False: "NA" is Namibia's ISO code, not a missing value; and text
    # dtypes keep the leading zeros of ISO numeric codes ("004").
    frame = pd.read_csv(
        path,
        dtype={**dict.fromkeys(text, str), **dict.fromkeys(floats, float)},
        keep_default_na=False,
        na_values=[],
        encoding="utf-8",
    )
    return frame[list(text + floats)]


def load_regions() -> pd.DataFrame:
    """The six WCO regions: code with English, French and Portuguese names."""
    return _read_csv(REGIONS_CSV, RegionColumns.ALL)


def load_countries() -> pd.DataFrame:
    """All ISO 3166-1 countries with names, WCO region, capital time zone and a point."""
    point = (CountryColumns.LAT, CountryColumns.LON)
    text = tuple(column for column in CountryColumns.ALL if column not in point)
    return _read_csv(COUNTRIES_CSV, text, point)


def load_ports() -> pd.DataFrame:
    """Seaports, land border posts, mail centres and inland depots keyed by UN/LOCODE."""
    point = (PortColumns.LAT, PortColumns.LON)
    text = tuple(column for column in PortColumns.ALL if column not in point)
    return _read_csv(PORTS_CSV, text, point)


def load_airports() -> pd.DataFrame:
    """Every airportsdata airport with an IATA code in an ISO 3166-1 country, kind airport."""
    countries = {country.alpha_2 for country in pycountry.countries}
    rows = [
        (iata, airport["name"], "airport", airport["country"],
         round(float(airport["lat"]), COORDINATE_DECIMALS),
         round(float(airport["lon"]), COORDINATE_DECIMALS))
        for iata, airport in airportsdata.load("IATA").items()
        # Skips codes outside ISO 3166-1 such as XK (Kosovo), which no country row matches.
        if iata and airport["country"] in countries
    ]
    frame = pd.DataFrame(rows, columns=list(PortColumns.ALL))
    return frame.sort_values(PortColumns.CODE, ignore_index=True)


def load_locations() -> pd.DataFrame:
    """Ports and airports in one frame sorted by code; codes are unique across both."""
    # A 5-character UN/LOCODE and a 3-letter IATA code can never be equal, so a clash
    # would mean a broken data file: fail loudly rather than keep either row.
    frame = pd.concat([load_ports(), load_airports()], ignore_index=True)
    duplicated = frame.loc[frame[PortColumns.CODE].duplicated(), PortColumns.CODE]
    if not duplicated.empty:
        raise ValueError(f"location codes used twice: {sorted(set(duplicated))}")
    return frame.sort_values(PortColumns.CODE, ignore_index=True)
