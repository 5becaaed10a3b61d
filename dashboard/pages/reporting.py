"""Reporting (/reporting): which countries reported for which day, on time or not."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.figures.reporting import (
    SORT_LABELS,
    SORT_MISSING,
    SORT_NAME,
    SORT_REGION,
    status_legend,
)
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.ui.filter_bar import filter_bar, state_from_params
from dashboard.ui.live import live_controls

register_page(__name__)

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
# The matrix scrolls inside its card; its day header stays in view above it.
MATRIX_SCROLL_STYLE = {"maxHeight": "70vh", "overflowY": "auto"}
HEADER_STYLE = {"position": "sticky", "top": 0, "zIndex": 2, "backgroundColor": "#fff"}


def _sort_choice(component_id: str, choices: tuple[str, ...]) -> html.Div:
    """A labelled row of buttons choosing an order."""
    return html.Div([
        dbc.Label(_("Sort by"), html_for=component_id, className="small me-2 mb-0"),
        dbc.RadioItems(id=component_id, value=choices[0], inline=True,
                       options=[{"label": _(SORT_LABELS[c]), "value": c} for c in choices],
                       className="small", input_class_name="me-1"),
    ], className="d-flex align-items-center flex-wrap")


def layout(**query: str) -> html.Div:
    """Filter bar, rate cards, the compliance matrix and today's missing countries."""
    matrix = dbc.Card([
        dbc.CardHeader(dbc.Row([
            dbc.Col(html.H2(_("Daily reports by country"), className="h5 mb-0"), md=True),
            dbc.Col(_sort_choice(ids.REPORTING_MATRIX_SORT,
                                 (SORT_REGION, SORT_NAME, SORT_MISSING)), md="auto"),
        ], align="center", className="g-2")),
        dbc.CardBody([
            status_legend(),
            html.Div(id=ids.REPORTING_DEADLINE, className="small text-body-secondary mb-2"),
            dcc.Loading(html.Div([
                html.Div(dcc.Graph(id=ids.REPORTING_MATRIX_HEADER, config=GRAPH_CONFIG),
                         style=HEADER_STYLE),
                dcc.Graph(id=ids.REPORTING_MATRIX, config=GRAPH_CONFIG),
            ], style=MATRIX_SCROLL_STYLE, tabIndex="0", role="region",
                **{"aria-label": _("Daily reports by country")}), type="dot", delay_show=400),
        ]),
    ], className="mb-3 shadow-sm")
    absent = dbc.Card([
        dbc.CardHeader(dbc.Row([
            dbc.Col(html.H2(_("Not reported today"), className="h5 mb-0"), md=True),
            dbc.Col(_sort_choice(ids.REPORTING_ABSENT_SORT, (SORT_REGION, SORT_NAME)),
                    md="auto"),
        ], align="center", className="g-2")),
        dbc.CardBody(dcc.Loading(html.Div(id=ids.REPORTING_ABSENT), type="dot",
                                 delay_show=400)),
    ], className="mb-3 shadow-sm")
    return html.Div([
        filter_bar(state_from_params(query)),
        live_controls(ids.REPORTING_LIVE),
        html.H1(_("Reporting"), className="h3 mb-3"),
        html.P(_("Region and country filters apply here; commodity and transport filters "
                 "do not."), className="small text-body-secondary"),
        dcc.Loading(html.Div(id=ids.REPORTING_RATES), type="dot", delay_show=400),
        matrix,
        absent,
    ])
