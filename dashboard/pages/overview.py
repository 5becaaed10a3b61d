"""Overview (/): the operation at a glance."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.ui.filter_bar import filter_bar, state_from_params
from dashboard.ui.live import live_controls
from dashboard.views.overview import refresh_button

register_page(__name__)

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}


def _card(title: str, body) -> dbc.Card:
    """A titled card around one figure or list."""
    return dbc.Card([dbc.CardHeader(html.H2(title, className="h6 mb-0")),
                     dbc.CardBody(body)], className="h-100 shadow-sm")


def _loading(child) -> dcc.Loading:
    return dcc.Loading(child, type="dot", delay_show=400)


def layout(**query: str) -> html.Div:
    """Filter bar, headline and KPI cards, commodities, daily tallies, hotspots and the
    latest entries (filled by callbacks/overview.py)."""
    # The hotspot map is MapLibre on the app's own outlines; should a geo trace ever be
    # drawn here, its world outlines come from the app too, never from a CDN. No scroll
    # zoom: the wheel scrolls the page, the map zooms with its buttons or a double click.
    map_config = {**GRAPH_CONFIG, "topojsonURL": dash.get_asset_url("topojson/"),
                  "scrollZoom": False}
    return html.Div([
        filter_bar(state_from_params(query)),
        dbc.Row([dbc.Col(live_controls(ids.OVERVIEW_LIVE)),
                 dbc.Col(refresh_button(), width="auto")], align="start", className="g-2"),
        _loading(html.Div(id=ids.OVERVIEW_HEADLINE)),
        _loading(html.Div(id=ids.OVERVIEW_COMMODITIES)),
        dbc.Row([
            dbc.Col(_card(_("Seizures per day"), _loading(dcc.Graph(
                id=ids.OVERVIEW_DAILY, config=GRAPH_CONFIG))), lg=7, className="mb-3"),
            dbc.Col(_card(_("Hotspots"), _loading(dcc.Graph(
                id=ids.OVERVIEW_HOTSPOTS, config=map_config))), lg=5, className="mb-3"),
        ]),
        _card(_("Latest entries"), _loading(html.Div(id=ids.OVERVIEW_LATEST))),
    ])
