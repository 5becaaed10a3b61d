"""Callbacks of the overview page."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.callbacks.live import register_heartbeat
from dashboard.database import read_session
from dashboard.figures import overview as figures
from dashboard.figures.style import empty_figure
from dashboard.i18n import _
from dashboard.server.cache import cached_output
from dashboard.ui import components
from dashboard.ui.live import key_operation, not_found_message, view_of
from dashboard.views import overview as overview_components
from data_access.queries import operations
from data_access.queries import overview as queries

LIVE = ids.OVERVIEW_LIVE


overview_heartbeat = register_heartbeat(LIVE)


@callback(
    Output(LIVE.interval, "n_intervals"),
    Input(ids.OVERVIEW_REFRESH_NOW, "n_clicks"),
    State(LIVE.interval, "n_intervals"),
    prevent_initial_call=True,
)
@allow(*COMMAND_CENTRE_ROLES)
def refresh_now(_clicks: int | None, ticks: int | None) -> int:
    """Run the heartbeat now, as if the timer had ticked."""
    return (ticks or 0) + 1


@callback(
    Output(ids.OVERVIEW_HEADLINE, "children"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("overview.show_headline")
def show_headline(key: dict[str, Any] | None):
    """The chosen operation's header and headline figures under the filters."""
    with read_session() as session:
        view = view_of(key)
        if view is None:
            return components.empty_state(
                not_found_message() if key_operation(key) else
                _("No operation yet. Create one in the admin screens, or run `jointops demo`."))
        headline = operations.operation_headline(session, view.filters)
    return components.operation_summary(headline)


@callback(
    Output(ids.OVERVIEW_COMMODITIES, "children"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("overview.show_commodities")
def show_commodities(key: dict[str, Any] | None):
    """Headline commodities (ivory, pangolin scales, live animals, timber) in harmonised units."""
    with read_session() as session:
        view = view_of(key)
        if view is None:
            return None
        totals = queries.headline_commodities(session, view.filters)
    return overview_components.commodity_cards(totals)


@callback(
    Output(ids.OVERVIEW_DAILY, "figure"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("overview.show_daily")
def show_daily(key: dict[str, Any] | None):
    """Seizures per day of the operation, today marked."""
    with read_session() as session:
        view = view_of(key)
        if view is None:
            return empty_figure(_("No operation chosen."), figures.DAILY_HEIGHT)
        daily = queries.daily_seizures(session, view.filters)
    return figures.daily_seizures_figure(
        daily, operations.operation_today(view.operation.timezone))


@callback(
    Output(ids.OVERVIEW_HOTSPOTS, "figure"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("overview.show_hotspots")
def show_hotspots(key: dict[str, Any] | None):
    """Seizures per region-sized hexagonal cell on a compact world map."""
    with read_session() as session:
        view = view_of(key)
        if view is None:
            return empty_figure(_("No operation chosen."), figures.MAP_HEIGHT)
        cells = queries.hotspot_cells(session, view.filters)
    return figures.hotspot_map(cells)


@callback(
    Output(ids.OVERVIEW_LATEST, "children"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("overview.show_latest")
def show_latest(key: dict[str, Any] | None):
    """The ten most recently entered seizures, newest first."""
    with read_session() as session:
        view = view_of(key)
        if view is None:
            return None
        latest = queries.latest_entries(session, view.filters)
    return overview_components.latest_entries_table(latest)
