"""Live pages: a timer asks for the operation's data fingerprint, and the page's figures are
rebuilt only when it (or the URL's filters) changed, so an idle refresh sends no figures.

Every live figure resolves its operation here, for the signed-in user (`live_view`): the
page's key is a browser-side store, so whatever operation it names is checked again
against the user's scope on every callback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import dash
from dash import dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy.orm import Session

from dashboard.context import current_scope, settings_or_none
from dashboard.database import read_session
from dashboard.i18n import _
from dashboard.ids import LiveIds
from dashboard.settings import UiSettings
from dashboard.ui import components
from dashboard.ui.filter_bar import (
    FilterState,
    is_filtered,
    search_from_state,
    seizure_filters,
    state_from_search,
)
from data_access.filters import SeizureFilters
from data_access.queries import filter_options, operations
from data_access.queries.filter_options import OperationRef


@dataclasses.dataclass(frozen=True)
class LiveView:
    """What a live page shows: the operation and the query filters of its key."""

    operation: OperationRef
    state: FilterState
    filters: SeizureFilters


def refresh_interval_ms() -> int:
    """Milliseconds between refreshes of the live pages (the default outside an app)."""
    settings = settings_or_none()
    seconds = settings.ui.refresh_seconds if settings else UiSettings().refresh_seconds
    return seconds * 1000


def live_controls(live: LiveIds) -> html.Div:
    """The timer, the fingerprint store and the "updated hh:mm:ss" label of a page."""
    return html.Div([
        dcc.Interval(id=live.interval, interval=refresh_interval_ms()),
        dcc.Store(id=live.version),
        html.Div(id=live.updated, className="text-body-secondary small text-end mb-2",
                 role="status", **{"aria-live": "polite"}),
    ])


def chosen_operation_code(session: Session, state: FilterState) -> str | None:
    """The operation the URL names, else the user's default operation."""
    return state.operation or operations.default_operation_code(session, current_scope())


def heartbeat(search: str | None, known: dict[str, Any] | None) -> tuple[Any, str]:
    """The page's data key {search, operation, version}, or no_update when unchanged."""
    state = state_from_search(search)
    with read_session() as session:
        code = chosen_operation_code(session, state)
        operation = filter_options.resolve_operation(session, code, current_scope())
        version = filter_options.data_version(session, operation.id) if operation else None
    # The key holds the filters with the operation filled in, so that a page opened without
    # ?operation= and the same page once the filter bar has written it share one key and
    # the figures are built once.
    canonical = search_from_state(dataclasses.replace(state, operation=code))
    data = {"search": canonical, "operation": code, "version": version}
    return (dash.no_update if data == known else data), components.updated_label()


def key_operation(key: Any) -> str | None:
    """The operation code a page's key names (the key comes from the browser: any shape)."""
    code = key.get("operation") if isinstance(key, dict) else None
    return code if isinstance(code, str) else None


def live_view(session: Session, key: Any) -> LiveView | None:
    """The operation and filters a page's key names, if the user may read that operation
    (None for an unknown operation and for one outside the user's scope alike)."""
    operation = filter_options.resolve_operation(session, key_operation(key), current_scope())
    if operation is None:
        return None
    search = key.get("search")
    state = state_from_search(search if isinstance(search, str) else None)
    return LiveView(operation, state, seizure_filters(operation, state))


def not_found_message() -> str:
    """What a live page says when its operation does not exist or is not the user's."""
    return _("This operation does not exist or is not open to you.")


def empty_message(view: LiveView) -> str:
    """Why a view of the operation may be empty, in words."""
    if operations.operation_today(view.operation.timezone) < view.operation.start_date:
        return _("This operation has not started yet.")
    if is_filtered(view.state):
        return _("No seizures match this filter.")
    return _("No seizures reported yet for this operation.")


def run_query(key: dict[str, Any] | None, query: Callable[..., Any], *args: Any
              ) -> tuple[Any, str]:
    """(query result, empty-state message) for a page's live key; the result is None when
    the operation does not exist or is outside the user's scope."""
    if not key:
        raise PreventUpdate  # the heartbeat has not spoken yet
    with read_session() as session:
        view = live_view(session, key)
        if view is None:
            return None, not_found_message()
        result = query(session, view.filters, *args)
    return result, empty_message(view)
