"""Callbacks of the entry page (/report) that write: save a seizure (new or edited), load
one into the form, cancel an edit, nil return, withdraw, reopen; and "Our entries"."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from dash import ALL, Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.access import ADMIN, COMMANDER, FOCAL_POINT, allow
from dashboard.context import current_principal
from dashboard.database import read_session, write_session
from dashboard.i18n import _
from dashboard.server import callback_errors as bad
from dashboard.ui.choices import parse_country, parse_operation_id
from dashboard.views import report_form as rf
from dashboard.views import report_status as rs
from dashboard.views.report_entries import GridColumns, column_defs, row_data
from data_access import entries, seizures
from data_access.entry_options import taxon_names
from data_access.errors import EntryError, ValidationFailed

WRITERS = (ADMIN, COMMANDER, FOCAL_POINT)
ALL_FIELDS = {"type": ids.REPORT_FIELD, "name": ALL}
ALL_FEEDBACK = {"type": ids.REPORT_FIELD_FEEDBACK, "name": ALL}
ALL_BOXES = {"type": ids.REPORT_FIELD_BOX, "name": ALL}
ALL_ITEM_FEEDBACK = {"type": ids.REPORT_ITEM_FEEDBACK, "name": ALL, "index": ALL}
ALL_ITEM_BOXES = {"type": ids.REPORT_ITEM_BOX, "name": ALL, "index": ALL}
ITEM_STATES = [State({"type": ids.REPORT_ITEM, "name": name, "index": ALL}, prop)
               for name, prop in ((rf.ItemField.SPECIES, "value"), (rf.ItemField.TERM, "value"),
                                  (rf.ItemField.QUANTITY, "value"),
                                  (rf.ItemField.UNIT, "value"), (rf.ItemField.LIVE, "value"),
                                  (rf.ItemField.VALUE, "value"))]
BOX_CLASS = "jo-field"
INVALID_BOX_CLASS = "jo-field jo-invalid"
# The form's outputs when it is filled or reset (values, date, item lines and edit state).
FILL_OUTPUTS = [
    Output(ALL_FIELDS, "value", allow_duplicate=True),
    Output(ids.REPORT_ITEMS, "children", allow_duplicate=True),
    Output(ids.REPORT_TOKEN, "data", allow_duplicate=True),
    Output(ids.REPORT_EDITING, "data", allow_duplicate=True),
    Output(ids.REPORT_FORM_TITLE, "children", allow_duplicate=True),
    Output(ids.REPORT_CANCEL, "style", allow_duplicate=True),
    Output(ids.REPORT_SAVE, "children", allow_duplicate=True),
]


def _field_names() -> list[str]:
    """Names of the pattern-matched scalar fields, in the order Dash passes them."""
    return [entry["id"]["name"] for entry in ctx.states_list[3]]


def _form_values(values: Any) -> dict[str, Any]:
    """The scalar fields by name, each a text, a number or nothing (transit: a list)."""
    names = _field_names()
    values = bad.items_list(values, ids.REPORT_FIELD)
    bad.same_length(values, len(names), ids.REPORT_FIELD)
    form = dict(zip(names, values, strict=True))
    for name, value in form.items():
        if name == rf.Field.TRANSIT:
            bad.text_list(value, f"{ids.REPORT_FIELD}.{name}")
        else:
            bad.scalar(value, f"{ids.REPORT_FIELD}.{name}")
    return form


def _item_values(lines: Any, item_values: tuple) -> tuple[list[int], list[dict[str, Any]]]:
    """The item lines' indexes and their values by field, lined up."""
    indexes = [bad.whole_number(line.get("index"), f"{ids.REPORT_ITEM_LINE}.index")
               for line in bad.records(lines, ids.REPORT_ITEM_LINE)]
    columns = [bad.scalars(values, f"{ids.REPORT_ITEM}.{name}")
               for name, values in zip(rf.ItemField.ALL, item_values, strict=True)]
    for name, column in zip(rf.ItemField.ALL, columns, strict=True):
        bad.same_length(column, len(indexes), f"{ids.REPORT_ITEM}.{name}")
    return indexes, [dict(zip(rf.ItemField.ALL, line, strict=True))
                     for line in zip(*columns, strict=True)]


def _selected_row(selected: Any) -> Mapping[str, Any] | None:
    """The grid's first selected row, if any."""
    rows = bad.records(selected, f"{ids.REPORT_GRID}.selectedRows")
    return rows[0] if rows else None


def _fill_names() -> list[str]:
    """Names of the fields among this callback's outputs (a wildcard output)."""
    return next(([entry["id"]["name"] for entry in group] for group in ctx.outputs_list
                 if isinstance(group, list) and group
                 and group[0]["id"].get("type") == ids.REPORT_FIELD), [])


def _keep() -> tuple:
    """FILL_OUTPUTS left as they are (a wildcard output needs one no_update per field)."""
    return ([no_update] * len(_fill_names()), *[no_update] * (len(FILL_OUTPUTS) - 1))


def _fill(values: dict[str, Any] | None, items: list[dict[str, Any]],
          editing: dict[str, Any] | None, species: list[dict[str, Any]] | None = None
          ) -> tuple:
    """Values for FILL_OUTPUTS: the fields, item lines and edit state (None: blank form)."""
    names = _fill_names()
    merged = {**rf.DEFAULTS, **(values or {})}
    lines = [rf.item_line(i, item, species) for i, item in enumerate(items or [{}])]
    if editing:
        title = _("Edit seizure {reference}").format(reference=editing["reference"])
        return ([merged.get(n) for n in names], lines, no_update, editing, title,
                {"display": "inline-block"}, _("Save changes"))
    return ([merged.get(n) for n in names], lines, uuid.uuid4().hex, None, _("New seizure"),
            {"display": "none"}, _("Save seizure"))


def _marks(fields: dict[str, list[str]], items: dict[tuple[str, int], list[str]]) -> tuple:
    """Feedback texts and box classes for every field and item field on the page."""
    feedback_ids = [entry["id"]["name"] for entry in ctx.outputs_list[0]]
    box_ids = [entry["id"]["name"] for entry in ctx.outputs_list[1]]
    item_feedback = [(e["id"]["name"], e["id"]["index"]) for e in ctx.outputs_list[2]]
    item_boxes = [(e["id"]["name"], e["id"]["index"]) for e in ctx.outputs_list[3]]
    return (
        [" ".join(fields.get(n, [])) for n in feedback_ids],
        [INVALID_BOX_CLASS if n in fields else BOX_CLASS for n in box_ids],
        [" ".join(items.get(k, [])) for k in item_feedback],
        [INVALID_BOX_CLASS if k in items else BOX_CLASS for k in item_boxes],
    )


@callback(
    Output(ALL_FEEDBACK, "children"),
    Output(ALL_BOXES, "className"),
    Output(ALL_ITEM_FEEDBACK, "children"),
    Output(ALL_ITEM_BOXES, "className"),
    Output(ids.REPORT_ALERT, "children"),
    Output(ids.REPORT_SAVED, "data"),
    *FILL_OUTPUTS,
    Input(ids.REPORT_SAVE, "n_clicks"),
    State(ids.REPORT_OPERATION, "value"),
    State(ids.REPORT_COUNTRY, "value"),
    State(ids.REPORT_DATE, "date"),
    State(ALL_FIELDS, "value"),
    State({"type": ids.REPORT_ITEM_LINE, "index": ALL}, "id"),
    State(ids.REPORT_TOKEN, "data"),
    State(ids.REPORT_EDITING, "data"),
    *ITEM_STATES,
    prevent_initial_call=True,
)
@allow(*WRITERS)
def save_seizure(_n: Any, operation: Any, country: Any, date: str | None, values: list,
                 lines: list, token: str | None, editing: dict | None, *item_values: list):
    """Validate and save the seizure on the server; errors go next to their fields."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    if operation_id is None:
        raise PreventUpdate
    form = _form_values(values)
    indexes, items = _item_values(lines, item_values)
    data = rf.seizure_input(operation_id, country or "", bad.text(date, ids.REPORT_DATE),
                            form, items)
    token = bad.text(token, ids.REPORT_TOKEN)
    editing = bad.store(editing, ids.REPORT_EDITING)
    if editing:
        seizure_id = bad.int_field(editing, "id", ids.REPORT_EDITING)
        version = bad.int_field(editing, "version", ids.REPORT_EDITING)
    try:
        with write_session() as session:
            if editing:
                result = seizures.update_seizure(session, current_principal(), seizure_id,
                                                 data, expected_version=version)
            else:
                result = seizures.create_seizure(session, current_principal(), data,
                                                 submission_token=token)
            reference = result.seizure.national_reference
            notices = result.notices
    except EntryError as exc:
        fields, item_errors, general = rf.split_errors(exc.errors, indexes)
        marked = isinstance(exc, ValidationFailed) and bool(fields or item_errors)
        if not isinstance(exc, ValidationFailed):
            general = general or [rf.error_text(e) for e in exc.errors]
        return (*_marks(fields, item_errors), rs.not_saved(general, marked), no_update,
                *_keep())
    return (*_marks({}, {}), rs.saved(reference, bool(editing), notices), uuid.uuid4().hex,
            *_fill(None, [{}], None))


@callback(
    Output(ids.REPORT_ENTRIES_ALERT, "children", allow_duplicate=True),
    Output(ids.REPORT_DATE, "date", allow_duplicate=True),
    *FILL_OUTPUTS,
    Input(ids.REPORT_EDIT, "n_clicks"),
    State(ids.REPORT_GRID, "selectedRows"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def edit_seizure(_n: Any, selected: list | None):
    """Load the selected seizure into the form, with the version the edit is based on."""
    row = _selected_row(selected)
    if row is None:
        raise PreventUpdate
    seizure_id = bad.whole_number(row.get(GridColumns.ID), f"{ids.REPORT_GRID}.id")
    try:
        with read_session() as session:
            record = seizures.load_seizure(session, current_principal(), seizure_id)
            species = taxon_names(session, [i.taxon_id for i in record.data.items])
    except EntryError as exc:
        return (rs.info([rf.error_text(e) for e in exc.errors], "danger"), no_update,
                *_keep())
    if record.deleted:
        return (rs.info([_("A withdrawn seizure cannot be edited.")], "danger"), no_update,
                *_keep())
    values, items, date = rf.record_values(record)
    editing = {"id": record.id, "version": record.version,
               "reference": record.data.national_reference}
    return ("", date, *_fill(values, items, editing, rf.species_options(species)))


@callback(
    *FILL_OUTPUTS,
    Input(ids.REPORT_CANCEL, "n_clicks"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def cancel_edit(_n: Any):
    """Leave edit mode: an empty form with a new token."""
    return _fill(None, [{}], None)


@callback(
    Output(ids.REPORT_GRID, "rowData"),
    Output(ids.REPORT_GRID, "columnDefs"),
    Output(ids.REPORT_GRID, "selectedRows"),
    Input(ids.REPORT_OPERATION, "value"),
    Input(ids.REPORT_COUNTRY, "value"),
    Input(ids.REPORT_SHOW_WITHDRAWN, "value"),
    Input(ids.REPORT_SAVED, "data"),
)
@allow(*WRITERS)
def show_entries(operation: Any, country: Any, show_withdrawn: bool | None, _saved: Any):
    """The country's seizures of the operation, newest first."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    if operation_id is None or country is None:
        return [], column_defs(), []
    show_withdrawn = bad.scalar(show_withdrawn, ids.REPORT_SHOW_WITHDRAWN)
    try:
        with read_session() as session:
            frame = entries.list_entries(session, current_principal(), operation_id,
                                         country=country,
                                         include_withdrawn=bool(show_withdrawn))
    except EntryError:
        return [], column_defs(), []
    return row_data(frame), column_defs(), []


@callback(
    Output(ids.REPORT_EDIT, "disabled"),
    Output(ids.REPORT_WITHDRAW, "disabled"),
    Input(ids.REPORT_GRID, "selectedRows"),
    Input("report-fieldset", "disabled"),
)
@allow(*WRITERS)
def entry_actions(selected: list | None, locked: bool | None):
    """Edit and withdraw need a selected seizure that is not withdrawn (and no lock)."""
    row = _selected_row(selected)
    usable = row is not None and not row.get(GridColumns.WITHDRAWN) and not locked
    return not usable, not usable


@callback(
    Output(ids.REPORT_ENTRIES_ALERT, "children", allow_duplicate=True),
    Output(ids.REPORT_SAVED, "data", allow_duplicate=True),
    Output(ids.REPORT_WITHDRAW_REASON, "value"),
    Input(ids.REPORT_WITHDRAW, "n_clicks"),
    State(ids.REPORT_GRID, "selectedRows"),
    State(ids.REPORT_WITHDRAW_REASON, "value"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def withdraw_seizure(_n: Any, selected: list | None, reason: str | None):
    """Withdraw the selected seizure with the stated reason (kept, marked withdrawn)."""
    row = _selected_row(selected)
    if row is None:
        raise PreventUpdate
    seizure_id = bad.whole_number(row.get(GridColumns.ID), f"{ids.REPORT_GRID}.id")
    version = bad.whole_number(row.get(GridColumns.VERSION), f"{ids.REPORT_GRID}.version")
    reason = bad.text(reason, ids.REPORT_WITHDRAW_REASON)
    try:
        with write_session() as session:
            seizures.withdraw_seizure(session, current_principal(), seizure_id,
                                      reason=reason or "", expected_version=version)
    except EntryError as exc:
        texts = [_("Reason for withdrawing: {error}").format(error=rf.error_text(e))
                 if e.field == "reason" else rf.error_text(e) for e in exc.errors]
        return rs.info(texts, "danger"), no_update, no_update
    text = _("Seizure {reference} withdrawn.").format(
        reference=bad.text(row.get(GridColumns.REFERENCE), f"{ids.REPORT_GRID}.reference"))
    return rs.info([text]), uuid.uuid4().hex, ""


@callback(
    Output(ids.REPORT_ALERT, "children", allow_duplicate=True),
    Output(ids.REPORT_SAVED, "data", allow_duplicate=True),
    Input(ids.REPORT_NIL, "n_clicks"),
    State(ids.REPORT_OPERATION, "value"),
    State(ids.REPORT_COUNTRY, "value"),
    State(ids.REPORT_DATE, "date"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def nil_return(_n: Any, operation: Any, country: Any, date: str | None):
    """Record that the country had no seizures on the chosen day."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    if operation_id is None or country is None:
        raise PreventUpdate
    date = bad.text(date, ids.REPORT_DATE)
    try:
        with write_session() as session:
            result = seizures.record_nil_return(session, current_principal(), operation_id,
                                                country, date or "")
    except EntryError as exc:
        return rs.info([rf.error_text(e) for e in exc.errors], "danger"), no_update
    if result.already_recorded:
        return rs.info([rf.error_text(n) for n in result.notices], "info"), no_update
    return rs.info([_("Nil return recorded.")]), uuid.uuid4().hex


@callback(
    Output(ids.REPORT_REOPENED, "data"),
    Output(ids.REPORT_STATE, "children", allow_duplicate=True),
    Output(ids.REPORT_REOPEN_REASON, "value"),
    Input(ids.REPORT_REOPEN, "n_clicks"),
    State(ids.REPORT_OPERATION, "value"),
    State(ids.REPORT_COUNTRY, "value"),
    State(ids.REPORT_REOPEN_REASON, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN, COMMANDER)
def reopen_reporting(_n: Any, operation: Any, country: Any, reason: str | None):
    """Commanders and admins: reopen a locked country's reporting, with a reason."""
    operation_id, country = parse_operation_id(operation), parse_country(country)
    if operation_id is None or country is None:
        raise PreventUpdate
    reason = bad.text(reason, ids.REPORT_REOPEN_REASON)
    try:
        with write_session() as session:
            seizures.reopen_country(session, current_principal(), operation_id, country,
                                    reason=reason or "")
    except EntryError as exc:
        texts = [_("Reason for reopening: {error}").format(error=rf.error_text(e))
                 if e.field == "reason" else rf.error_text(e) for e in exc.errors]
        return no_update, rs.info(texts, "danger"), no_update
    return uuid.uuid4().hex, no_update, ""
