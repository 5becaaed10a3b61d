"""The filter bar of the command-centre pages and its round trip through the URL query.

A view is bookmarkable: every filter lives in the query string (?operation=...&region=...),
the page layout rebuilds the bar from it, and the page's figures read it from the URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from urllib.parse import parse_qs, urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import _
from data_access.filters import SeizureFilters
from data_access.queries.filter_options import OperationRef

LIST_SEPARATOR = ","
# Longest accepted list in a query parameter; a longer one is cut (a URL is user input).
MAX_LIST = 300


class QueryKeys:
    """Names of the URL query parameters."""

    OPERATION = "operation"
    DATE_FROM = "from"
    DATE_TO = "to"
    REGIONS = "region"
    COUNTRIES = "country"
    GROUPS = "group"
    TERMS = "term"
    MODES = "mode"


@dataclass(frozen=True)
class FilterState:
    """The filters as they appear in the URL: codes, not yet checked against the database."""

    operation: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()


_KEYS = {
    "operation": QueryKeys.OPERATION, "date_from": QueryKeys.DATE_FROM,
    "date_to": QueryKeys.DATE_TO, "regions": QueryKeys.REGIONS,
    "countries": QueryKeys.COUNTRIES, "groups": QueryKeys.GROUPS, "terms": QueryKeys.TERMS,
    "modes": QueryKeys.MODES,
}


def _date(value: str | None) -> dt.date | None:
    """An ISO date from the URL, or None when absent or malformed."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _codes(value: str | None) -> tuple[str, ...]:
    """A comma-separated list of short codes from the URL (anything odd is dropped)."""
    if not value:
        return ()
    codes = [c.strip() for c in value.split(LIST_SEPARATOR)]
    return tuple(c for c in codes if c and len(c) <= 32 and c.replace("_", "").isalnum())[
        :MAX_LIST]


def state_from_params(params: Mapping[str, str | None]) -> FilterState:
    """Filters from page keyword arguments or a parsed query string."""
    operation = params.get(QueryKeys.OPERATION) or None
    if operation is not None and len(operation) > 32:
        operation = None
    return FilterState(
        operation=operation,
        date_from=_date(params.get(QueryKeys.DATE_FROM)),
        date_to=_date(params.get(QueryKeys.DATE_TO)),
        regions=_codes(params.get(QueryKeys.REGIONS)),
        countries=_codes(params.get(QueryKeys.COUNTRIES)),
        groups=_codes(params.get(QueryKeys.GROUPS)),
        terms=_codes(params.get(QueryKeys.TERMS)),
        modes=_codes(params.get(QueryKeys.MODES)),
    )


def state_from_search(search: str | None) -> FilterState:
    """Filters from a URL query string ("?operation=...")."""
    parsed = parse_qs((search or "").lstrip("?"))
    return state_from_params({key: values[-1] for key, values in parsed.items()})


def state_from_values(operation: str | None, date_from: str | None, date_to: str | None,
                      regions: list[str] | None, countries: list[str] | None,
                      groups: list[str] | None, terms: list[str] | None,
                      modes: list[str] | None) -> FilterState:
    """Filters from the filter bar's component values (checked like URL values)."""
    def joined(values: list[str] | None) -> str:
        return LIST_SEPARATOR.join(values or [])

    return state_from_params({
        QueryKeys.OPERATION: operation, QueryKeys.DATE_FROM: (date_from or "")[:10],
        QueryKeys.DATE_TO: (date_to or "")[:10], QueryKeys.REGIONS: joined(regions),
        QueryKeys.COUNTRIES: joined(countries), QueryKeys.GROUPS: joined(groups),
        QueryKeys.TERMS: joined(terms), QueryKeys.MODES: joined(modes),
    })


def search_from_state(state: FilterState) -> str:
    """The query string for filters, with only the parameters that are set."""
    params = []
    for field in fields(state):
        value = getattr(state, field.name)
        if not value:
            continue
        if isinstance(value, tuple):
            value = LIST_SEPARATOR.join(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        params.append((_KEYS[field.name], value))
    return "?" + urlencode(params, safe=",") if params else ""


def _multi(component_id: str, label: str, values: tuple[str, ...]) -> dbc.Col:
    """A labelled multi-select whose options are filled by a callback."""
    return dbc.Col([
        dbc.Label(label, html_for=component_id, className="small mb-1"),
        dcc.Dropdown(id=component_id, multi=True, value=list(values), placeholder=_("All"),
                     options=[{"label": v, "value": v} for v in values]),
    ], xs=12, sm=6, lg=2)


def filter_bar(state: FilterState) -> dbc.Card:
    """The filter bar, showing the values of the URL."""
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([
            dbc.Label(_("Operation"), html_for=ids.OPERATION_PICKER, className="small mb-1"),
            dcc.Dropdown(id=ids.OPERATION_PICKER, value=state.operation, clearable=False,
                         placeholder=_("Choose an operation")),
        ], xs=12, lg=3),
        dbc.Col([
            dbc.Label(_("Dates"), html_for=ids.FILTER_DATES, className="small mb-1"),
            dcc.DatePickerRange(
                id=ids.FILTER_DATES,
                start_date=state.date_from.isoformat() if state.date_from else None,
                end_date=state.date_to.isoformat() if state.date_to else None,
                display_format="YYYY-MM-DD", clearable=True,
                start_date_placeholder_text=_("From"), end_date_placeholder_text=_("To"),
            ),
        ], xs=12, lg=3),
        _multi(ids.FILTER_REGIONS, _("Regions"), state.regions),
        _multi(ids.FILTER_COUNTRIES, _("Countries"), state.countries),
        _multi(ids.FILTER_GROUPS, _("Taxon groups"), state.groups),
        _multi(ids.FILTER_TERMS, _("Commodities"), state.terms),
        _multi(ids.FILTER_MODES, _("Transport"), state.modes),
        dbc.Col(dbc.Button([html.I(className="bi bi-x-circle me-1", **{"aria-hidden": "true"}),
                            _("Clear filters")], id=ids.FILTER_RESET, color="link",
                           size="sm"), xs=12, lg="auto", className="align-self-end"),
    ], className="g-2")), id=ids.FILTER_BAR, className="mb-3 shadow-sm filter-bar")


def seizure_filters(operation: OperationRef, state: FilterState) -> SeizureFilters:
    """The query filters for an operation, dates clipped to the operation's window."""
    date_from = max(state.date_from, operation.start_date) if state.date_from else None
    date_to = min(state.date_to, operation.end_date) if state.date_to else None
    return SeizureFilters(
        operation_id=operation.id, date_from=date_from, date_to=date_to,
        regions=state.regions, countries=state.countries, taxon_groups=state.groups,
        terms=state.terms, transport_modes=state.modes,
    )


def is_filtered(state: FilterState) -> bool:
    """Whether anything beyond the operation is narrowed down."""
    return any((state.date_from, state.date_to, state.regions, state.countries, state.groups,
                state.terms, state.modes))
