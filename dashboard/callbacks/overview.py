"""Callbacks of the overview page."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback

from dashboard import components, ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.database import read_session
from dashboard.filters import seizure_filters, state_from_search
from dashboard.i18n import _
from dashboard.live import heartbeat
from data_access.queries import filter_options, operations

LIVE = ids.OVERVIEW_LIVE


@callback(
    Output(LIVE.version, "data"),
    Output(LIVE.updated, "children"),
    Input(ids.URL, "search"),
    Input(LIVE.interval, "n_intervals"),
    State(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
def overview_heartbeat(search: str | None, _n: int | None, known: dict | None):
    """Tell the page's figures when the filters or the data changed."""
    return heartbeat(search, known)


@callback(
    Output(ids.OVERVIEW_HEADLINE, "children"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
def show_headline(key: dict[str, Any] | None):
    """The chosen operation's header and headline figures under the filters."""
    key = key or {}
    state = state_from_search(key.get("search"))
    with read_session() as session:
        operation = filter_options.resolve_operation(session, key.get("operation"))
        if operation is None:
            return components.empty_state(
                _("This operation does not exist.") if state.operation else
                _("No operation yet. Create one in the admin screens, or run `jointops demo`."))
        headline = operations.operation_headline(session, seizure_filters(operation, state))
    return components.operation_summary(headline)
