"""The frame around every page: navigation bar, language switch and page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.access import page_allows
from dashboard.context import CSRF_FIELD, csrf_token, current_principal, current_role
from dashboard.i18n import LANGUAGE_NAMES, N_, _, current_language
from dashboard.settings import SUPPORTED_LANGUAGES


def nav_pages(role: str | None) -> list[dict]:
    """Pages in the navigation bar for a role, in their declared order (the same
    declaration the server-side guard enforces)."""
    pages = [p for p in dash.page_registry.values() if p.get("nav") and page_allows(p, role)]
    return sorted(pages, key=lambda p: p.get("order", 0))


ROLE_LABELS = {
    "admin": N_("Administrator"),
    "commander": N_("Commander"),
    "focal_point": N_("Focal point"),
    "donor": N_("Donor"),
}


def _post_button(label: str, icon: str, action: str) -> html.Form:
    """A menu entry that posts a form to `action` with the session's CSRF token."""
    return html.Form(
        [dcc.Input(type="hidden", name=CSRF_FIELD, value=csrf_token()),
         html.Button([html.I(className=f"bi {icon} me-2", **{"aria-hidden": "true"}), label],
                     type="submit", className="dropdown-item")],
        method="post", action=action)


def _user_menu() -> html.Div | None:
    """Who is signed in, with sign out and sign out everywhere (posted forms that carry
    the session's CSRF token, so no other site can sign a user out)."""
    principal = current_principal()
    if principal is None:
        return None
    who = principal.username + (f" · {principal.country_iso3}" if principal.country_iso3
                                else "")
    # A button, not a nav link: the menu's links are the pages (tests and screen readers).
    return html.Div(dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(_(ROLE_LABELS[principal.role]), header=True),
            _post_button(_("Sign out"), "bi-box-arrow-right", paths.LOGOUT),
            _post_button(_("Sign out everywhere"), "bi-laptop", paths.LOGOUT_EVERYWHERE),
            dbc.DropdownMenuItem(_("Ends your sessions on every browser and device."),
                                 header=True, className="small text-wrap account-menu-hint"),
        ],
        label=html.Span([html.I(className="bi bi-person-circle me-1",
                                **{"aria-hidden": "true"}), who]),
        in_navbar=True, align_end=True, color="dark", size="sm", className="account-menu",
        toggle_class_name="text-light border-0",
    ), className="me-3")


def _language_switch() -> html.Div:
    """Links to switch language; their targets are set to the current page by a callback."""
    active = current_language()
    links = [
        html.A(
            code.upper(),
            id={"type": ids.LANGUAGE_LINK, "lang": code},
            href=paths.language_href(code),
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
        for page in nav_pages(current_role())
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.I(className="bi bi-globe2 me-2", **{"aria-hidden": "true"}),
                                 "jointops"], href=paths.HOME),
                # On a phone or small window the menu folds behind a toggle button.
                dbc.NavbarToggler(
                    [html.Span(className="navbar-toggler-icon"),
                     html.Span(_("Menu"), className="visually-hidden")],
                    id=ids.NAV_TOGGLER,
                ),
                dbc.Collapse(
                    [dbc.Nav(links, navbar=True, className="me-auto"), _user_menu(),
                     _language_switch()],
                    id=ids.NAV_COLLAPSE, navbar=True, is_open=False,
                ),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="dark",
        dark=True,
        expand="lg",
        className="mb-3",
    )


def layout() -> html.Div:
    """The app's layout, built per request so that it follows the user's language."""
    return html.Div(
        [
            # refresh=False: writing the filters into the query string must not make the
            # page router rebuild the whole page; the pages' heartbeats read this search.
            dcc.Location(id=ids.URL, refresh=False),
            navbar(),
            html.Main(dbc.Container(dash.page_container, fluid=True), lang=current_language()),
        ]
    )
