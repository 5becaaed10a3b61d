"""Reading Dash's page-router requests the way Dash itself reads them.

Dash's router callback (`_pages_content.children`) is a public POST endpoint like any
other: the page it renders is the one Dash finds for the *first* input's value, whatever
the request calls it, after `strip_relative_path` (so "//admin/users" and
"///admin/users//" are /admin/users). The guard must see the same page, so it uses the
same functions, and refuses a request whose inputs are not exactly the router's.
"""

from __future__ import annotations

from typing import Any

import dash
from dash._pages import _path_to_page  # Dash's own path -> page lookup used by its router
from dash.exceptions import UnsupportedRelativePath

# Component ids of Dash's page router (dash.dash._ID_LOCATION / _ID_CONTENT).
ROUTER_LOCATION = "_pages_location"
ROUTER_CONTENT = "_pages_content"
DASH_INTERNAL_MARK = "_pages_"


class MalformedCallbackRequest(ValueError):
    """A callback request whose shape Dash would choke on or read differently."""


def callback_payload(body: Any) -> dict[str, Any]:
    """The JSON body of a callback request, checked for the shape Dash expects."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise MalformedCallbackRequest("the request needs a JSON object with an output")
    for key in ("inputs", "state"):
        if not isinstance(body.get(key, []), list):
            raise MalformedCallbackRequest(f"{key} must be a list")
    return body


def is_router_output(output: str) -> bool:
    """Whether a callback output is Dash's page router."""
    return DASH_INTERNAL_MARK in output and f"{ROUTER_CONTENT}.children" in output


def is_internal_output(output: str) -> bool:
    """Whether a callback output belongs to Dash's page machinery."""
    return DASH_INTERNAL_MARK in output


def router_pathname(app: dash.Dash, payload: dict[str, Any]) -> str:
    """The pathname the router will render: the inputs must be the router's own, in its
    order (Dash passes them by position), and the pathname a string."""
    entry = app.callback_map.get(payload["output"])
    if entry is None:
        raise MalformedCallbackRequest("unknown router output")
    expected = [(spec["id"], spec["property"]) for spec in entry["inputs"]]
    inputs = payload.get("inputs", [])
    given = [(item.get("id"), item.get("property")) if isinstance(item, dict) else None
             for item in inputs]
    if given != expected or payload.get("state"):
        raise MalformedCallbackRequest("the router's inputs do not match")
    value = inputs[expected.index((ROUTER_LOCATION, "pathname"))].get("value")
    if not isinstance(value, str):
        raise MalformedCallbackRequest("the pathname must be a string")
    return value


def page_at(app: dash.Dash, pathname: str) -> dict[str, Any] | None:
    """The registered page Dash would render for a pathname (None: Dash's "not found")."""
    try:
        stripped = app.strip_relative_path(pathname)
    except UnsupportedRelativePath as exc:
        raise MalformedCallbackRequest("the pathname is not a path of this app") from exc
    page, _variables = _path_to_page(stripped)
    return page or None
