"""Callbacks of the reporting page."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.callbacks.live import register_heartbeat
from dashboard.database import read_session
from dashboard.figures import reporting as figures
from dashboard.server.cache import cached_output
from dashboard.ui.live import view_of
from data_access.queries.reporting import ReportingCompliance, reporting_compliance

LIVE = ids.REPORTING_LIVE


reporting_heartbeat = register_heartbeat(LIVE)


def _compliance(key: dict[str, Any] | None) -> ReportingCompliance | None:
    """The compliance of the operation and filters named by the page's live key."""
    view = view_of(key)
    if view is None:
        return None
    with read_session() as session:
        return reporting_compliance(session, view.filters)


@callback(
    Output(ids.REPORTING_RATES, "children"),
    Output(ids.REPORTING_DEADLINE, "children"),
    Output(ids.REPORTING_ABSENT, "children"),
    Input(LIVE.version, "data"),
    Input(ids.REPORTING_ABSENT_SORT, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
# Statuses turn late as time passes, not only when data changes: a key per minute.
@cached_output("reporting.show_rates_and_absentees", per_minute=True)
def show_rates_and_absentees(key: dict[str, Any] | None, sort: str | None):
    """Today's and overall rates, the deadline, and who has not reported for today."""
    data = _compliance(key)
    if data is None:
        return None, "", figures.not_reported_table(None)
    return (figures.rate_cards(data), figures.deadline_line(data),
            figures.not_reported_table(data, sort or figures.SORT_REGION))


@callback(
    Output(ids.REPORTING_MATRIX_HEADER, "figure"),
    Output(ids.REPORTING_MATRIX, "figure"),
    Input(LIVE.version, "data"),
    Input(ids.REPORTING_MATRIX_SORT, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
# Statuses turn late as time passes, not only when data changes: a key per minute.
@cached_output("reporting.show_matrix", per_minute=True)
def show_matrix(key: dict[str, Any] | None, sort: str | None):
    """The compliance matrix (countries x days) in the chosen order, with its day header."""
    data = _compliance(key)
    return (figures.matrix_header(data),
            figures.compliance_matrix_figure(data, sort or figures.SORT_REGION))
