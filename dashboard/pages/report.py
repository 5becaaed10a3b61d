"""Report seizures (/report): a focal point's daily entry, nil return and "Our entries"."""

from __future__ import annotations

import uuid

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.views.report_entries import entries_grid
from dashboard.views.report_form import form_fields, item_line, tied

register_page(__name__)


def _choice_row() -> dbc.Row:
    """Operation and reporting country (a focal point's own country, fixed)."""
    return dbc.Row([
        dbc.Col([dbc.Label(_("Operation"), html_for=ids.REPORT_OPERATION,
                           id="label-report-operation", className="fw-semibold mb-1"),
                 tied("label-report-operation",
                      dcc.Dropdown(id=ids.REPORT_OPERATION, clearable=False))], md=5),
        dbc.Col([dbc.Label(_("Reporting country"), html_for=ids.REPORT_COUNTRY,
                           id="label-report-country", className="fw-semibold mb-1"),
                 tied("label-report-country",
                      dcc.Dropdown(id=ids.REPORT_COUNTRY, clearable=False))], md=4),
        dbc.Col(dbc.Button([html.I(className="bi bi-file-earmark-spreadsheet me-1"),
                            _("Upload a spreadsheet")], href=paths.REPORT_UPLOAD, color="secondary",
                           outline=True), md=3, className="d-flex align-items-end mt-2"),
    ], className="g-3")


def _reopen_box() -> html.Div:
    """Commanders and admins: reopen a locked country, with a reason."""
    return html.Div([
        dbc.Label(_("Reason for reopening"), html_for=ids.REPORT_REOPEN_REASON,
                  className="fw-semibold mb-1"),
        dbc.InputGroup([
            dbc.Input(id=ids.REPORT_REOPEN_REASON, maxlength=500),
            dbc.Button(_("Reopen reporting for this country"), id=ids.REPORT_REOPEN,
                       color="warning"),
        ]),
    ], id=ids.REPORT_REOPEN_BOX, hidden=True, className="mt-2")


def _day_row() -> dbc.Row:
    """The day being reported, its status and the nil-return button."""
    return dbc.Row([
        dbc.Col([
            dbc.Label([_("Seizure date"), html.Span(" *", className="text-danger")],
                      html_for=ids.REPORT_DATE, id="label-report-date",
                      className="fw-semibold mb-1"),
            tied("label-report-date", dcc.DatePickerSingle(
                id=ids.REPORT_DATE, display_format="YYYY-MM-DD", clearable=False)),
            html.Div(id={"type": ids.REPORT_FIELD_FEEDBACK, "name": "seizure_date"},
                     className="invalid-feedback d-block", role="alert"),
        ], md=4, className="mb-2"),
        dbc.Col(html.Div(id=ids.REPORT_DAY_STATUS, className="small", role="status",
                         **{"aria-live": "polite"}), md=4, className="mb-2 pt-md-4"),
        dbc.Col(dbc.Button(_("Nil return for this date"), id=ids.REPORT_NIL,
                           color="secondary", outline=True, className="w-100"),
                md=4, className="mb-2 pt-md-4"),
    ], className="align-items-start")


def layout(**_query: str) -> html.Div:
    """Choices, lock state, the day, the seizure form and the country's entries."""
    return html.Div([
        dcc.Store(id=ids.REPORT_OPENED, data=True),
        # A fresh token per form instance: the server records a seizure once per token,
        # so a double click, a retry or a second tab cannot create it twice.
        dcc.Store(id=ids.REPORT_TOKEN, data=uuid.uuid4().hex),
        dcc.Store(id=ids.REPORT_EDITING),
        dcc.Store(id=ids.REPORT_SAVED),
        dcc.Store(id=ids.REPORT_REOPENED),
        html.H1(_("Report seizures"), className="h3 mb-1"),
        html.P(_("Enter each seizure of the day, or a nil return when there was none. "
                 "Fields marked * are required."), className="text-body-secondary"),
        dbc.Card(dbc.CardBody([_choice_row(),
                               html.Div(id=ids.REPORT_STATE, className="mt-3"),
                               _reopen_box()]), className="mb-3 shadow-sm"),
        dbc.Card([
            dbc.CardHeader(html.H2(_("New seizure"), id=ids.REPORT_FORM_TITLE,
                                   className="h5 mb-0")),
            dbc.CardBody(html.Fieldset([
                _day_row(),
                html.Hr(),
                html.Div(form_fields(), id=ids.REPORT_FORM),
                html.H3(_("Seized items"), className="h6 mt-2"),
                html.Div([item_line(0)], id=ids.REPORT_ITEMS),
                html.Div(id={"type": ids.REPORT_FIELD_FEEDBACK, "name": "items"},
                         className="invalid-feedback d-block mb-2", role="alert"),
                dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add another item")],
                           id=ids.REPORT_ADD_ITEM, color="secondary", outline=True,
                           size="sm", className="mb-3"),
                html.Div(id=ids.REPORT_ALERT, role="status", **{"aria-live": "polite"}),
                html.Div([
                    dbc.Button([html.I(className="bi bi-check-lg me-1"), _("Save seizure")],
                               id=ids.REPORT_SAVE, color="primary", className="me-2"),
                    dbc.Button(_("Cancel the edit"), id=ids.REPORT_CANCEL, color="link",
                               style={"display": "none"}),
                ]),
            ], id="report-fieldset")),
        ], className="mb-3 shadow-sm"),
        dbc.Card([
            dbc.CardHeader(html.H2(_("Our entries"), className="h5 mb-0")),
            dbc.CardBody([
                dbc.Checkbox(id=ids.REPORT_SHOW_WITHDRAWN, value=False,
                             label=_("Show withdrawn seizures"), className="mb-2"),
                entries_grid(),
                html.P(_("Select a seizure to edit or withdraw it."),
                       className="small text-body-secondary mt-2 mb-1"),
                dbc.Row([
                    dbc.Col(dbc.Button([html.I(className="bi bi-pencil me-1"),
                                        _("Edit the selected seizure")], id=ids.REPORT_EDIT,
                                       color="primary", outline=True, disabled=True),
                            md="auto", className="mb-2"),
                    dbc.Col(dbc.InputGroup([
                        dbc.InputGroupText(dbc.Label(_("Reason for withdrawing"),
                                                     html_for=ids.REPORT_WITHDRAW_REASON,
                                                     className="mb-0")),
                        dbc.Input(id=ids.REPORT_WITHDRAW_REASON, maxlength=500),
                        dbc.Button(_("Withdraw the selected seizure"), id=ids.REPORT_WITHDRAW,
                                   color="danger", outline=True, disabled=True),
                    ]), md=True, className="mb-2"),
                ]),
                html.Div(id=ids.REPORT_ENTRIES_ALERT, role="status",
                         **{"aria-live": "polite"}),
            ]),
        ], className="mb-3 shadow-sm"),
    ])
