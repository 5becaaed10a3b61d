"""Admin · Users (/admin/users): create accounts, assign their country and operations,
reset passwords, disable and enable, sign out everywhere (callbacks/admin_users.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.views.admin import (
    AUTO_LANGUAGE,
    field,
    language_options,
    page_header,
    role_options,
    section,
)

register_page(__name__)


def _new_account_form() -> list:
    """Username, name, role, country, language and first password of a new account."""
    return [
        dbc.Row([
            field(_("Username"), dbc.Input(id=ids.ADMIN_NEW_USERNAME, maxlength=64,
                                           autocomplete="off"),
                  ids.ADMIN_NEW_USERNAME, _("Letters, digits and . _ - @, e.g. fp-ken."),
                  md=6),
            field(_("Full name"), dbc.Input(id=ids.ADMIN_NEW_FULL_NAME, maxlength=160,
                                            autocomplete="off"),
                  ids.ADMIN_NEW_FULL_NAME, md=6),
        ]),
        dbc.Row([
            field(_("Role"), dbc.Select(id=ids.ADMIN_NEW_ROLE, options=role_options(),
                                        value="focal_point"),
                  ids.ADMIN_NEW_ROLE, md=4),
            field(_("Country"), dcc.Dropdown(id=ids.ADMIN_NEW_COUNTRY, options=[],
                                             placeholder=_("Type a country name or code")),
                  ids.ADMIN_NEW_COUNTRY, _("Required for focal points."), md=4),
            field(_("Language"), dbc.Select(id=ids.ADMIN_NEW_LANGUAGE,
                                            options=language_options(), value=AUTO_LANGUAGE),
                  ids.ADMIN_NEW_LANGUAGE, md=4),
        ]),
        dbc.Row(field(_("First password"), dbc.Input(
            id=ids.ADMIN_NEW_PASSWORD, type="password", autocomplete="new-password"),
            ids.ADMIN_NEW_PASSWORD,
            _("At least 10 characters. Give it to the user over a safe channel."), md=6)),
        dbc.Button([html.I(className="bi bi-person-plus me-2", **{"aria-hidden": "true"}),
                    _("Create account")], id=ids.ADMIN_NEW_CREATE, color="primary"),
        html.Div(id=ids.ADMIN_NEW_ALERT, **{"aria-live": "polite"}),
    ]


def _change_account_form() -> list:
    """Pick an account; change its country and operations, password, or state."""
    return [
        dbc.Row(field(_("Account"), dbc.Select(id=ids.ADMIN_USER_PICKER, options=[],
                                                   placeholder=_("Choose an account")),
                      ids.ADMIN_USER_PICKER, md=6)),
        html.Div(id=ids.ADMIN_USER_STATE),
        html.H3(_("Country and operations"), className="h6 mt-2"),
        dbc.Row([
            field(_("Country"), dcc.Dropdown(id=ids.ADMIN_USER_COUNTRY, options=[],
                                             placeholder=_("No country")),
                  ids.ADMIN_USER_COUNTRY, _("A focal point reports for this country."), md=6),
            field(_("Operations"), dcc.Dropdown(id=ids.ADMIN_USER_OPERATIONS, options=[],
                                                multi=True, placeholder=_("All operations")),
                  ids.ADMIN_USER_OPERATIONS,
                  _("Commanders only: leave empty to let them see every operation."), md=6),
        ]),
        dbc.Button(_("Save country and operations"), id=ids.ADMIN_USER_ASSIGN,
                   color="primary"),
        html.Div(id=ids.ADMIN_USER_ASSIGN_ALERT, **{"aria-live": "polite"}),
        html.Hr(),
        html.H3(_("Reset the password"), className="h6"),
        dbc.Row(field(_("New password"), dbc.Input(
            id=ids.ADMIN_USER_PASSWORD, type="password", autocomplete="new-password"),
            ids.ADMIN_USER_PASSWORD,
            _("At least 10 characters. The user is signed out everywhere."), md=6)),
        dbc.Button(_("Reset password"), id=ids.ADMIN_USER_RESET, color="warning"),
        html.Div(id=ids.ADMIN_USER_RESET_ALERT, **{"aria-live": "polite"}),
        html.Hr(),
        html.H3(_("Access"), className="h6"),
        html.P(_("A disabled account cannot sign in and is signed out everywhere; its "
                 "history stays."), className="small text-body-secondary"),
        dbc.Button(_("Disable account"), id=ids.ADMIN_USER_DISABLE, color="danger",
                   outline=True, className="me-2"),
        dbc.Button(_("Enable account"), id=ids.ADMIN_USER_ENABLE, color="success",
                   outline=True),
        html.Div(id=ids.ADMIN_USER_STATUS_ALERT, **{"aria-live": "polite"}),
        html.Hr(),
        html.H3(_("Sessions"), className="h6"),
        html.P(_("Sign the account out of every browser and device at once, e.g. after a "
                 "lost laptop; the user can sign in again."),
               className="small text-body-secondary"),
        dbc.Button([html.I(className="bi bi-laptop me-2", **{"aria-hidden": "true"}),
                    _("Sign out everywhere")], id=ids.ADMIN_USER_SIGN_OUT,
                   color="secondary", outline=True),
        html.Div(id=ids.ADMIN_USER_SIGN_OUT_ALERT, **{"aria-live": "polite"}),
    ]


def layout(**_query: str) -> html.Div:
    """Accounts table, then the forms to create and to change an account."""
    return html.Div([
        page_header(_("Users"),
                    _("Create accounts, set a focal point's country or a commander's "
                      "operations, reset passwords and disable accounts. Every change is "
                      "audited."), paths.ADMIN_USERS),
        dcc.Store(id=ids.ADMIN_USERS_OPENED, data=True),
        dcc.Store(id=ids.ADMIN_NEW_SAVED),
        dcc.Store(id=ids.ADMIN_USER_ASSIGN_SAVED),
        dcc.Store(id=ids.ADMIN_USER_STATUS_SAVED),
        dbc.Row([
            dbc.Col(section(_("New account"), _new_account_form()), lg=6),
            dbc.Col(section(_("Change an account"), _change_account_form()), lg=6),
        ]),
        section(_("All accounts"), [dcc.Loading(html.Div(id=ids.ADMIN_USERS_TABLE),
                                                type="dot", delay_show=400)]),
    ])
