"""Live pages: a timer asks for the operation's data fingerprint, and the page's figures are
rebuilt only when it (or the URL's filters) changed, so an idle refresh sends no figures.

The page's key is written once per refresh by its heartbeat (dashboard/callbacks/live.py),
which resolves the operation for the signed-in user and the filters from the URL. The key
carries them, sealed with the app's secret and the user's scope, so that each figure
callback rebuilds the view from the key (`view_of`) without parsing the URL or reading the
operation again. The key lives in the browser: a key the server did not seal for this
scope (forged, or from before the user's scope changed) shows nothing.

This module touches no database: the heartbeat's queries live with the callbacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, fields
from typing import Any

import flask
from dash import dcc, html

from dashboard.context import current_scope, settings_or_none
from dashboard.i18n import _
from dashboard.ids import LiveIds
from dashboard.settings import UiSettings
from dashboard.ui.filter_bar import FilterState, is_filtered, seizure_filters
from data_access.filters import SeizureFilters
from data_access.queries.filter_options import OperationRef
from data_access.queries.operations import operation_today
from data_access.scope import OperationScope

SEAL = "seal"
VIEW = "view"
_DATES = ("start_date", "end_date", "date_from", "date_to")


@dataclass(frozen=True)
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


def _plain(value: Any) -> Any:
    """A dataclass field as JSON: dates as ISO text, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _record(item: Any) -> dict[str, Any]:
    """A frozen dataclass as a JSON object."""
    return {f.name: _plain(getattr(item, f.name)) for f in fields(item)}


def _restore(cls: type, data: dict[str, Any]) -> Any:
    """The frozen dataclass `cls` from its JSON object."""
    values = {}
    for f in fields(cls):
        value = data.get(f.name)
        if f.name in _DATES and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


def _signature(payload: dict[str, Any], scope: OperationScope) -> str:
    """HMAC of a key's payload for one scope, with the app's secret."""
    ids = sorted(scope.operation_ids) if scope.operation_ids is not None else None
    text = json.dumps([ids, scope.country_iso3, payload], sort_keys=True, default=str)
    secret = str(flask.current_app.secret_key).encode()
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def sealed_key(search: str, code: str | None, version: str | None,
               operation: OperationRef | None, state: FilterState) -> dict[str, Any]:
    """A page's key: what the heartbeat found, sealed for the user's scope when the
    operation is one the user may read."""
    key: dict[str, Any] = {"search": search, "operation": code, "version": version}
    if operation is not None:
        key[VIEW] = {"operation": _record(operation), "state": _record(state)}
        key[SEAL] = _signature({k: v for k, v in key.items() if k != SEAL}, current_scope())
    return key


def view_of(key: Any) -> LiveView | None:
    """The operation and filters of a page's key, if the server sealed it for this user's
    scope (None for a missing operation and for a forged or outdated key alike)."""
    if not isinstance(key, dict) or not isinstance(key.get(SEAL), str):
        return None
    payload = {k: v for k, v in key.items() if k != SEAL}
    if not hmac.compare_digest(key[SEAL], _signature(payload, current_scope())):
        return None
    try:
        operation = _restore(OperationRef, key[VIEW]["operation"])
        state = _restore(FilterState, key[VIEW]["state"])
    except (KeyError, TypeError, ValueError):
        return None
    return LiveView(operation, state, seizure_filters(operation, state))


def key_operation(key: Any) -> str | None:
    """The operation code a page's key names (the key comes from the browser: any shape)."""
    code = key.get("operation") if isinstance(key, dict) else None
    return code if isinstance(code, str) else None


def not_found_message() -> str:
    """What a live page says when its operation does not exist or is not the user's."""
    return _("This operation does not exist or is not open to you.")


def empty_message(view: LiveView) -> str:
    """Why a view of the operation may be empty, in words."""
    if operation_today(view.operation.timezone) < view.operation.start_date:
        return _("This operation has not started yet.")
    if is_filtered(view.state):
        return _("No seizures match this filter.")
    return _("No seizures reported yet for this operation.")


