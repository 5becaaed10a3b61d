"""Choices for the filter bar of one operation, and the operation's data version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import summaries
from data_access.models import (
    CitesTerm,
    Country,
    Operation,
    OperationCountry,
    Region,
    Seizure,
    SummaryGroup,
    SummaryTerm,
)
from data_access.scope import OperationScope
from data_access.summaries import grain


@dataclass(frozen=True)
class OperationRef:
    """The identity and window of an operation."""

    id: int
    code: str
    name: str
    start_date: dt.date
    end_date: dt.date
    timezone: str
    status: str


@dataclass(frozen=True)
class FilterOptions:
    """What the filter bar can offer for an operation (labels in three languages)."""

    regions: pd.DataFrame  # code, name_en, name_fr, name_pt
    countries: pd.DataFrame  # iso3, region_code, name_en, name_fr, name_pt
    groups: tuple[str, ...]
    terms: pd.DataFrame  # code, label_en, label_fr, label_pt


def resolve_operation(session: Session, code: str | None,
                      scope: OperationScope) -> OperationRef | None:
    """The operation with that code if the scope allows it, else None (the same answer as
    for a code that does not exist, so that a user cannot learn what lies outside it)."""
    if not code:
        return None
    row = session.execute(
        select(Operation.id, Operation.code, Operation.name, Operation.start_date,
               Operation.end_date, Operation.timezone, Operation.status)
        .where(Operation.code == code, scope.condition())
    ).first()
    return OperationRef(*row) if row else None


def filter_options(session: Session, operation_id: int) -> FilterOptions:
    """Regions and countries taking part, taxon groups and commodities seized so far."""
    countries = pd.DataFrame(session.execute(
        select(Country.iso3, Country.region_code, Country.name_en, Country.name_fr,
               Country.name_pt)
        .join(OperationCountry, OperationCountry.country_iso3 == Country.iso3)
        .where(OperationCountry.operation_id == operation_id).order_by(Country.name_en)
    ).all(), columns=["iso3", "region_code", "name_en", "name_fr", "name_pt"])
    regions = pd.DataFrame(session.execute(
        select(Region.code, Region.name_en, Region.name_fr, Region.name_pt)
        .where(Region.code.in_(set(countries["region_code"]))).order_by(Region.code)
    ).all(), columns=["code", "name_en", "name_fr", "name_pt"])
    # Groups and commodities seized so far: read from the summaries' roll-up rows (a few
    # per day, whatever the number of seizures).
    groups = tuple(session.execute(
        select(SummaryGroup.display_group).distinct()
        .where(SummaryGroup.operation_id == operation_id,
               grain(SummaryGroup, rollup=True))
        .order_by(SummaryGroup.display_group)
    ).scalars())
    terms = pd.DataFrame(session.execute(
        select(CitesTerm.code, CitesTerm.label_en, CitesTerm.label_fr, CitesTerm.label_pt)
        .where(CitesTerm.code.in_(
            select(SummaryTerm.term_code).where(SummaryTerm.operation_id == operation_id,
                                                grain(SummaryTerm, rollup=True))
            .distinct()))
        .order_by(CitesTerm.label_en)
    ).all(), columns=["code", "label_en", "label_fr", "label_pt"])
    return FilterOptions(regions, countries, groups, terms)


def data_version(session: Session, operation_id: int) -> str:
    """A fingerprint that changes whenever the operation's seizures or reports change: the
    operation's version counter (raised by every write, see data_access.summaries) and
    the latest update of its seizures, both read by index."""
    counter = summaries.version_of(session, operation_id)
    latest = session.execute(select(func.max(Seizure.updated_at)).where(
        Seizure.operation_id == operation_id)).scalar_one_or_none()
    return f"{counter}|{latest.isoformat() if latest else ''}"
