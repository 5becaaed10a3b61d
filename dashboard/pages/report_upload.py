"""Spreadsheet upload (/report/upload): a country's seizures from the CSV or XLSX template,
checked whole before anything is saved (callbacks/report_upload.py). Linked from /report."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.uploads.jobs import configured_limits
from dashboard.views.upload import (
    ACCEPT,
    POLL_MS,
    limits_text,
)

register_page(__name__)


def _step(number: int, title: str, body: list, intro: str = "") -> dbc.Card:
    """One numbered step of the page."""
    return dbc.Card(dbc.CardBody([
        html.H2([html.Span(str(number), className="badge rounded-pill text-bg-primary me-2"),
                 title], className="h5 mb-2"),
        html.P(intro, className="text-body-secondary mb-3") if intro else None,
        *body,
    ]), className="mb-3 shadow-sm")


def _template_step() -> list:
    """Links to the empty templates, and what a row is."""
    icon = {"aria-hidden": "true"}
    return [
        html.Div([
            html.A([html.I(className="bi bi-filetype-xlsx me-1", **icon),
                    _("Excel template (.xlsx)")], href=paths.UPLOAD_TEMPLATE_XLSX, download="",
                   className="btn btn-outline-primary"),
            html.A([html.I(className="bi bi-filetype-csv me-1", **icon),
                    _("CSV template")], href=paths.UPLOAD_TEMPLATE_CSV, download="",
                   className="btn btn-outline-primary"),
        ], className="d-flex flex-wrap gap-2 mb-2"),
        html.Ul([
            html.Li(_("One row per seized item; rows with the same national_reference form "
                      "one seizure.")),
            html.Li(_("A national_reference that is already known updates that seizure "
                      "instead of adding a second one.")),
            html.Li(_("The second sheet of the Excel template explains every column and "
                      "the values it accepts.")),
        ], className="small text-body-secondary mb-0"),
    ]


def _target_step() -> list:
    """Operation and country of the seizures in the file."""
    return [dbc.Row([
        dbc.Col([
            dbc.Label(_("Operation"), html_for=ids.UPLOAD_OPERATION, className="fw-semibold"),
            dbc.Select(id=ids.UPLOAD_OPERATION, options=[]),
        ], md=6, className="mb-2"),
        dbc.Col([
            dbc.Label(_("Reporting country"), html_for=ids.UPLOAD_COUNTRY,
                      className="fw-semibold"),
            dbc.Select(id=ids.UPLOAD_COUNTRY, options=[]),
        ], md=6, className="mb-2"),
    ])]


def _file_step() -> list:
    """The drop zone, the check's progress and report, and the import buttons."""
    limits = configured_limits()
    icon = {"aria-hidden": "true"}
    return [
        dcc.Upload(
            html.Div([
                html.I(className="bi bi-cloud-arrow-up fs-2 d-block mb-1", **icon),
                html.Span(_("Drop your CSV or XLSX file here, or ")),
                html.Span(_("choose a file"),
                          className="link-primary text-decoration-underline"),
            ]),
            id=ids.UPLOAD_FILE, accept=ACCEPT, multiple=False,
            className="border border-2 border-secondary-subtle rounded text-center p-4 "
                      "bg-body-tertiary",
            className_active="border-primary",
        ),
        html.Div(limits_text(limits.max_bytes, limits.max_rows) + " " +
                 _("Macro workbooks (.xlsm) and old .xls files are refused. The file is sent "
                   "once; the check saves nothing."), className="form-text mb-2"),
        html.Div(id=ids.UPLOAD_ALERT, **{"aria-live": "polite"}),
        html.Div(id=ids.UPLOAD_PROGRESS),
        html.Div(id=ids.UPLOAD_REPORT, **{"aria-live": "polite"}),
        html.Div([
            html.Div([
                dbc.Button([html.I(className="bi bi-check2-all me-2", **icon),
                            _("Import all")], id=ids.UPLOAD_IMPORT_ALL, color="primary",
                           disabled=True),
                dbc.Button([html.I(className="bi bi-funnel me-2", **icon),
                            _("Import only the valid seizures")],
                           id=ids.UPLOAD_IMPORT_VALID, color="primary", outline=True,
                           disabled=True),
            ], className="d-flex flex-wrap gap-2"),
            html.Div(_("Import all is possible only when no row is rejected. An import is "
                       "done in one go: it completes, or nothing is saved."),
                     className="form-text"),
        ], id=ids.UPLOAD_ACTIONS, hidden=True, className="mt-3"),
    ]


def layout(**_query: str) -> html.Div:
    """Template, operation and country, then the file, its report and the import."""
    return html.Div([
        html.Div([
            dcc.Link([html.I(className="bi bi-arrow-left me-1", **{"aria-hidden": "true"}),
                      _("Back to the entry form")], href=paths.REPORT, className="small"),
        ], className="mb-2"),
        html.H1(_("Upload a spreadsheet"), className="h3 mb-1"),
        html.P(_("Report many seizures at once from your own spreadsheet: the whole file is "
                 "checked first, and you decide what to import."),
               className="text-body-secondary mb-3"),
        dcc.Store(id=ids.UPLOAD_OPENED, data=True),
        dcc.Store(id=ids.UPLOAD_JOB),
        dcc.Interval(id=ids.UPLOAD_POLL, interval=POLL_MS, disabled=True),
        _step(1, _("Get the template"), _template_step(),
              _("Fill in the template, or use your own spreadsheet with the same column "
                "names.")),
        _step(2, _("Operation and country"), _target_step()),
        _step(3, _("Send the file"), _file_step()),
    ], className="upload-page", style={"maxWidth": "72rem"})
