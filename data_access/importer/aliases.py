"""Turning what people type in a spreadsheet into codes: countries, species, CITES terms
and units, and the coded columns (seizure_point, transport_mode, detection_method, live).

Everything is matched case-, accent- and punctuation-insensitively. The words accepted for
coded columns are in reference/code_aliases.csv (built by scripts/build_code_aliases.py
from the app's labels in the three languages plus everyday aliases); data_access does not
import the dashboard.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import cites
from data_access.cites import normalise_text
from data_access.errors import ErrorCode
from data_access.models import CitesTerm, Country, Location, Taxon

CODE_ALIASES_CSV = Path(__file__).resolve().parent.parent / "reference" / "code_aliases.csv"
_PUNCTUATION = re.compile(r"[\s_\-'’`.,()/]+")
_LIST_SEPARATORS = re.compile(r"[;|]")


def key(text: Any) -> str:
    """Matching key: lowercase, no accents, punctuation and underscores as single spaces."""
    return _key(str(text))


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """key() of a string, memoised: a file repeats the same species and codes many times."""
    return _PUNCTUATION.sub(" ", normalise_text(text)).strip()


@lru_cache(maxsize=1)
def code_aliases() -> Mapping[str, Mapping[str, str]]:
    """field -> {matching key -> code}, from code_aliases.csv (read once per process)."""
    table: dict[str, dict[str, str]] = {}
    with CODE_ALIASES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["field"], {})[key(row["alias"])] = row["code"]
    return MappingProxyType({f: MappingProxyType(a) for f, a in table.items()})


class Unresolved(ValueError):
    """A value that matches nothing (or several things); carries code and params."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def split_list(text: Any) -> list[str]:
    """Items of a ";"- or "|"-separated cell."""
    if text is None:
        return []
    return [part.strip() for part in _LIST_SEPARATORS.split(str(text)) if part.strip()]


@dataclass(frozen=True)
class Resolver:
    """Lookup tables built once per import from the database and the alias files."""

    countries: Mapping[str, str]  # key -> iso3
    taxa: Mapping[str, tuple[int, ...]]  # key -> taxon ids (several: ambiguous)
    taxon_names: Mapping[int, str]  # id -> scientific name
    terms: Mapping[str, str]  # key -> term code
    locations: Mapping[str, int]  # key of code -> location id
    codes: Mapping[str, Mapping[str, str]]

    @classmethod
    def load(cls, session: Session) -> Resolver:
        """Build every lookup table from the reference tables."""
        countries: dict[str, str] = {}
        rows = session.execute(select(Country.iso3, Country.iso2, Country.name_en,
                                      Country.name_fr, Country.name_pt)).all()
        # Names first, codes last: a code always wins over a name that spells the same.
        for iso3, _iso2, *names in rows:
            for name in names:
                if name:
                    countries.setdefault(key(name), iso3)
        for iso3, iso2, *_names in rows:
            countries[key(iso2)] = iso3
            countries[key(iso3)] = iso3
        scientific: dict[str, int] = {}
        common: dict[str, set[int]] = {}
        names: dict[int, str] = {}
        for taxon in session.execute(select(Taxon.id, Taxon.scientific_name,
                                            Taxon.common_name_en, Taxon.common_name_fr,
                                            Taxon.common_name_pt)).all():
            names[taxon.id] = taxon.scientific_name
            scientific[key(taxon.scientific_name)] = taxon.id
            for text in (taxon.common_name_en, taxon.common_name_fr, taxon.common_name_pt):
                for name in split_list(text or ""):
                    common.setdefault(key(name), set()).add(taxon.id)
        taxa: dict[str, tuple[int, ...]] = {k: tuple(sorted(v)) for k, v in common.items()}
        taxa.update({k: (v,) for k, v in scientific.items()})
        terms: dict[str, str] = {}
        term_rows = session.execute(select(CitesTerm.code, CitesTerm.label_en,
                                           CitesTerm.label_fr, CitesTerm.label_pt)).all()
        for code, *labels in term_rows:
            for label in labels:
                if label:
                    terms.setdefault(key(label), code)
        for code, *_labels in term_rows:
            terms[key(code)] = code
        locations = {key(code): i for i, code in session.execute(
            select(Location.id, Location.code)).all()}
        return cls(countries, taxa, names, terms, locations, code_aliases())

    def country(self, text: Any) -> str:
        """ISO-3 of a country given as ISO-2, ISO-3 or a name in en/fr/pt."""
        found = self.countries.get(key(text))
        if found is None:
            raise Unresolved(ErrorCode.UNKNOWN_COUNTRY, value=str(text))
        return found

    def taxon(self, text: Any) -> int:
        """Taxon id of a scientific or common name; unknown or ambiguous -> Unresolved."""
        found = self.taxa.get(key(text))
        if not found:
            raise Unresolved(ErrorCode.UNKNOWN_SPECIES, value=str(text))
        if len(found) > 1:
            raise Unresolved(ErrorCode.AMBIGUOUS_SPECIES, value=str(text),
                             candidates=[self.taxon_names[i] for i in found])
        return found[0]

    def term(self, text: Any) -> str:
        """CITES term code from a code or a label in en/fr/pt."""
        found = self.terms.get(key(text))
        if found is None:
            raise Unresolved(ErrorCode.UNKNOWN_TERM, value=str(text))
        return found

    def unit(self, text: Any) -> str:
        """CITES unit code from a code or an alias (blank: number of specimens)."""
        if text is None or (isinstance(text, str) and not text.strip()):
            return cites.NUMBER_UNIT
        found = cites.resolve_unit(str(text))
        if found is None:
            raise Unresolved(ErrorCode.UNKNOWN_UNIT, value=str(text))
        return found

    def location(self, text: Any) -> int:
        """Location id of a location code."""
        found = self.locations.get(key(text))
        if found is None:
            raise Unresolved(ErrorCode.UNKNOWN_LOCATION, value=str(text))
        return found

    def coded(self, field: str, text: Any) -> str:
        """Code of a coded column from its code or any of its labels and aliases."""
        found = self.codes.get(field, {}).get(key(text))
        if found is None:
            allowed = sorted(set(self.codes.get(field, {}).values()))
            raise Unresolved(ErrorCode.UNKNOWN_CODE, value=str(text), allowed=allowed)
        return found

    def boolean(self, text: Any) -> bool:
        """True/False from yes/no in the three languages, true/false, 1/0 (blank: False)."""
        if text is None or (isinstance(text, str) and not text.strip()):
            return False
        if isinstance(text, bool):
            return text
        found = self.codes.get("live", {}).get(key(text))
        if found is None:
            raise Unresolved(ErrorCode.INVALID_BOOLEAN, value=str(text))
        return found == "yes"
