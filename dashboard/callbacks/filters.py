"""Callbacks of the filter bar: choices from the database, values into the URL."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.context import current_scope
from dashboard.database import read_session
from dashboard.i18n import localized
from dashboard.server.cache import cached_output
from dashboard.ui import components, labels
from dashboard.ui.filter_bar import (
    FilterState,
    search_from_state,
    state_from_search,
    state_from_values,
)
from data_access.queries import filter_options, operations


@callback(
    Output(ids.OPERATION_PICKER, "options"),
    Output(ids.OPERATION_PICKER, "value"),
    Output(ids.FILTER_REGIONS, "options"),
    Output(ids.FILTER_COUNTRIES, "options"),
    Output(ids.FILTER_GROUPS, "options"),
    Output(ids.FILTER_TERMS, "options"),
    Output(ids.FILTER_MODES, "options"),
    Output(ids.FILTER_DATES, "min_date_allowed"),
    Output(ids.FILTER_DATES, "max_date_allowed"),
    Input(ids.URL, "pathname"),
    State(ids.URL, "search"),
)
@allow(*COMMAND_CENTRE_ROLES)
def filter_choices(_pathname: str | None, search: str | None) -> tuple:
    """Offer the operations and, for the chosen one, its regions, countries and commodities.

    Every page asks for these on load: they are cached under the list of operations and the
    chosen operation's data version, which cost two small indexed reads."""
    state = state_from_search(search)
    scope = current_scope()
    with read_session() as session:
        frame = operations.list_operations(session, scope)
        codes = set(frame[operations.OperationColumns.CODE])
        code = state.operation if state.operation in codes else \
            operations.default_operation_code(session, scope)
        operation = filter_options.resolve_operation(session, code, scope)
        version = filter_options.data_version(session, operation.id) if operation else None
    window = (operation.start_date.isoformat(), operation.end_date.isoformat()) \
        if operation else (None, None)
    return _filter_choices(frame.to_dict("records"), code,
                           operation.id if operation else None, version, *window)


@cached_output("filters.filter_choices")
def _filter_choices(operation_rows: list[dict], code: str | None, operation_id: int | None,
                    _version: int | None, first_day: str | None,
                    last_day: str | None) -> tuple:
    """filter_choices()'s answer, remembered for the same list of operations, chosen
    operation and data version."""
    frame = pd.DataFrame.from_records(operation_rows)
    if operation_id is None:
        return (components.operation_options(frame), code, [], [], [], [],
                labels.options(labels.TRANSPORT_MODES), None, None)
    with read_session() as session:
        choices = filter_options.filter_options(session, operation_id)
    return (
        components.operation_options(frame),
        code,
        [{"label": localized(r, "name"), "value": r.code}
         for r in choices.regions.itertuples()],
        [{"label": localized(r, "name"), "value": r.iso3}
         for r in choices.countries.itertuples()],
        labels.options(labels.DISPLAY_GROUPS, choices.groups),
        [{"label": f"{localized(r, 'label')} ({r.code})", "value": r.code}
         for r in choices.terms.itertuples()],
        labels.options(labels.TRANSPORT_MODES),
        first_day,
        last_day,
    )


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.OPERATION_PICKER, "value"),
    Input(ids.FILTER_DATES, "start_date"),
    Input(ids.FILTER_DATES, "end_date"),
    Input(ids.FILTER_REGIONS, "value"),
    Input(ids.FILTER_COUNTRIES, "value"),
    Input(ids.FILTER_GROUPS, "value"),
    Input(ids.FILTER_TERMS, "value"),
    Input(ids.FILTER_MODES, "value"),
    Input(ids.FILTER_RESET, "n_clicks"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
@allow(*COMMAND_CENTRE_ROLES)
def filters_to_url(operation, date_from, date_to, regions, countries, groups, terms, modes,
                   _reset, search):
    """Write the filters into the URL, so the view can be bookmarked and shared."""
    if ctx.triggered_id == ids.FILTER_RESET:
        state = FilterState(operation=operation)
    else:
        state = state_from_values(operation, date_from, date_to, regions, countries, groups,
                                  terms, modes)
    new_search = search_from_state(state)
    if new_search == (search or ""):
        raise dash.exceptions.PreventUpdate
    return new_search
