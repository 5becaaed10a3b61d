"""Callbacks of the frame around every page."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback

from dashboard import ids, paths
from dashboard.access import ALL_ROLES, allow, public_when_enabled


@callback(
    Output({"type": ids.LANGUAGE_LINK, "lang": ALL}, "href"),
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
    Input({"type": ids.LANGUAGE_LINK, "lang": ALL}, "id"),
)
@allow(*ALL_ROLES)
@public_when_enabled
def language_links(pathname: str | None, search: str | None, link_ids: list[dict]) -> list[str]:
    """Point each language link back at the page the user is on."""
    target = (pathname or paths.HOME) + (search or "")
    return [paths.language_href(link["lang"], target) for link in link_ids]


@callback(
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLER, "n_clicks"),
    State(ids.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
@allow(*ALL_ROLES)
@public_when_enabled
def toggle_menu(_clicks: int | None, is_open: bool | None) -> bool:
    """Open or fold the menu on small screens."""
    return not is_open
