"""The frame around every page: navigation bar, language switch and page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import LANGUAGE_NAMES, _, current_language
from dashboard.settings import SUPPORTED_LANGUAGES


def nav_pages() -> list[dict]:
    """Registered pages that appear in the navigation bar, in their declared order."""
    pages = [p for p in dash.page_registry.values() if p.get("nav")]
    return sorted(pages, key=lambda p: p.get("order", 0))


def _language_switch() -> html.Div:
    """Links to switch language; their targets are set to the current page by a callback."""
    active = current_language()
    links = [
        html.A(
            code.upper(),
            id={"type": ids.LANGUAGE_LINK, "lang": code},
            href=f"/lang/{code}",
            title=LANGUAGE_NAMES[code],
            lang=code,
            className="btn btn-sm " + ("btn-light" if code == active else "btn-outline-light"),
            **{"aria-current": "true" if code == active else "false"},
        )
        for code in SUPPORTED_LANGUAGES
    ]
    return html.Div(links, id=ids.LANGUAGE_LINKS, className="btn-group",
                    role="group", **{"aria-label": _("Language")})


def navbar() -> dbc.Navbar:
    """The top navigation bar."""
    links = [
        dbc.NavItem(dbc.NavLink(_(page["name"]), href=page["relative_path"], active="exact"))
        for page in nav_pages()
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.I(className="bi bi-globe2 me-2", **{"aria-hidden": "true"}),
                                 "jointops"], href="/"),
                dbc.Nav(links, navbar=True, className="me-auto"),
                _language_switch(),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="dark",
        dark=True,
        className="mb-3",
    )


def layout() -> html.Div:
    """The app's layout, built per request so that it follows the user's language."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            navbar(),
            html.Main(dbc.Container(dash.page_container, fluid=True), lang=current_language()),
        ]
    )
