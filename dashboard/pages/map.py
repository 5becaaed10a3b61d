"""Map (/map): seizure hotspots, ports, reporting countries and trafficking routes."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.figures.map import (
    RESOLUTION_AUTO,
    ColourBy,
    base_map,
    colour_options,
    layer_options,
    map_legend_note,
    place_panel,
    resolution_options,
)
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.ui.filter_bar import filter_bar, state_from_params
from dashboard.ui.live import live_controls
from data_access.queries.geography import Layers

register_page(__name__)

# Offline map: plotly's geo traces would fetch their topojson from the CDN without this;
# the MapLibre traces used here draw only the app's own outlines (dashboard/server/map_layers.py).
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": True,
                "topojsonURL": paths.TOPOJSON_ASSETS,
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def _controls() -> dbc.Card:
    """Layer switches, what colours the map, and the hotspot cell size."""
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([
            html.Div(_("Layers"), id=f"{ids.MAP_LAYERS}-label", className="small mb-1"),
            html.Div(dbc.Checklist(id=ids.MAP_LAYERS, options=layer_options(),
                                   value=list(Layers.ALL), switch=True, inline=True,
                                   persistence=True, persistence_type="session"),
                     role="group", **{"aria-labelledby": f"{ids.MAP_LAYERS}-label"}),
        ], xs=12, xl=5),
        dbc.Col([
            html.Div(_("Colour by"), id=f"{ids.MAP_COLOUR_BY}-label", className="small mb-1"),
            html.Div(dbc.RadioItems(id=ids.MAP_COLOUR_BY, options=colour_options(),
                                    value=ColourBy.COUNT, inline=True, persistence=True,
                                    persistence_type="session"),
                     role="radiogroup", **{"aria-labelledby": f"{ids.MAP_COLOUR_BY}-label"}),
        ], xs=12, md=6, xl=3),
        dbc.Col([
            dbc.Label(_("Hotspot cell size"), html_for=ids.MAP_RESOLUTION,
                      className="small mb-1"),
            dbc.Select(id=ids.MAP_RESOLUTION, options=resolution_options(),
                       value=RESOLUTION_AUTO, size="sm", persistence=True,
                       persistence_type="session"),
        ], xs=12, md=6, xl=4),
    ], className="g-2")), className="mb-2 shadow-sm")


def layout(**query: str) -> html.Div:
    """Filter bar, map controls, the map and the side panel of the clicked place."""
    return html.Div([
        filter_bar(state_from_params(query)),
        live_controls(ids.MAP_LIVE),
        dcc.Store(id=ids.MAP_ZOOM_RESOLUTION),
        dcc.Store(id=ids.MAP_VIEW),
        html.H1(_("Map"), className="visually-hidden"),
        dbc.Row([
            dbc.Col([
                _controls(),
                html.Div(id=ids.MAP_STATUS),
                dcc.Loading(dcc.Graph(id=ids.MAP_GRAPH, figure=base_map(),
                                      config=GRAPH_CONFIG, className="map-graph"),
                            type="dot", delay_show=400,
                            # Keep the map in view while it redraws (zoom, refresh).
                            overlay_style={"visibility": "visible", "opacity": 0.6}),
                map_legend_note(),
            ], lg=8, xxl=9, className="mb-3"),
            dbc.Col(dbc.Card(dbc.CardBody(
                html.Div(place_panel(None), id=ids.MAP_PANEL, role="region",
                         **{"aria-live": "polite", "aria-label": _("Selected place")}),
                # As tall as the map and its controls; longer lists scroll inside the card.
                style={"maxHeight": "820px", "overflowY": "auto"}),
                className="shadow-sm map-panel"),
                    lg=4, xxl=3, className="mb-3"),
        ]),
    ])
