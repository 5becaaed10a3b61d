"""The live pages' shared callbacks: each page registers its heartbeat here once, and its
figure callbacks run their query through `run_query` (see dashboard/ui/live.py for the
key they share)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import dash
from dash import Input, Output, State, callback
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.context import current_scope
from dashboard.database import read_session
from dashboard.ids import LiveIds
from dashboard.ui import components
from dashboard.ui.filter_bar import search_from_state, state_from_search
from dashboard.ui.live import empty_message, not_found_message, sealed_key, view_of
from data_access.queries import filter_options, operations

Heartbeat = Callable[[str | None, int | None, dict | None], tuple[Any, Any]]


def heartbeat(search: str | None, known: dict[str, Any] | None) -> tuple[Any, str]:
    """The page's sealed key, or no_update when nothing changed; and the "updated" label.

    The operation is resolved for the user once here (the URL's, else the user's default);
    the key holds the filters with the operation filled in, so that a page opened without
    ?operation= and the same page once the filter bar has written it share one key."""
    state = state_from_search(search)
    scope = current_scope()
    with read_session() as session:
        code = state.operation or operations.default_operation_code(session, scope)
        operation = filter_options.resolve_operation(session, code, scope)
        version = filter_options.data_version(session, operation.id) if operation else None
    state = dataclasses.replace(state, operation=code)
    key = sealed_key(search_from_state(state), code, version, operation, state)
    return (dash.no_update if key == known else key), components.updated_label()


def register_heartbeat(live: LiveIds) -> Heartbeat:
    """Register a live page's heartbeat: the URL or the timer refresh the page's key."""
    @callback(
        Output(live.version, "data"),
        Output(live.updated, "children"),
        Input(ids.URL, "search"),
        Input(live.interval, "n_intervals"),
        State(live.version, "data"),
    )
    @allow(*COMMAND_CENTRE_ROLES)
    def page_heartbeat(search: str | None, _n: int | None, known: dict | None):
        """Tell the page's figures when the filters or the data changed."""
        return heartbeat(search, known)

    return page_heartbeat


def run_query(key: Any, query: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """(query result, empty-state message) for a page's key: the query gets the key's
    filters; the result is None when the key names no operation the user may read."""
    if not key:
        raise PreventUpdate  # the heartbeat has not spoken yet
    view = view_of(key)
    if view is None:
        return None, not_found_message()
    with read_session() as session:
        result = query(session, view.filters, *args)
    return result, empty_message(view)
