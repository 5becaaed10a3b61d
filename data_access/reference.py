"""Loads the shipped reference data (regions, countries, places, taxa, CITES codes) into
the database, idempotently: new rows are inserted, changed rows updated, nothing deleted
(seizures may point at any of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from data_access import cites, taxa_reference
from data_access.models import (
    Base,
    CitesTerm,
    CitesUnit,
    Country,
    Location,
    Region,
    Taxon,
)
from geo import reference as geo_reference


@dataclass(frozen=True)
class SyncCounts:
    """How many rows of one table a sync inserted and updated."""

    table: str
    inserted: int
    updated: int


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Frame rows as plain Python dicts (no numpy scalars, NaN as None)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _upsert(
    session: Session, model: type[Base], rows: list[dict[str, Any]], key: str, pk: str | None = None
) -> SyncCounts:
    """Insert rows whose key is new, update those that differ; return the counts."""
    pk = pk or key
    columns = [getattr(model, name) for name in rows[0]] if rows else []
    pk_col = getattr(model, pk)
    existing = {
        getattr(row, key): row
        for row in session.execute(select(pk_col.label("_pk"), *columns)).all()
    } if rows else {}
    to_insert, to_update = [], []
    for row in rows:
        current = existing.get(row[key])
        if current is None:
            to_insert.append(row)
        elif any(getattr(current, name) != value for name, value in row.items()):
            to_update.append({**row, pk: current._pk} if pk != key else row)
    if to_insert:
        session.execute(insert(model), to_insert)
    if to_update:
        session.execute(update(model), to_update)
    return SyncCounts(model.__tablename__, len(to_insert), len(to_update))


def _regions() -> list[dict[str, Any]]:
    """Region rows from geo's reference file."""
    frame = geo_reference.load_regions()
    return _records(frame[["code", "name_en", "name_fr", "name_pt"]])


def _countries() -> list[dict[str, Any]]:
    """Country rows from geo's reference file."""
    frame = geo_reference.load_countries().rename(
        columns={"region": "region_code", "lat": "latitude", "lon": "longitude"}
    )
    columns = ["iso3", "iso2", "name_en", "name_fr", "name_pt", "region_code", "timezone",
               "latitude", "longitude"]
    return _records(frame[columns])


def _locations(iso2_to_iso3: dict[str, str]) -> list[dict[str, Any]]:
    """Ports, posts and airports whose country is known."""
    frame = geo_reference.load_locations()
    frame = frame[frame["iso2"].isin(iso2_to_iso3)].copy()
    frame["country_iso3"] = frame["iso2"].map(iso2_to_iso3)
    frame = frame.rename(columns={"lat": "latitude", "lon": "longitude"})
    columns = ["code", "name", "kind", "country_iso3", "latitude", "longitude"]
    return _records(frame[columns].sort_values("code"))


def _taxa() -> list[dict[str, Any]]:
    """Taxon rows from the curated list."""
    frame = taxa_reference.load_taxa()
    columns = ["scientific_name", "rank", "common_name_en", "common_name_fr", "common_name_pt",
               "taxon_class", "taxon_order", "family", "cites_appendix", "display_group",
               "flagship"]
    return _records(frame[columns])


def _terms() -> list[dict[str, Any]]:
    """CITES term rows with the unit classes each allows."""
    frame = cites.load_terms()
    rows = _records(frame[["code", "label_en", "label_fr", "label_pt"]])
    for row in rows:
        row["unit_classes"] = ";".join(sorted(cites.unit_classes_for_term(row["code"])))
    return rows


def _units() -> list[dict[str, Any]]:
    """CITES unit rows with their class and conversion to the base unit."""
    frame = cites.load_units().rename(columns={"conversion_to_base": "to_base"})
    frame["to_base"] = pd.to_numeric(frame["to_base"], errors="coerce")
    return _records(frame[["code", "label_en", "label_fr", "label_pt", "unit_class", "to_base"]])


def sync_reference_data(
    session: Session, progress: Callable[[str], None] | None = None
) -> list[SyncCounts]:
    """Bring the reference tables in line with the shipped files; caller commits."""
    say = progress or (lambda _message: None)
    results = []
    results.append(_upsert(session, Region, _regions(), "code"))
    countries = _countries()
    results.append(_upsert(session, Country, countries, "iso3"))
    iso2_to_iso3 = {row["iso2"]: row["iso3"] for row in countries}
    say("countries and regions")
    results.append(_upsert(session, CitesTerm, _terms(), "code"))
    results.append(_upsert(session, CitesUnit, _units(), "code"))
    say("CITES terms and units")
    results.append(_upsert(session, Taxon, _taxa(), "scientific_name", pk="id"))
    say("taxa")
    results.append(_upsert(session, Location, _locations(iso2_to_iso3), "code", pk="id"))
    say("ports, border posts and airports")
    session.flush()
    return results
