"""Overview (/): the operation at a glance."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES
from dashboard.i18n import N_, _
from dashboard.refresh import refresh_interval_ms

dash.register_page(
    __name__,
    path="/",
    name=N_("Overview"),
    title="jointops",
    nav=True,
    order=0,
    roles=COMMAND_CENTRE_ROLES,
)


def layout(operation: str | None = None, **_kwargs: object) -> html.Div:
    """Operation picker, headline and KPI cards (filled by callbacks/overview.py)."""
    return html.Div([
        dbc.Row([
            dbc.Col([
                dbc.Label(_("Operation"), html_for=ids.OPERATION_PICKER),
                dcc.Dropdown(id=ids.OPERATION_PICKER, value=operation, clearable=False,
                             placeholder=_("Choose an operation")),
            ], md=6, lg=4),
            dbc.Col(html.Div(id=ids.UPDATED_AT, className="text-body-secondary small",
                             role="status", **{"aria-live": "polite"}),
                    className="align-self-end text-end"),
        ], className="mb-3"),
        dcc.Loading(html.Div(id=ids.OVERVIEW_HEADLINE), type="dot", delay_show=400),
        dcc.Interval(id=ids.REFRESH_INTERVAL, interval=refresh_interval_ms()),
    ])
