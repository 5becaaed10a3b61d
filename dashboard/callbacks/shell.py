"""Callbacks of the frame around every page."""

from __future__ import annotations

from urllib.parse import quote

from dash import ALL, Input, Output, callback

from dashboard import ids
from dashboard.access import ALL_ROLES, allow


@callback(
    Output({"type": ids.LANGUAGE_LINK, "lang": ALL}, "href"),
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
    Input({"type": ids.LANGUAGE_LINK, "lang": ALL}, "id"),
)
@allow(*ALL_ROLES)
def language_links(pathname: str | None, search: str | None, link_ids: list[dict]) -> list[str]:
    """Point each language link back at the page the user is on."""
    target = quote((pathname or "/") + (search or ""), safe="")
    return [f"/lang/{link['lang']}?next={target}" for link in link_ids]
