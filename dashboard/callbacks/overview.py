"""Callbacks of the overview page."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from dashboard import components, ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.database import read_session
from dashboard.i18n import _
from data_access.queries import operations


@callback(
    Output(ids.OPERATION_PICKER, "options"),
    Output(ids.OPERATION_PICKER, "value"),
    Input(ids.URL, "pathname"),
    State(ids.OPERATION_PICKER, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
def load_operations(_pathname: str, requested: str | None) -> tuple[list[dict], str | None]:
    """Offer every operation; keep the one named in the URL, else pick the current one."""
    with read_session() as session:
        frame = operations.list_operations(session)
        default = operations.default_operation_code(session)
    codes = set(frame[operations.OperationColumns.CODE])
    return components.operation_options(frame), requested if requested in codes else default


@callback(
    Output(ids.OVERVIEW_HEADLINE, "children"),
    Output(ids.UPDATED_AT, "children"),
    Input(ids.OPERATION_PICKER, "value"),
    Input(ids.REFRESH_INTERVAL, "n_intervals"),
)
@allow(*COMMAND_CENTRE_ROLES)
def show_headline(code: str | None, _n: int | None):
    """The chosen operation's header and headline figures."""
    if not code:
        return components.empty_state(
            _("No operation yet. Create one in the admin screens, or run `jointops demo`.")
        ), dash.no_update
    with read_session() as session:
        headline = operations.operation_headline(session, code)
    if headline is None:
        return components.empty_state(_("This operation does not exist.")), dash.no_update
    return components.operation_summary(headline), components.updated_label()
