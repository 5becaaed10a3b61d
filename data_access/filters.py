"""Typed filters shared by every command-centre query, applied as SQL WHERE clauses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, select, true

from data_access.models import Country, Seizure, SeizureItem, Taxon


@dataclass(frozen=True)
class SeizureFilters:
    """What a commander has narrowed the view to; empty tuples mean "all"."""

    operation_id: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    taxon_groups: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    transport_modes: tuple[str, ...] = ()

    @property
    def filters_items(self) -> bool:
        """Whether the filter looks inside seizure items (taxon group or commodity)."""
        return bool(self.taxon_groups or self.terms)


def item_condition(filters: SeizureFilters) -> ColumnElement[bool]:
    """Condition on a SeizureItem row (joined to Taxon) for the item-level filters."""
    conditions: list[ColumnElement[bool]] = []
    if filters.taxon_groups:
        conditions.append(Taxon.display_group.in_(filters.taxon_groups))
    if filters.terms:
        conditions.append(SeizureItem.term_code.in_(filters.terms))
    return and_(true(), *conditions)


def seizure_condition(filters: SeizureFilters) -> ColumnElement[bool]:
    """Condition on a Seizure row: operation, live rows, dates, places, transport, items."""
    conditions: list[ColumnElement[bool]] = [
        Seizure.operation_id == filters.operation_id,
        Seizure.deleted.is_(False),
    ]
    if filters.date_from:
        conditions.append(Seizure.seizure_date >= filters.date_from)
    if filters.date_to:
        conditions.append(Seizure.seizure_date <= filters.date_to)
    if filters.countries:
        conditions.append(Seizure.reporting_country.in_(filters.countries))
    if filters.regions:
        conditions.append(Seizure.reporting_country.in_(
            select(Country.iso3).where(Country.region_code.in_(filters.regions))))
    if filters.transport_modes:
        conditions.append(Seizure.transport_mode.in_(filters.transport_modes))
    if filters.filters_items:
        # A seizure matches when at least one of its items does.
        conditions.append(exists(
            select(SeizureItem.id).join(Taxon, Taxon.id == SeizureItem.taxon_id).where(
                SeizureItem.seizure_id == Seizure.id, item_condition(filters))
        ))
    return and_(*conditions)
