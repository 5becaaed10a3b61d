"""Callbacks of the species page: each asks one query and hands the frame to one builder."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.callbacks.live import register_heartbeat, run_query
from dashboard.figures import species as figures
from dashboard.figures.style import empty_figure
from dashboard.server.cache import cached_output
from dashboard.ui import components
from data_access.queries import species as queries

LIVE = ids.SPECIES_LIVE


species_heartbeat = register_heartbeat(LIVE)


@callback(Output(ids.SPECIES_SUNBURST, "figure"), Input(LIVE.version, "data"))
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("species.show_taxonomy")
def show_taxonomy(key: dict[str, Any] | None):
    """Seizure items by group, class, order, family and species."""
    frame, message = run_query(key, queries.taxonomy_breakdown)
    if frame is None:
        return empty_figure(message)
    return figures.taxonomy_sunburst(frame, empty_message=message)


@callback(Output(ids.SPECIES_APPENDICES, "figure"), Input(LIVE.version, "data"))
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("species.show_appendices")
def show_appendices(key: dict[str, Any] | None):
    """Seizures per CITES appendix."""
    frame, message = run_query(key, queries.appendix_split)
    if frame is None:
        return empty_figure(message)
    return figures.appendix_bars(frame, empty_message=message)


@callback(Output(ids.SPECIES_COMMODITIES, "figure"), Input(LIVE.version, "data"))
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("species.show_commodities")
def show_commodities(key: dict[str, Any] | None):
    """Seizures per commodity (CITES term)."""
    frame, message = run_query(key, queries.commodity_breakdown)
    if frame is None:
        return empty_figure(message)
    return figures.commodity_bars(frame, empty_message=message)


@callback(Output(ids.SPECIES_TOTALS, "children"), Input(LIVE.version, "data"))
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("species.show_totals")
def show_totals(key: dict[str, Any] | None):
    """Harmonised totals: kilograms, cubic metres, specimens."""
    frame, message = run_query(key, queries.harmonised_totals)
    if frame is None:
        return components.empty_state(message)
    return figures.harmonised_cards(frame)


@callback(
    Output(ids.SPECIES_TABLE, "children"),
    Input(LIVE.version, "data"),
    Input(ids.SPECIES_SORT, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("species.show_species_table")
def show_species_table(key: dict[str, Any] | None, sort: str | None):
    """The top species, sorted in the database by the chosen column."""
    sort = sort if sort in queries.SortKeys.ALL else queries.SortKeys.SEIZURES
    table, message = run_query(key, queries.species_table, sort)
    if table is None:
        return components.empty_state(message)
    return figures.species_table(table, sort, empty_message=message)
