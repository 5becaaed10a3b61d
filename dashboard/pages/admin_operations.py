"""Admin · Operations (/admin/operations): create and edit operations, their countries and
ports (filled and saved by callbacks/admin_operations.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.views.admin import (
    NEW_OPERATION,
    field,
    page_header,
    section,
    status_options,
)
from data_access.admin import time_zones

register_page(__name__)


def _settings_form(edit: str) -> list:
    """The operation's settings: picker, fields, save button and confirmation."""
    picker_options = [{"label": _("New operation"), "value": NEW_OPERATION}]
    if edit:
        picker_options.append({"label": edit, "value": edit})
    text = {"type": "text", "autocomplete": "off"}
    return [
        dbc.Row(field(_("Operation to edit"), dbc.Select(
            id=ids.ADMIN_OP_PICKER, options=picker_options, value=edit or NEW_OPERATION),
            ids.ADMIN_OP_PICKER, _("Choose “New operation” to create one."), md=6)),
        dbc.Row([
            field(_("Code"), dbc.Input(id=ids.ADMIN_OP_CODE, maxlength=32, **text),
                  ids.ADMIN_OP_CODE, _("Short and unique, e.g. THUNDER-2026."), md=4),
            field(_("Name"), dbc.Input(id=ids.ADMIN_OP_NAME, maxlength=160, **text),
                  ids.ADMIN_OP_NAME, md=8),
        ]),
        dbc.Row([
            field(_("Start date"), dbc.Input(id=ids.ADMIN_OP_START, type="date"),
                  ids.ADMIN_OP_START, md=3),
            field(_("End date"), dbc.Input(id=ids.ADMIN_OP_END, type="date"),
                  ids.ADMIN_OP_END, md=3),
            field(_("Lock date"), dbc.Input(id=ids.ADMIN_OP_LOCK, type="date"),
                  ids.ADMIN_OP_LOCK,
                  _("After this date entries close, unless a country is reopened. "
                    "Leave empty to never lock."), md=3),
            field(_("Status"), dbc.Select(id=ids.ADMIN_OP_STATUS, options=status_options()),
                  ids.ADMIN_OP_STATUS, md=3),
        ]),
        dbc.Row([
            field(_("Time zone"), dcc.Dropdown(
                id=ids.ADMIN_OP_TIMEZONE, options=list(time_zones()), clearable=False,
                placeholder=_("Search a time zone, e.g. Africa/Nairobi")),
                ids.ADMIN_OP_TIMEZONE, _("The operation's days start and end in this zone."),
                md=6),
            field(_("Daily report deadline"), dbc.Input(id=ids.ADMIN_OP_DEADLINE, type="time"),
                  ids.ADMIN_OP_DEADLINE,
                  _("Local time in the operation's time zone by which each day's report is "
                    "due."), md=6),
        ]),
        dbc.Row([
            field(_("Lead organisations"), dbc.Input(id=ids.ADMIN_OP_LEADS, maxlength=255,
                                                     **text),
                  ids.ADMIN_OP_LEADS, _("For example: WCO, INTERPOL."), md=12),
            field(_("Description"), dbc.Textarea(id=ids.ADMIN_OP_DESCRIPTION, rows=3,
                                                 maxlength=4000),
                  ids.ADMIN_OP_DESCRIPTION, md=12),
        ]),
        dbc.Button([html.I(className="bi bi-save me-2", **{"aria-hidden": "true"}),
                    _("Save operation")], id=ids.ADMIN_OP_SAVE, color="primary"),
        html.Div(id=ids.ADMIN_OP_ALERT, **{"aria-live": "polite"}),
    ]


def _participants_form() -> list:
    """Participating countries with their focal points, one per line."""
    return [
        field(_("Countries and focal points"), dbc.Textarea(
            id=ids.ADMIN_OP_PARTICIPANTS, rows=8, spellcheck=False,
            placeholder="KEN; Jane Wanjiru; +254 700 000 000\nNGA\nFRA; ; ocb@example.org"),
            ids.ADMIN_OP_PARTICIPANTS,
            _("One country per line: its ISO 3166 alpha-3 code, then optionally the focal "
              "point's name and contact, separated by semicolons. Countries left out are "
              "removed (only if they have not reported yet).")),
        dbc.Button(_("Save countries"), id=ids.ADMIN_OP_PARTICIPANTS_SAVE, color="primary"),
        html.Div(id=ids.ADMIN_OP_PARTICIPANTS_ALERT, **{"aria-live": "polite"}),
        html.Div(id=ids.ADMIN_OP_PARTICIPANTS_TABLE, className="mt-3"),
    ]


def _ports_form() -> list:
    """Participating ports, border posts, airports and mail centres, by code."""
    return [
        field(_("Find a place"), dcc.Dropdown(
            id=ids.ADMIN_OP_PORT_FINDER, options=[], value=None,
            placeholder=_("Type a name or a code, e.g. Mombasa or KEMBA")),
            ids.ADMIN_OP_PORT_FINDER,
            _("Picking a place adds its code below. Only places in participating countries "
              "are offered; import more from UN/LOCODE under Reference data.")),
        field(_("Codes of the participating places"), dbc.Textarea(
            id=ids.ADMIN_OP_PORTS, rows=5, spellcheck=False, placeholder="KEMBA NBO TZDAR"),
            ids.ADMIN_OP_PORTS,
            _("UN/LOCODEs or IATA airport codes, separated by spaces, commas or new lines.")),
        dbc.Button(_("Save ports"), id=ids.ADMIN_OP_PORTS_SAVE, color="primary"),
        html.Div(id=ids.ADMIN_OP_PORTS_ALERT, **{"aria-live": "polite"}),
        html.Div(id=ids.ADMIN_OP_PORTS_TABLE, className="mt-3"),
    ]


def layout(edit: str = "", **_query: str) -> html.Div:
    """Operations table, the settings form, then countries and ports of the chosen one."""
    return html.Div([
        page_header(_("Operations"),
                    _("Create operations and set their dates, report deadline, time zone, "
                      "lock date, countries and ports. Every change is audited."),
                    paths.ADMIN_OPERATIONS),
        dcc.Store(id=ids.ADMIN_OPS_OPENED, data=True),
        dcc.Store(id=ids.ADMIN_OP_SAVED),
        dcc.Store(id=ids.ADMIN_OP_PARTICIPANTS_SAVED),
        dcc.Store(id=ids.ADMIN_OP_PORTS_SAVED),
        section(_("All operations"), [dcc.Loading(html.Div(id=ids.ADMIN_OPS_TABLE),
                                                  type="dot", delay_show=400)]),
        section(_("Operation settings"), _settings_form(edit[:32])),
        dbc.Row([
            dbc.Col(section(_("Participating countries"), _participants_form(),
                            _("For a new operation, save its settings first.")), lg=6),
            dbc.Col(section(_("Participating ports"), _ports_form(),
                            _("Seaports, land border posts, airports and mail centres "
                              "taking part.")), lg=6),
        ]),
    ])
