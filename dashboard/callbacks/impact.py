"""Callbacks of the donors' impact page: its own operation picker, then the sanitised report.

Each callback may also run for anonymous visitors when `[impact] public = true`.
"""

from __future__ import annotations

import datetime as dt

from dash import Input, Output, State, callback

from dashboard import ids, paths
from dashboard.access import IMPACT_ROLES, allow, public_when_enabled
from dashboard.context import current_impact_scope
from dashboard.database import read_session
from dashboard.figures import impact as views
from dashboard.i18n import _
from dashboard.server.cache import cached_output
from dashboard.server.impact_reports import load_report, release_policy
from dashboard.ui import components
from dashboard.ui.filter_bar import state_from_search
from data_access.queries import filter_options, impact


@callback(
    Output(ids.IMPACT_OPERATION, "options"),
    Output(ids.IMPACT_OPERATION, "value"),
    Input(ids.URL, "pathname"),
    State(ids.URL, "search"),
)
@allow(*IMPACT_ROLES)
@public_when_enabled
def impact_choices(_pathname: str | None, search: str | None) -> tuple[list[dict], str | None]:
    """Offer the operations whose results are released; keep the URL's one if it is."""
    wanted = state_from_search(search).operation
    with read_session() as session:
        released = impact.releasable_operations(session, release_policy())
    scope = current_impact_scope()
    released = [op for op in released if scope.contains(op.id)]
    codes = [op.code for op in released]
    options = [{"label": op.name, "value": op.code} for op in released]
    return options, (wanted if wanted in codes else (codes[0] if codes else None))


@callback(
    Output(ids.IMPACT_BODY, "children"),
    Output(ids.IMPACT_CSV, "href"),
    Output(ids.IMPACT_PDF, "href"),
    Input(ids.IMPACT_OPERATION, "value"),
)
@allow(*IMPACT_ROLES)
@public_when_enabled
def show_impact(code: str | None):
    """The chosen operation's sanitised report and its download links (cached per data
    version and day: the release window moves with the date)."""
    with read_session() as session:
        operation = filter_options.resolve_operation(session, code, current_impact_scope())
        version = filter_options.data_version(session, operation.id) if operation else None
    return _show_impact(code, version, dt.date.today().isoformat())


@cached_output("impact.show_impact")
def _show_impact(code: str | None, _version: int | None, _day: str):
    """show_impact()'s body and links, remembered per operation, data version and day."""
    if not code:
        return components.empty_state(
            _("No results published yet: results are published once an operation has "
              "ended."), "bi-hourglass"), None, None
    report = load_report(code)
    if report is None:
        return components.empty_state(
            _("No published results for this operation."), "bi-hourglass"), None, None
    code = report.operation.code
    return (views.report_body(report), paths.impact_download_href(paths.IMPACT_CSV, code),
            paths.impact_download_href(paths.IMPACT_PDF, code))
