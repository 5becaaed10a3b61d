"""CITES trade-reporting codes: terms (description of specimens) and units, in three languages.

The tables are shipped in ``data_access/reference`` (see ``CITES_SOURCES.md`` there) and
built by ``scripts/build_cites_codes.py``. The ``load_*`` functions read them afresh on every
call; the lookup helpers (resolve_unit, unit_classes_for_term, to_base_quantity...) keep a
read-only index of them, because an import calls them once per spreadsheet row and the files
never change while the process runs.

A term code and a unit code can be equal (SID sides, SKI skins): codes are unique only
within their field.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from data_access.columns import Labels

REFERENCE_DIR: Path = Path(__file__).parent / "reference"
CODES_CSV: Path = REFERENCE_DIR / "cites_codes.csv"
UNIT_ALIASES_CSV: Path = REFERENCE_DIR / "unit_aliases.csv"
TERM_UNITS_CSV: Path = REFERENCE_DIR / "term_units.csv"

# CITES reports a number of specimens with a blank unit; we store it explicitly as NUM.
NUMBER_UNIT = "NUM"
FIELD_TERM = "term"
FIELD_UNIT = "unit"
UNIT_CLASSES = ("count", "mass", "volume", "area", "length", "other")
# Unit that conversion_to_base converts to, per class ("other" has none).
BASE_UNIT_BY_CLASS: Mapping[str, str] = MappingProxyType(
    {"count": NUMBER_UNIT, "mass": "KIL", "volume": "CUM", "area": "SQM", "length": "MTR"}
)
# Order of units_for_term: NUM, then weights (what most seizures are reported in), then the
# measures, then containers and other counted units, which say least about the quantity.
_CLASS_ORDER = ("mass", "volume", "area", "length", "count", "other")


class CitesColumns(Labels):
    """Column names of the CITES reference frames and files."""

    FIELD = "field"
    CODE = "code"
    UNIT_CLASS = "unit_class"
    CONVERSION_TO_BASE = "conversion_to_base"
    ALIAS = "alias"
    UNIT_CODE = "unit_code"
    TERM = "term"
    UNIT_CLASSES = "unit_classes"
    LABELS = Labels.LABELS
    # load_cites_codes(), load_terms(), load_units(), unit_aliases.csv, term_units.csv.
    ALL = (FIELD, CODE, *LABELS, UNIT_CLASS, CONVERSION_TO_BASE)
    TERMS = (CODE, *LABELS)
    UNITS = (CODE, *LABELS, UNIT_CLASS, CONVERSION_TO_BASE)
    ALIASES = (ALIAS, UNIT_CODE)
    TERM_UNITS = (TERM, UNIT_CLASSES)


class _Unit(NamedTuple):
    """A unit's class and its factor to the class's base unit, kept as written."""

    unit_class: str
    factor: Decimal | None


def _read_text_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A shipped CSV's columns as verbatim text; empty cells stay empty strings."""
    # keep_default_na=False: the empty alias (blank unit) and empty unit_class of terms are
    # values, not missing data, and no code should ever be read as NaN.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[],
                        encoding="utf-8")
    return frame[list(columns)]


def load_cites_codes() -> pd.DataFrame:
    """Every term and unit row; conversion_to_base is a float, NaN when not convertible."""
    frame = _read_text_csv(CODES_CSV, CitesColumns.ALL)
    factor = frame[CitesColumns.CONVERSION_TO_BASE].replace("", None)
    frame[CitesColumns.CONVERSION_TO_BASE] = pd.to_numeric(factor).astype(float)
    return frame


def load_terms() -> pd.DataFrame:
    """Term codes with their English, French and Portuguese labels, sorted by code."""
    frame = load_cites_codes()
    terms = frame.loc[frame[CitesColumns.FIELD] == FIELD_TERM, list(CitesColumns.TERMS)]
    return terms.sort_values(CitesColumns.CODE, ignore_index=True)


def load_units() -> pd.DataFrame:
    """Unit codes (NUM included) with labels, unit class and factor to the base unit."""
    frame = load_cites_codes()
    units = frame.loc[frame[CitesColumns.FIELD] == FIELD_UNIT, list(CitesColumns.UNITS)]
    return units.sort_values(CitesColumns.CODE, ignore_index=True)


def load_unit_aliases() -> dict[str, str]:
    """Normalised alias -> unit code, including each code's own lowercase form and "" -> NUM."""
    frame = _read_text_csv(UNIT_ALIASES_CSV, CitesColumns.ALIASES)
    return dict(zip(frame[CitesColumns.ALIAS], frame[CitesColumns.UNIT_CODE], strict=True))


def load_term_units() -> dict[str, frozenset[str]]:
    """Term code -> the unit classes that make sense for it."""
    frame = _read_text_csv(TERM_UNITS_CSV, CitesColumns.TERM_UNITS)
    return {
        term: frozenset(name for name in classes.split(";") if name)
        for term, classes in zip(frame[CitesColumns.TERM], frame[CitesColumns.UNIT_CLASSES],
                                 strict=True)
    }


def normalise_text(text: str) -> str:
    """Lowercase, trimmed, accent-free text with runs of whitespace collapsed to one space."""
    # NFKD also folds compatibility forms: "m³" becomes "m3", "nº" becomes "no".
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


@lru_cache(maxsize=1)
def _alias_index() -> Mapping[str, str]:
    """Read-only alias index for resolve_unit."""
    return MappingProxyType(load_unit_aliases())


@lru_cache(maxsize=1)
def _unit_index() -> Mapping[str, _Unit]:
    """Read-only unit code -> class and exact factor, for the lookup helpers."""
    frame = _read_text_csv(CODES_CSV, CitesColumns.ALL)
    units = frame[frame[CitesColumns.FIELD] == FIELD_UNIT]
    # Factors stay decimal strings until use so that 2500 GRM is exactly 2.5 kg.
    return MappingProxyType({
        code: _Unit(unit_class, Decimal(factor) if factor else None)
        for code, unit_class, factor in zip(
            units[CitesColumns.CODE], units[CitesColumns.UNIT_CLASS],
            units[CitesColumns.CONVERSION_TO_BASE], strict=True)
    })


@lru_cache(maxsize=1)
def _term_index() -> Mapping[str, frozenset[str]]:
    """Read-only term -> unit classes index."""
    return MappingProxyType(load_term_units())


def resolve_unit(text: str | None) -> str | None:
    """The unit code written as `text` (code or alias, any case or accents); None if unknown."""
    # Blank spreadsheet cells arrive as None or NaN; a blank unit is CITES's "number of
    # specimens".
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return NUMBER_UNIT
    aliases = _alias_index()
    key = normalise_text(text)
    if key in aliases:
        return aliases[key]
    # Abbreviations often carry dots ("Kgs.", "n.", "cu. m"); try again without them.
    return aliases.get(" ".join(key.replace(".", " ").split()))


def unit_classes_for_term(term: str) -> frozenset[str]:
    """Unit classes allowed for a term code; empty for an unknown term."""
    return _term_index().get(term.strip().upper(), frozenset())


def units_for_term(term: str) -> list[str]:
    """Unit codes allowed for a term: NUM first, then mass units, then the others."""
    classes = unit_classes_for_term(term)
    allowed = [(code, unit) for code, unit in _unit_index().items() if unit.unit_class in classes]

    def order(item: tuple[str, _Unit]) -> tuple[bool, int, bool, str]:
        """NUM, then by class, the base unit first within its class, then by code."""
        code, unit = item
        return (code != NUMBER_UNIT, _CLASS_ORDER.index(unit.unit_class),
                code != BASE_UNIT_BY_CLASS.get(unit.unit_class), code)

    return [code for code, _unit in sorted(allowed, key=order)]


def is_unit_allowed(term: str, unit: str) -> bool:
    """Whether the unit code's class is one the term code allows."""
    found = _unit_index().get(unit.strip().upper())
    return found is not None and found.unit_class in unit_classes_for_term(term)


def to_base_quantity(quantity: float, unit: str) -> tuple[float, str] | None:
    """(quantity in the class's base unit, class), e.g. 2500 GRM -> (2.5, "mass"); else None."""
    found = _unit_index().get(unit.strip().upper())
    if found is None or found.factor is None or not math.isfinite(quantity):
        return None
    # str() gives the shortest decimal that round-trips, so the product is rounded only once.
    return float(Decimal(str(float(quantity))) * found.factor), found.unit_class
