"""Species (/species): what was seized, from taxon groups down to species and units."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.figures.species import (
    APPENDIX_HEIGHT,
    COMMODITY_HEIGHT,
    SUNBURST_HEIGHT,
    sort_options,
)
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.ui.filter_bar import filter_bar, state_from_params
from dashboard.ui.live import live_controls
from data_access.queries.species import SortKeys

register_page(__name__)

SORT_PARAM = "sort"
# Shown until the first callback answers: no axes rather than an empty grid.
BLANK_FIGURE = {"layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                           "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}}
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


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
    """Filter bar, taxonomy sunburst, CITES appendices, commodities, totals and the table."""
    sort = query.get(SORT_PARAM)
    sort = sort if sort in SortKeys.ALL else SortKeys.SEIZURES
    table_header = dbc.Row([
        dbc.Col(html.H2(_("Species seized"), className="h6 mb-0"), className="align-self-center"),
        dbc.Col(dbc.InputGroup([
            dbc.InputGroupText(html.Label(_("Sort by"), htmlFor=ids.SPECIES_SORT,
                                          className="mb-0")),
            dcc.Dropdown(id=ids.SPECIES_SORT, options=sort_options(), value=sort,
                         clearable=False, searchable=False, style={"minWidth": "14rem"}),
        ], size="sm", className="flex-nowrap"), xs="auto"),
    ], className="g-2 justify-content-between")
    taxonomy = _card(_("Taxonomy of seized items"),
                     _graph(ids.SPECIES_SUNBURST, SUNBURST_HEIGHT),
                     _("Sector size: seizure items. Click a sector to zoom into it, and the "
                       "centre to go back up."))
    appendices = _card(_("CITES appendix"), _graph(ids.SPECIES_APPENDICES, APPENDIX_HEIGHT),
                       _("A seizure of taxa from several appendices counts in each."))
    commodities = _card(_("Commodities (CITES terms)"),
                        _graph(ids.SPECIES_COMMODITIES, COMMODITY_HEIGHT))
    totals = _card(_("Harmonised totals"),
                   dcc.Loading(html.Div(id=ids.SPECIES_TOTALS), type="dot", delay_show=400),
                   _("Only quantities in units with a conversion are added up (grams into "
                     "kilograms, litres into cubic metres); other units are never added."))
    return html.Div([
        filter_bar(state_from_params(query)),
        live_controls(ids.SPECIES_LIVE),
        html.H1(_("Species"), className="visually-hidden"),
        dbc.Row([dbc.Col(taxonomy, lg=8, className="mb-3"),
                 dbc.Col(appendices, lg=4, className="mb-3")]),
        dbc.Row([dbc.Col(commodities, lg=6, className="mb-3"),
                 dbc.Col(totals, lg=6, className="mb-3")]),
        dbc.Card([
            dbc.CardHeader(table_header),
            dbc.CardBody(dcc.Loading(html.Div(id=ids.SPECIES_TABLE), type="dot",
                                     delay_show=400)),
        ], className="shadow-sm mb-3"),
    ])
