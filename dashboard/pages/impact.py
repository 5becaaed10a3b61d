"""Impact (/impact): the story of an operation for the people who fund it, sanitised.

Donors see only this page; focal points, commanders and administrators see it as the
operation-wide summary. It has its own operation picker and no filter bar: the figures are
fixed aggregates that cannot be narrowed down to one country or one day.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import _
from dashboard.site import register_page

register_page(__name__)

OPERATION_PARAM = "operation"
# A report-like reading width; print.css lays it out on A4 at this width.
REPORT_STYLE = {"maxWidth": "1000px", "margin": "0 auto"}


def _export_link(component_id: str, icon: str, text: str) -> html.A:
    """A download link (its address is set with the operation by a callback)."""
    return html.A([html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}), text],
                  id=component_id, href=None, className="btn btn-outline-primary btn-sm me-2",
                  rel="nofollow")


def layout(**query: str) -> html.Div:
    """The operation picker, the downloads, and the report (filled by callbacks/impact.py)."""
    operation = query.get(OPERATION_PARAM) or None
    if operation is not None and len(operation) > 32:
        operation = None
    return html.Div([
        dbc.Card(dbc.CardBody(dbc.Row([
            dbc.Col([
                dbc.Label(_("Operation"), html_for=ids.IMPACT_OPERATION,
                          className="small mb-1"),
                dcc.Dropdown(id=ids.IMPACT_OPERATION, value=operation, clearable=False,
                             placeholder=_("Choose an operation")),
            ], xs=12, md=5),
            dbc.Col([
                html.Div(_("Download"), className="small mb-1"),
                html.Div([
                    _export_link(ids.IMPACT_CSV, "bi-filetype-csv", _("Figures (CSV)")),
                    _export_link(ids.IMPACT_PDF, "bi-file-earmark-pdf", _("Report (PDF)")),
                ]),
            ], xs=12, md=7),
            dbc.Col(html.Small(_("To print, use your browser's Print command: the page is "
                                 "laid out for A4 paper."), id=ids.IMPACT_PRINT,
                               className="text-body-secondary"), xs=12, className="mt-2"),
        ], className="g-2 align-items-end")), id=ids.IMPACT_CONTROLS,
            className="mb-3 shadow-sm impact-controls"),
        dcc.Loading(html.Div(id=ids.IMPACT_BODY), type="dot", delay_show=400),
    ], className="impact-page", style=REPORT_STYLE)
