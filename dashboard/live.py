"""Live pages: a timer asks for the operation's data fingerprint, and the page's figures are
rebuilt only when it (or the URL's filters) changed, so an idle refresh sends no figures."""

from __future__ import annotations

import dataclasses
from typing import Any

import dash
from dash import dcc, html

from dashboard import components
from dashboard.database import read_session
from dashboard.filters import search_from_state, state_from_search
from dashboard.ids import LiveIds
from dashboard.refresh import refresh_interval_ms
from data_access.queries import filter_options, operations


def live_controls(live: LiveIds) -> html.Div:
    """The timer, the fingerprint store and the "updated hh:mm:ss" label of a page."""
    return html.Div([
        dcc.Interval(id=live.interval, interval=refresh_interval_ms()),
        dcc.Store(id=live.version),
        html.Div(id=live.updated, className="text-body-secondary small text-end mb-2",
                 role="status", **{"aria-live": "polite"}),
    ])


def heartbeat(search: str | None, known: dict[str, Any] | None) -> tuple[Any, str]:
    """The page's data key {search, operation, version}, or no_update when unchanged."""
    state = state_from_search(search)
    with read_session() as session:
        code = state.operation or operations.default_operation_code(session)
        operation = filter_options.resolve_operation(session, code)
        version = filter_options.data_version(session, operation.id) if operation else None
    # The key holds the filters with the operation filled in, so that a page opened without
    # ?operation= and the same page once the filter bar has written it share one key and
    # the figures are built once.
    canonical = search_from_state(dataclasses.replace(state, operation=code))
    data = {"search": canonical, "operation": code, "version": version}
    return (dash.no_update if data == known else data), components.updated_label()
