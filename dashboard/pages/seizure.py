"""Seizure (/seizure?id=N): one seizure's details, items, status and history, with the
commanders' Verify button (callbacks/seizure.py). Not in the menu: opened from the
overview's latest entries."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _
from dashboard.site import register_page
from dashboard.views.seizure import parse_seizure_id

register_page(__name__)


def _card(title: str, body, **kwargs) -> dbc.Card:
    """A titled card."""
    return dbc.Card([dbc.CardHeader(html.H2(title, className="h6 mb-0")),
                     dbc.CardBody(body)], className="shadow-sm mb-3", **kwargs)


def _actions() -> list:
    """Verify (while provisional), or return to provisional with a reason (once verified);
    the callback shows the one that applies."""
    return [
        html.Div([
            html.P(_("Verify the seizure once its details have been checked with the "
                     "reporting country."), className="small text-body-secondary"),
            dbc.Button([html.I(className="bi bi-patch-check me-2", **{"aria-hidden": "true"}),
                        _("Verify")], id=ids.SEIZURE_VERIFY, color="success", disabled=True),
        ], id=ids.SEIZURE_VERIFY_BOX, className="d-none"),
        html.Div([
            dbc.Label(_("Reason for returning it to provisional"),
                      html_for=ids.SEIZURE_UNVERIFY_REASON, className="small"),
            dbc.Textarea(id=ids.SEIZURE_UNVERIFY_REASON, maxLength=500, rows=2,
                         className="mb-2"),
            dbc.Button(_("Return to provisional"), id=ids.SEIZURE_UNVERIFY, color="warning",
                       outline=True, disabled=True),
        ], id=ids.SEIZURE_UNVERIFY_BOX, className="d-none"),
        html.Div(id=ids.SEIZURE_ALERT, **{"aria-live": "polite"}),
    ]


def layout(id: str | None = None, **_query: str) -> html.Div:  # noqa: A002 - the URL's name
    """Heading and status, details and items, the verification card and the history."""
    return html.Div([
        dcc.Store(id=ids.SEIZURE_ID, data=parse_seizure_id(id)),
        dcc.Store(id=ids.SEIZURE_VERSION),
        dcc.Store(id=ids.SEIZURE_SAVED),
        html.Div([
            dcc.Link([html.I(className="bi bi-arrow-left me-1", **{"aria-hidden": "true"}),
                      _("Overview")], href=paths.OVERVIEW, className="small no-print"),
            html.Div([html.H1(id=ids.SEIZURE_TITLE, className="h4 mb-0 me-3"),
                      html.Div(id=ids.SEIZURE_STATUS)],
                     className="d-flex flex-wrap align-items-center mt-1"),
        ], className="mb-3"),
        dcc.Loading(html.Div(id=ids.SEIZURE_DETAIL), type="dot", delay_show=400),
        dbc.Row([
            dbc.Col(_card(_("Verification"), _actions()), lg=4, id=ids.SEIZURE_ACTIONS),
            dbc.Col(_card(_("History"), html.Div(id=ids.SEIZURE_HISTORY)), lg=8),
        ]),
    ])
