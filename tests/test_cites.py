"""CITES term and unit codes: the shipped tables, unit aliases and unit rules."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from data_access import cites
from data_access.cites import (
    NUMBER_UNIT,
    UNIT_CLASSES,
    CitesColumns,
    is_unit_allowed,
    load_cites_codes,
    load_term_units,
    load_terms,
    load_unit_aliases,
    load_units,
    normalise_text,
    resolve_unit,
    to_base_quantity,
    unit_classes_for_term,
    units_for_term,
)

SOURCE_TSV = Path(__file__).resolve().parent.parent / "scripts" / "sources" / "cites_codes.tsv"


def _source_codes() -> set[tuple[str, str]]:
    """(field, code) pairs of the official list (a copy kept in scripts/sources)."""
    with SOURCE_TSV.open(encoding="utf-8", newline="") as handle:
        return {(row["field"], row["code"]) for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="module")
def codes() -> pd.DataFrame:
    """The shipped code table, read once for the module."""
    return load_cites_codes()


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    """The shipped unit rows, read once for the module."""
    return load_units()


def test_every_official_code_is_shipped_with_three_labels(codes: pd.DataFrame) -> None:
    shipped = set(zip(codes[CitesColumns.FIELD], codes[CitesColumns.CODE], strict=True))
    assert _source_codes() <= shipped
    assert shipped - _source_codes() == {("unit", NUMBER_UNIT)}
    for column in CitesColumns.LABELS:
        assert (codes[column].str.strip() != "").all(), column


def test_code_table_shape(codes: pd.DataFrame) -> None:
    assert list(codes.columns) == list(CitesColumns.ALL)
    assert set(codes[CitesColumns.FIELD]) == {"term", "unit"}
    assert not codes.duplicated([CitesColumns.FIELD, CitesColumns.CODE]).any()
    assert codes[CitesColumns.CODE].str.fullmatch(r"[A-Z]{3}").all()


def test_terms_and_units_split(codes: pd.DataFrame, units: pd.DataFrame) -> None:
    terms = load_terms()
    assert list(terms.columns) == list(CitesColumns.TERMS)
    assert list(units.columns) == list(CitesColumns.UNITS)
    assert len(terms) + len(units) == len(codes)
    assert terms[CitesColumns.CODE].is_unique and units[CitesColumns.CODE].is_unique
    assert {"IVC", "TUS", "SCA", "LIV", "TIM"} <= set(terms[CitesColumns.CODE])
    # Term rows carry no unit class or factor.
    term_rows = codes[codes[CitesColumns.FIELD] == "term"]
    assert (term_rows[CitesColumns.UNIT_CLASS] == "").all()
    assert term_rows[CitesColumns.CONVERSION_TO_BASE].isna().all()


def test_number_unit_row(units: pd.DataFrame) -> None:
    num = units.set_index(CitesColumns.CODE).loc[NUMBER_UNIT]
    assert num[CitesColumns.LABEL_EN] == "Number of specimens"
    assert num[CitesColumns.LABEL_FR] == "Nombre de spécimens"
    assert num[CitesColumns.LABEL_PT] == "Número de espécimes"
    assert num[CitesColumns.UNIT_CLASS] == "count"
    assert num[CitesColumns.CONVERSION_TO_BASE] == 1


def test_unit_classes_and_factors(units: pd.DataFrame) -> None:
    assert set(units[CitesColumns.UNIT_CLASS]) <= set(UNIT_CLASSES)
    by_code = units.set_index(CitesColumns.CODE)
    expected = {"KIL": ("mass", 1), "GRM": ("mass", 0.001), "MGM": ("mass", 1e-6),
                "TON": ("mass", 1000), "CUM": ("volume", 1), "LTR": ("volume", 0.001),
                "MLT": ("volume", 1e-6), "CCM": ("volume", 1e-6), "SQM": ("area", 1),
                "MTR": ("length", 1), "CTM": ("length", 0.01)}
    for code, (unit_class, factor) in expected.items():
        assert by_code.loc[code, CitesColumns.UNIT_CLASS] == unit_class, code
        assert by_code.loc[code, CitesColumns.CONVERSION_TO_BASE] == pytest.approx(factor)
    for code in ("BOX", "BOT", "FLA", "CRT", "PCS"):
        assert by_code.loc[code, CitesColumns.UNIT_CLASS] == "count", code
        assert math.isnan(by_code.loc[code, CitesColumns.CONVERSION_TO_BASE]), code
    # Every measured unit converts; every base unit has factor 1.
    measured = units[units[CitesColumns.UNIT_CLASS].isin(["mass", "volume", "area", "length"])]
    assert measured[CitesColumns.CONVERSION_TO_BASE].notna().all()
    for unit_class, base in cites.BASE_UNIT_BY_CLASS.items():
        assert by_code.loc[base, CitesColumns.UNIT_CLASS] == unit_class
        assert by_code.loc[base, CitesColumns.CONVERSION_TO_BASE] == 1


def test_every_alias_maps_to_a_unit(units: pd.DataFrame) -> None:
    aliases = load_unit_aliases()
    unit_codes = set(units[CitesColumns.CODE])
    assert set(aliases.values()) <= unit_codes
    for alias in aliases:
        assert alias == normalise_text(alias), alias
    for code in unit_codes:
        assert aliases[code.lower()] == code
    assert aliases[""] == NUMBER_UNIT


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kgs", "KIL"),
        ("kilogrammes", "KIL"),
        ("Quilos", "KIL"),
        ("pièces", "PCS"),
        ("peças", "PCS"),
        ("m³", "CUM"),
        ("m3", "CUM"),
        ("", NUMBER_UNIT),
        ("   ", NUMBER_UNIT),
        (None, NUMBER_UNIT),
        ("LTR", "LTR"),
        ("ltr", "LTR"),
        ("Litres", "LTR"),
        ("No.", NUMBER_UNIT),
        ("Nº", NUMBER_UNIT),
        ("têtes", NUMBER_UNIT),
        ("cu. m", "CUM"),
        ("Mètres  Cubes", "CUM"),
        ("µg", "MYG"),
        ("grammes", "GRM"),
        ("nonsense", None),
        ("mt", None),
    ],
)
def test_resolve_unit(text: str | None, code: str | None) -> None:
    assert resolve_unit(text) == code


def test_resolve_unit_treats_nan_as_blank() -> None:
    assert resolve_unit(float("nan")) == NUMBER_UNIT  # type: ignore[arg-type]


def test_normalise_text() -> None:
    assert normalise_text("  Pièces   Détachées ") == "pieces detachees"
    assert normalise_text("PEÇAS") == "pecas"
    assert normalise_text("m²") == "m2"


def test_term_units_cover_every_term_with_valid_classes() -> None:
    term_units = load_term_units()
    assert set(term_units) == set(load_terms()[CitesColumns.CODE])
    for term, classes in term_units.items():
        assert classes, term
        assert classes <= set(UNIT_CLASSES), term


@pytest.mark.parametrize(
    ("term", "classes"),
    [
        ("LIV", {"count", "mass"}),
        ("TUS", {"count", "mass"}),
        ("IVC", {"count", "mass"}),
        ("SCA", {"mass"}),
        ("TIM", {"volume", "mass"}),
        ("SAW", {"volume", "mass"}),
        ("LOG", {"volume", "mass", "count"}),
        ("CAV", {"mass"}),
        ("MEA", {"mass"}),
        ("EXT", {"mass", "volume"}),
        ("DER", {"mass", "volume", "count"}),
    ],
)
def test_unit_classes_for_term(term: str, classes: set[str]) -> None:
    assert unit_classes_for_term(term) == frozenset(classes)


def test_bulk_terms_are_not_counted() -> None:
    for term in ("SCA", "POW", "MEA", "CAV", "CHP", "IVS", "SCR", "HAI", "WAX"):
        assert "count" not in unit_classes_for_term(term), term


def test_is_unit_allowed() -> None:
    assert not is_unit_allowed("SCA", "NUM")
    assert is_unit_allowed("SCA", "KIL")
    assert is_unit_allowed("TUS", "KIL")
    assert is_unit_allowed("TUS", "NUM")
    assert is_unit_allowed("TIM", "CUM")
    assert not is_unit_allowed("TUS", "LTR")
    assert not is_unit_allowed("TUS", "BSK")
    assert is_unit_allowed("SKI", "BSK")
    assert not is_unit_allowed("XXX", "KIL")
    assert not is_unit_allowed("TUS", "XXX")


def test_units_for_term_order() -> None:
    tusks = units_for_term("TUS")
    assert tusks[:2] == [NUMBER_UNIT, "KIL"]
    assert "GRM" in tusks and "CUM" not in tusks
    scales = units_for_term("SCA")
    assert scales[0] == "KIL" and NUMBER_UNIT not in scales
    timber = units_for_term("TIM")
    assert timber[0] == "KIL" and "CUM" in timber and NUMBER_UNIT not in timber
    assert units_for_term("XXX") == []


def test_to_base_quantity() -> None:
    assert to_base_quantity(2500, "GRM") == (2.5, "mass")
    assert to_base_quantity(3, "TON") == (3000.0, "mass")
    assert to_base_quantity(250, "LTR") == (0.25, "volume")
    assert to_base_quantity(12, NUMBER_UNIT) == (12.0, "count")
    assert to_base_quantity(10, "BOX") is None
    assert to_base_quantity(10, "XXX") is None
    assert to_base_quantity(float("nan"), "KIL") is None
