"""The callback graph (`/_dash-dependencies`) cut down to what the asking user may call.

Dash's front end needs the callbacks of the pages it can show; the full graph would tell
a donor every component id and input of the administrators' pages. The server-side guard
refuses those callbacks anyway: this only stops the graph from describing them.
"""

from __future__ import annotations

from typing import Any

import dash
import flask
from dash._utils import to_json

from dashboard import access
from dashboard.server.router_guard import is_internal_output


def _visible(app: dash.Dash, output: str, role: str | None, public: bool) -> bool:
    """Whether a callback (by its output key) belongs in this user's graph."""
    if is_internal_output(output):
        return True  # Dash's page router and title: every page needs them
    entry = app.callback_map.get(output) or {}
    function = entry.get("callback")
    if function is None:
        return False
    if role is None:
        return public and access.is_public_when_enabled(function)
    return role in (access.roles_of(function) or ())


def callbacks_for(app: dash.Dash, role: str | None, public: bool = False) -> list[dict[str, Any]]:
    """The entries of Dash's callback list that `role` may call (anonymous: the public
    ones when the impact pages are published)."""
    return [item for item in app._callback_list  # noqa: SLF001 - what Dash itself serves
            if _visible(app, str(item.get("output", "")), role, public)]


def dependencies_response(app: dash.Dash, role: str | None, public: bool = False
                          ) -> flask.Response:
    """The `/_dash-dependencies` answer for this user."""
    return flask.Response(to_json(callbacks_for(app, role, public)),
                          mimetype="application/json")
