"""Overview (/): the operation at a glance."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES
from dashboard.filters import filter_bar, state_from_params
from dashboard.i18n import N_
from dashboard.live import live_controls

dash.register_page(
    __name__,
    path="/",
    name=N_("Overview"),
    title="jointops",
    nav=True,
    order=0,
    roles=COMMAND_CENTRE_ROLES,
)


def layout(**query: str) -> html.Div:
    """Filter bar, headline and KPI cards (filled by callbacks/overview.py)."""
    return html.Div([
        filter_bar(state_from_params(query)),
        live_controls(ids.OVERVIEW_LIVE),
        dcc.Loading(html.Div(id=ids.OVERVIEW_HEADLINE), type="dot", delay_show=400),
    ])
