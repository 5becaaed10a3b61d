"""Typed filters shared by every command-centre query, applied as SQL WHERE clauses.

Each filter field is mapped to SQL once, here: `key_conditions` for the fields every
seizure and every summary row carries (`place_condition` for countries and regions, on any
country column), `group_condition` and `term_condition` for the item-level ones.
`seizure_condition` applies them to the raw seizures, data_access.summaries'
`summary_condition` to the summary tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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


def key_conditions(filters: SeizureFilters, rows: Any) -> list[ColumnElement[bool]]:
    """Conditions for the seizure-level filters (operation, dates, countries, regions,
    transport modes) on any rows keyed like a seizure: `rows` is Seizure or a summary model
    (models.SummaryKey), which name these columns alike."""
    conditions: list[ColumnElement[bool]] = [rows.operation_id == filters.operation_id]
    if filters.date_from:
        conditions.append(rows.seizure_date >= filters.date_from)
    if filters.date_to:
        conditions.append(rows.seizure_date <= filters.date_to)
    conditions.append(place_condition(filters, rows.reporting_country))
    if filters.transport_modes:
        conditions.append(rows.transport_mode.in_(filters.transport_modes))
    return conditions


def place_condition(filters: SeizureFilters, iso3: ColumnElement[str]) -> ColumnElement[bool]:
    """Condition on a country column (a reporting country, a place's country, Country.iso3)
    for the country and region filters (true when neither is set)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.countries:
        conditions.append(iso3.in_(filters.countries))
    if filters.regions:
        conditions.append(iso3.in_(
            select(Country.iso3).where(Country.region_code.in_(filters.regions))))
    return and_(true(), *conditions)


def group_condition(filters: SeizureFilters) -> ColumnElement[bool]:
    """Condition on Taxon for the taxon group filter."""
    if filters.taxon_groups:
        return Taxon.display_group.in_(filters.taxon_groups)
    return true()


def term_condition(filters: SeizureFilters, term_code: ColumnElement[str]
                   ) -> ColumnElement[bool]:
    """Condition on a CITES term column (of SeizureItem or of a summary) for the commodity
    filter."""
    if filters.terms:
        return term_code.in_(filters.terms)
    return true()


def item_condition(filters: SeizureFilters, items: Any = SeizureItem) -> ColumnElement[bool]:
    """Condition on item rows joined to Taxon for the item-level filters: `items` is
    SeizureItem or SummaryItem. Without a group filter it does not name Taxon."""
    return and_(group_condition(filters), term_condition(filters, items.term_code))


def seizure_condition(filters: SeizureFilters) -> ColumnElement[bool]:
    """Condition on a Seizure row: live rows matching every filter."""
    conditions = [*key_conditions(filters, Seizure), Seizure.deleted.is_(False)]
    if filters.filters_items:
        # A seizure matches when at least one of its items does.
        conditions.append(exists(
            select(SeizureItem.id).join(Taxon, Taxon.id == SeizureItem.taxon_id).where(
                SeizureItem.seizure_id == Seizure.id, item_condition(filters))
        ))
    return and_(*conditions)
