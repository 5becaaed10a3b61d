"""Callbacks of the entry page (/report) that fill its choices and follow its state:
operation and country, lock state, the day's status, ports, species search, units per term,
and adding or removing item lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import ALL, MATCH, Input, Output, Patch, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.access import ADMIN, COMMANDER, FOCAL_POINT, allow
from dashboard.context import current_principal
from dashboard.database import read_session
from dashboard.server import callback_errors as bad
from dashboard.ui.choices import (
    parse_country,
    parse_operation_id,
    target_country_options,
    target_operation_options,
)
from dashboard.views import report_form as rf
from dashboard.views import report_status as rs
from data_access import entries
from data_access.entry_options import country_list, entry_locations
from data_access.entry_rules import country_today
from data_access.errors import EntryError
from data_access.importer.targets import upload_countries, upload_operations

WRITERS = (ADMIN, COMMANDER, FOCAL_POINT)
COUNTRY_FIELDS = (rf.Field.ORIGIN, rf.Field.EXPORT, rf.Field.TRANSIT, rf.Field.DESTINATION)
SPECIES_RESULTS = 15


@callback(
    Output(ids.REPORT_OPERATION, "options"),
    Output(ids.REPORT_OPERATION, "value"),
    *[Output(rf.field_id(name), "options") for name in COUNTRY_FIELDS],
    Input(ids.REPORT_OPENED, "data"),
)
@allow(*WRITERS)
def report_operations(_opened: Any):
    """The operations the user may report in (the active one first) and every country."""
    with read_session() as session:
        operations = upload_operations(session, current_principal())
        countries = rf.country_options(country_list(session))
    options = target_operation_options(operations)
    return (options, options[0]["value"] if options else None,
            *[countries for _name in COUNTRY_FIELDS])


@callback(
    Output(ids.REPORT_COUNTRY, "options"),
    Output(ids.REPORT_COUNTRY, "value"),
    Output(ids.REPORT_COUNTRY, "disabled"),
    Input(ids.REPORT_OPERATION, "value"),
    State(ids.REPORT_COUNTRY, "value"),
)
@allow(*WRITERS)
def report_countries(operation: Any, chosen: Any):
    """The countries the user may report for in this operation (a focal point: their own)."""
    operation_id = parse_operation_id(operation)
    if operation_id is None:
        return [], None, True
    principal = current_principal()
    with read_session() as session:
        frame = upload_countries(session, principal, operation_id)
    options = target_country_options(frame)
    values = [o["value"] for o in options]
    value = chosen if chosen in values else (values[0] if values else None)
    return options, value, principal.role == FOCAL_POINT


@callback(
    Output(ids.REPORT_STATE, "children"),
    Output(ids.REPORT_REOPEN_BOX, "hidden"),
    Output("report-fieldset", "disabled"),
    Output(ids.REPORT_SAVE, "disabled"),
    Output(ids.REPORT_NIL, "disabled"),
    Output(rf.field_id(rf.Field.LOCATION), "options"),
    Output(ids.REPORT_DATE, "min_date_allowed"),
    Output(ids.REPORT_DATE, "max_date_allowed"),
    Output(ids.REPORT_DATE, "date"),
    Input(ids.REPORT_OPERATION, "value"),
    Input(ids.REPORT_COUNTRY, "value"),
    Input(ids.REPORT_REOPENED, "data"),
    State(ids.REPORT_DATE, "date"),
)
@allow(*WRITERS)
def report_context(operation: Any, country: Any, _reopened: Any, date: str | None):
    """Whether the country may report now, its ports, and the dates it may report for."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    date = bad.text(date, ids.REPORT_DATE)
    if operation_id is None or country is None:
        return (rs.no_choice(), True, True, True, True, [], None, None, None)
    principal = current_principal()
    try:
        with read_session() as session:
            state = entries.country_entry_state(session, principal, operation_id, country)
            places = rf.place_options(entry_locations(session, operation_id, country))
            today = country_today(session, country)
    except EntryError as exc:
        return (rs.refusal(exc), True, True, True, True, [], None, None, None)
    last = min(today, state.end_date)
    keep = date if date and state.start_date.isoformat() <= date <= last.isoformat() else None
    default = keep or (last if last >= state.start_date else state.start_date).isoformat()
    can_reopen = state.locked and principal.role in (ADMIN, COMMANDER)
    return (rs.state_banner(state), not can_reopen, state.locked, state.locked,
            state.locked, places, state.start_date.isoformat(), last.isoformat(), default)


@callback(
    Output(ids.REPORT_DAY_STATUS, "children"),
    Output(ids.REPORT_NIL, "children"),
    Input(ids.REPORT_DATE, "date"),
    Input(ids.REPORT_COUNTRY, "value"),
    Input(ids.REPORT_SAVED, "data"),
    State(ids.REPORT_OPERATION, "value"),
)
@allow(*WRITERS)
def report_day(date: str | None, country: Any, _saved: Any, operation: Any):
    """What the country has recorded for the chosen day, and the nil-return button's words."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    try:
        day = dt.date.fromisoformat(bad.text(date, ids.REPORT_DATE)) if date else None
    except ValueError:
        day = None
    if operation_id is None or country is None or day is None:
        return "", rs.nil_button_label(None)
    try:
        with read_session() as session:
            days = entries.country_days(session, current_principal(), operation_id, country)
    except EntryError as exc:
        return rs.refusal(exc), rs.nil_button_label(day)
    return rs.day_status(days, day), rs.nil_button_label(day)


@callback(
    Output(rf.field_id(rf.Field.LOCATION), "disabled"),
    Output(rf.field_id(rf.Field.LATITUDE), "disabled"),
    Output(rf.field_id(rf.Field.LONGITUDE), "disabled"),
    Input(rf.field_id(rf.Field.WHERE), "value"),
)
@allow(*WRITERS)
def report_where(where: str | None):
    """Only the controls of the chosen way of giving the place are active."""
    where = bad.text(where, rf.Field.WHERE)
    return (where != rf.Where.LOCATION, where != rf.Where.COORDINATES,
            where != rf.Where.COORDINATES)


@callback(
    Output(rf.item_id(rf.ItemField.SPECIES, MATCH), "options"),
    Input(rf.item_id(rf.ItemField.SPECIES, MATCH), "search_value"),
    State(rf.item_id(rf.ItemField.SPECIES, MATCH), "value"),
    State(rf.item_id(rf.ItemField.SPECIES, MATCH), "options"),
)
@allow(*WRITERS)
def report_species_search(text: str | None, value: Any, options: list | None):
    """Species whose scientific or common name (en, fr, pt) matches what was typed, best
    first; the chosen species stays among the options."""
    if not text:
        raise PreventUpdate  # nothing typed, or a request naming no item line
    text = bad.text(text, f"{rf.ItemField.SPECIES}.search_value")
    value = bad.scalar(value, f"{rf.ItemField.SPECIES}.value")
    options = bad.records(options, f"{rf.ItemField.SPECIES}.options")
    if len(text.strip()) < 2:
        raise PreventUpdate
    with read_session() as session:
        found = rf.species_options(entries.search_taxa(session, text, SPECIES_RESULTS),
                                   typed=text)
    kept = [o for o in options if o.get("value") == value
            and all(f["value"] != value for f in found)]
    return kept + found


@callback(
    Output(rf.item_id(rf.ItemField.UNIT, MATCH), "options"),
    Output(rf.item_id(rf.ItemField.UNIT, MATCH), "value"),
    Input(rf.item_id(rf.ItemField.TERM, MATCH), "value"),
    State(rf.item_id(rf.ItemField.UNIT, MATCH), "value"),
)
@allow(*WRITERS)
def report_term_units(term: str | None, unit: str | None):
    """Only the units that fit the CITES term; a unit that no longer fits is cleared."""
    if ctx.outputs_list and ctx.outputs_list[0] == []:
        raise PreventUpdate  # a request naming no item line (not one a page sends)
    term = bad.text(term, f"{rf.ItemField.TERM}.value")
    unit = bad.text(unit, f"{rf.ItemField.UNIT}.value")
    options = rf.unit_options(term)
    allowed = {o["value"] for o in options}
    return options, (unit if unit in allowed else no_update if unit is None else None)


@callback(
    Output(ids.REPORT_ITEMS, "children"),
    Input(ids.REPORT_ADD_ITEM, "n_clicks"),
    Input({"type": ids.REPORT_ITEM_REMOVE, "index": ALL}, "n_clicks"),
    State({"type": ids.REPORT_ITEM_LINE, "index": ALL}, "id"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def report_item_lines(_add: Any, removes: list, lines: list[dict[str, Any]]):
    """Add an empty item line, or remove one (a seizure keeps at least one line). Lines are
    patched in place so that what was typed in the others stays."""
    indexes = [bad.whole_number(line.get("index"), f"{ids.REPORT_ITEM_LINE}.index")
               for line in bad.records(lines, ids.REPORT_ITEM_LINE)]
    removes = bad.items_list(removes, ids.REPORT_ITEM_REMOVE)
    patch = Patch()
    if ctx.triggered_id == ids.REPORT_ADD_ITEM:
        patch.append(rf.item_line(max(indexes, default=-1) + 1))
        return patch
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(removes) or len(indexes) <= 1:
        raise PreventUpdate
    if trigger.get("index") not in indexes:
        raise PreventUpdate
    del patch[indexes.index(trigger["index"])]
    return patch
