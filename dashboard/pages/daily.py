"""Daily tallies (/daily): the operation day by day, compared with earlier operations."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.figures.daily import (
    CHART_HEIGHT,
    DEFAULT_COUNTRY_ROWS,
    Measure,
    grid_height,
    measure_options,
    stack_options,
)
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.ui.filter_bar import filter_bar, state_from_params
from dashboard.ui.live import live_controls
from data_access.queries.daily import StackBy

register_page(__name__)

MEASURE_PARAM = "measure"
STACK_PARAM = "stack"
# Shown until the first callback answers: no axes rather than an empty grid.
BLANK_FIGURE = {"layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                           "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}}
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def _switch(component_id: str, label: str, options: list[dict], value: str) -> dbc.Col:
    """A labelled group of toggle buttons (one choice)."""
    return dbc.Col([
        html.Div(label, id=f"{component_id}-label", className="small mb-1"),
        html.Div(dbc.RadioItems(id=component_id, options=options, value=value,
                                className="btn-group", inputClassName="btn-check",
                                labelClassName="btn btn-outline-primary btn-sm",
                                labelCheckedClassName="active"),
                 role="group", **{"aria-labelledby": f"{component_id}-label"}),
    ], xs="auto")


def _card(title: str, body, note: str = "") -> dbc.Card:
    """A titled card around a figure or table."""
    return dbc.Card([
        dbc.CardHeader(html.H2(title, className="h6 mb-0")),
        dbc.CardBody([body, html.Div(note, className="small text-body-secondary mt-1")
                      if note else None]),
    ], className="h-100 shadow-sm")


def _graph(component_id: str, height: int) -> dcc.Loading:
    """A graph filled by a callback, with a loading indicator. Its height is fixed: a
    responsive graph otherwise takes its card's height, which depends on the graph."""
    return dcc.Loading(dcc.Graph(id=component_id, config=GRAPH_CONFIG, figure=BLANK_FIGURE,
                                 style={"height": f"{height}px"}),
                       type="dot", delay_show=400)


def layout(**query: str) -> html.Div:
    """Filter bar, the switches, the per-day bars, the cumulative curves and the grid."""
    measure = query.get(MEASURE_PARAM)
    measure = measure if measure in Measure.ALL else Measure.SEIZURES
    stack = query.get(STACK_PARAM)
    stack = stack if stack in StackBy.ALL else StackBy.REGION
    return html.Div([
        filter_bar(state_from_params(query)),
        live_controls(ids.DAILY_LIVE),
        html.H1(_("Daily tallies"), className="visually-hidden"),
        dbc.Row([
            _switch(ids.DAILY_MEASURE, _("Count"), measure_options(), measure),
            _switch(ids.DAILY_STACK_BY, _("Stack the bars by"), stack_options(), stack),
        ], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(_card(_("Per day"), _graph(ids.DAILY_STACK, CHART_HEIGHT)), lg=7,
                    className="mb-3"),
            dbc.Col(_card(_("Running total, compared with earlier operations"),
                          _graph(ids.DAILY_CUMULATIVE, CHART_HEIGHT),
                          _("Operations aligned by operation day; earlier operations under the "
                            "same filters.")), lg=5, className="mb-3"),
        ]),
        dbc.Card([
            dbc.CardHeader(dbc.Row([
                dbc.Col(html.H2(_("Seizures per country and day"), className="h6 mb-0"),
                        className="align-self-center"),
                dbc.Col(dbc.Switch(id=ids.DAILY_SHOW_ALL, value=False,
                                   label=_("Show all participating countries"),
                                   className="mb-0"), xs="auto"),
            ], className="g-2 justify-content-between")),
            dbc.CardBody(_graph(ids.DAILY_GRID, grid_height(DEFAULT_COUNTRY_ROWS))),
        ], className="shadow-sm mb-3"),
    ])
