"""Reads for the focal points' reporting screens: "Our entries", the days of a country,
the lock state, and the species search of the form.

Every read takes the Principal: a focal point sees only their own country's seizures;
commanders and admins any country of the operations they may see; donors nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from data_access.authentication import Principal
from data_access.columns import CommonNames
from data_access.entry_rules import (
    FOCAL_POINT,
    EntryState,
    check_operation_access,
    entry_state,
    get_operation,
    participants,
)
from data_access.errors import ErrorCode, PermissionDenied, fail
from data_access.importer.aliases import key
from data_access.models import (
    DailyReport,
    Location,
    Seizure,
    SeizureItem,
    Taxon,
    User,
)

# The most rows list_entries returns in one call (the screen pages through them).
ENTRIES_LIMIT = 500


class EntryColumns:
    """Columns of list_entries()."""

    ID = "id"
    REFERENCE = "national_reference"
    DATE = "seizure_date"
    COUNTRY = "reporting_country"
    LOCATION_CODE = "location_code"
    LOCATION_NAME = "location_name"
    SEIZURE_POINT = "seizure_point"
    TRANSPORT_MODE = "transport_mode"
    DETECTION_METHOD = "detection_method"
    ITEMS = "items"  # number of commodity lines
    SPECIES = "species"  # scientific names of the items, "; "-separated, sorted
    STATUS = "status"
    VERSION = "version"
    DELETED = "deleted"
    DELETED_REASON = "deleted_reason"
    UPDATED_AT = "updated_at"
    UPDATED_BY = "updated_by"  # username
    ALL = (ID, REFERENCE, DATE, COUNTRY, LOCATION_CODE, LOCATION_NAME, SEIZURE_POINT,
           TRANSPORT_MODE, DETECTION_METHOD, ITEMS, SPECIES, STATUS, VERSION, DELETED,
           DELETED_REASON, UPDATED_AT, UPDATED_BY)


class DayColumns:
    """Columns of country_days()."""

    DATE = "date"
    KIND = "kind"  # "report", "nil" or "" (nothing recorded)
    SEIZURES = "seizures"  # live (not withdrawn) seizures that day
    ALL = (DATE, KIND, SEIZURES)


class TaxonSearchColumns(CommonNames):
    """Columns of search_taxa()."""

    ID = "id"
    SCIENTIFIC_NAME = "scientific_name"
    GROUP = "display_group"
    APPENDIX = "cites_appendix"
    MATCHED = "matched"  # the name that matched, as written in the reference list
    SCORE = "score"  # 0 exact, 1 prefix, 2 a word starts with it, 3 contains
    ALL = (ID, SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES, GROUP,
           APPENDIX, MATCHED, SCORE)


def _visible_country(principal: Principal, country: str | None) -> str | None:
    """The country a principal's listing is narrowed to (focal points: always theirs)."""
    if principal.role == FOCAL_POINT:
        if country and country.upper() != principal.country_iso3:
            raise fail(PermissionDenied, "country", ErrorCode.OTHER_COUNTRY,
                       country=country.upper())
        return principal.country_iso3
    return country.upper() if country else None


def list_entries(session: Session, principal: Principal, operation_id: int, *,
                 country: str | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, include_withdrawn: bool = True,
                 limit: int = ENTRIES_LIMIT, offset: int = 0) -> pd.DataFrame:
    """Seizures of an operation as "Our entries" lists them, the newest date first."""
    operation = get_operation(session, operation_id)
    check_operation_access(principal, operation, participants(session, operation.id))
    country = _visible_country(principal, country)
    updater = aliased(User)
    species = (
        select(SeizureItem.seizure_id.label("seizure_id"),
               func.count(SeizureItem.id).label("item_count"),
               func.aggregate_strings(Taxon.scientific_name, "; ").label("species"))
        .join(Taxon, Taxon.id == SeizureItem.taxon_id)
        .group_by(SeizureItem.seizure_id).subquery())
    query = (
        select(Seizure.id, Seizure.national_reference, Seizure.seizure_date,
               Seizure.reporting_country, Location.code, Location.name, Seizure.seizure_point,
               Seizure.transport_mode, Seizure.detection_method,
               func.coalesce(species.c.item_count, 0), species.c.species, Seizure.status,
               Seizure.version, Seizure.deleted, Seizure.deleted_reason, Seizure.updated_at,
               updater.username)
        .outerjoin(Location, Location.id == Seizure.location_id)
        .outerjoin(species, species.c.seizure_id == Seizure.id)
        .outerjoin(updater, updater.id == func.coalesce(Seizure.updated_by,
                                                        Seizure.created_by))
        .where(Seizure.operation_id == operation.id)
        .order_by(Seizure.seizure_date.desc(), Seizure.id.desc())
        .limit(max(1, min(limit, ENTRIES_LIMIT))).offset(max(0, offset)))
    if country:
        query = query.where(Seizure.reporting_country == country)
    if date_from:
        query = query.where(Seizure.seizure_date >= date_from)
    if date_to:
        query = query.where(Seizure.seizure_date <= date_to)
    if not include_withdrawn:
        query = query.where(Seizure.deleted.is_(False))
    frame = pd.DataFrame(session.execute(query).all(), columns=list(EntryColumns.ALL))
    if not frame.empty:
        # Items of one seizure in a stable order whatever the database's aggregation order.
        frame[EntryColumns.SPECIES] = frame[EntryColumns.SPECIES].map(
            lambda s: "; ".join(sorted(set(s.split("; ")))) if isinstance(s, str) else "")
    return frame


def country_days(session: Session, principal: Principal, operation_id: int,
                 country: str | None = None) -> pd.DataFrame:
    """Each operation day up to the end: what the country recorded and how many seizures."""
    operation = get_operation(session, operation_id)
    check_operation_access(principal, operation, participants(session, operation.id))
    country = _visible_country(principal, country)
    if not country:
        raise fail(PermissionDenied, "country", ErrorCode.REQUIRED)
    kinds = dict(session.execute(select(DailyReport.report_date, DailyReport.kind).where(
        DailyReport.operation_id == operation.id, DailyReport.country_iso3 == country)).all())
    counts = dict(session.execute(
        select(Seizure.seizure_date, func.count(Seizure.id))
        .where(Seizure.operation_id == operation.id, Seizure.reporting_country == country,
               Seizure.deleted.is_(False))
        .group_by(Seizure.seizure_date)).all())
    days = pd.date_range(operation.start_date, operation.end_date).date
    return pd.DataFrame({DayColumns.DATE: days,
                         DayColumns.KIND: [kinds.get(d, "") for d in days],
                         DayColumns.SEIZURES: [int(counts.get(d, 0)) for d in days]})


def country_entry_state(session: Session, principal: Principal, operation_id: int,
                        country: str | None = None, now: dt.datetime | None = None
                        ) -> EntryState:
    """Whether the country may enter and edit now (lock date, reopening), for the screen."""
    operation = get_operation(session, operation_id)
    check_operation_access(principal, operation, participants(session, operation.id))
    country = _visible_country(principal, country)
    if not country:
        raise fail(PermissionDenied, "country", ErrorCode.REQUIRED)
    return entry_state(session, operation, country, now)


def _names(row: Any) -> list[str]:
    """Every name a taxon is known by (a common name may list several, ";"-separated)."""
    names = [row.scientific_name]
    for common in (row.common_name_en, row.common_name_fr, row.common_name_pt):
        names.extend(n.strip() for n in (common or "").split(";") if n.strip())
    return names


def _score(query: str, name: str) -> int | None:
    """How well a normalised query matches a normalised name (lower is better)."""
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if any(word.startswith(query) for word in name.split()):
        return 2
    if query in name:
        return 3
    return None


def search_taxa(session: Session, text: str, limit: int = 10) -> pd.DataFrame:
    """Taxa whose scientific or common name (en/fr/pt) matches the text, best first.

    Case-, accent- and punctuation-insensitive; exact matches before prefixes, before word
    prefixes, before matches inside a name; then flagship species, then shorter names.
    The taxon list is small (hundreds of rows): it is read as plain rows on each call and
    names are normalised through a process-wide memo.
    """
    query = key(text or "")
    if not query:
        return pd.DataFrame(columns=list(TaxonSearchColumns.ALL))
    hits = []
    rows = session.execute(select(
        Taxon.id, Taxon.scientific_name, Taxon.common_name_en, Taxon.common_name_fr,
        Taxon.common_name_pt, Taxon.display_group, Taxon.cites_appendix, Taxon.flagship)).all()
    for row in rows:
        best: tuple[int, int, str] | None = None
        for name in _names(row):
            score = _score(query, key(name))
            if score is not None and (best is None or (score, len(name)) < best[:2]):
                best = (score, len(name), name)
        if best is not None:
            hits.append(((best[0], not row.flagship, best[1], row.scientific_name), row, best))
    hits.sort(key=lambda h: h[0])
    result = [(r.id, r.scientific_name, r.common_name_en, r.common_name_fr, r.common_name_pt,
               r.display_group, r.cites_appendix, best[2], best[0])
              for _key, r, best in hits[:max(1, limit)]]
    return pd.DataFrame(result, columns=list(TaxonSearchColumns.ALL))
