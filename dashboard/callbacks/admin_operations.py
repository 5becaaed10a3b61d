"""Callbacks of Admin · Operations: list, load and save operations, countries and ports."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from dashboard import ids
from dashboard.access import ADMIN, allow
from dashboard.context import current_principal
from dashboard.database import read_session, write_session
from dashboard.i18n import _, format_number
from dashboard.views import admin as ac
from data_access import admin
from data_access.errors import EntryError

# Form fields by the name data_access uses for them (OperationInput order).
FIELDS = {
    "code": ids.ADMIN_OP_CODE,
    "name": ids.ADMIN_OP_NAME,
    "start_date": ids.ADMIN_OP_START,
    "end_date": ids.ADMIN_OP_END,
    "timezone": ids.ADMIN_OP_TIMEZONE,
    "report_deadline": ids.ADMIN_OP_DEADLINE,
    "lock_date": ids.ADMIN_OP_LOCK,
    "status": ids.ADMIN_OP_STATUS,
    "description": ids.ADMIN_OP_DESCRIPTION,
    "lead_organisations": ids.ADMIN_OP_LEADS,
}
FIELD_IDS = list(FIELDS.values())
# The time zone is a dcc.Dropdown, which has no "invalid" state; the others do.
INVALID_IDS = [c for c in FIELD_IDS if c != ids.ADMIN_OP_TIMEZONE]
# Places offered at a time by the finder (the list narrows as the user types).
FINDER_LIMIT = 40


@callback(
    Output(ids.ADMIN_OPS_TABLE, "children"),
    Output(ids.ADMIN_OP_PICKER, "options"),
    # The other stores are written by callbacks, so Dash would not call this one when the
    # page opens: this one is not.
    Input(ids.ADMIN_OPS_OPENED, "data"),
    Input(ids.ADMIN_OP_SAVED, "data"),
    Input(ids.ADMIN_OP_PARTICIPANTS_SAVED, "data"),
    Input(ids.ADMIN_OP_PORTS_SAVED, "data"),
)
@allow(ADMIN)
def show_operations(_opened: bool | None, _saved: Any, _participants: Any, _ports: Any):
    """The table of operations and the picker's choices, when the page opens and after any
    change."""
    with read_session() as session:
        frame = admin.operations_table(session)
    return ac.operations_table(frame), ac.operation_picker_options(frame)


def _invalid_flags(messages: list[str]) -> list[bool]:
    """The "invalid" state of the fields that have one, from all fields' messages."""
    return [bool(m) for c, m in zip(FIELD_IDS, messages, strict=True) if c in INVALID_IDS]


@callback(
    *[Output(c, "value") for c in FIELD_IDS],
    *[Output(ac.feedback_id(c), "children") for c in FIELD_IDS],
    *[Output(c, "invalid") for c in INVALID_IDS],
    Output(ids.ADMIN_OP_ALERT, "children"),
    Output(ids.ADMIN_OP_SAVED, "data"),
    Output(ids.ADMIN_OP_PICKER, "value"),
    Input(ids.ADMIN_OP_PICKER, "value"),
    Input(ids.ADMIN_OP_SAVE, "n_clicks"),
    *[State(c, "value") for c in FIELD_IDS],
)
@allow(ADMIN)
def operation_form(code: str | None, clicks: int | None, *values: Any) -> tuple:
    """Fill the form with the picked operation, or save it (create when new)."""
    blank = [""] * len(FIELD_IDS)
    valid = [False] * len(INVALID_IDS)
    code = None if code == ac.NEW_OPERATION else code
    if ctx.triggered_id != ids.ADMIN_OP_SAVE:
        with read_session() as session:
            detail = admin.operation_detail(session, code)
        if code and detail is None:
            return (*ac.operation_form_values(None), *blank, *valid,
                    ac.error_alert([_("This operation does not exist.")]), no_update,
                    ac.NEW_OPERATION)
        return (*ac.operation_form_values(detail.values if detail else None), *blank, *valid,
                None, no_update, no_update)
    try:
        with write_session() as session:
            saved = admin.save_operation(session, current_principal(), code or None,
                                         admin.OperationInput(*values))
    except EntryError as exc:
        messages, _invalid, alert = ac.refusal(exc, FIELDS)
        return (*[no_update] * len(FIELD_IDS), *messages, *_invalid_flags(messages), alert,
                no_update, no_update)
    new_code = saved.detail.values["code"]
    if saved.created:
        message = _("Operation {code} created. Now list its participating countries "
                    "below.").format(code=new_code)
    elif saved.changed:
        message = _("Operation {code} saved.").format(code=new_code)
    else:
        message = None
    alert = ac.success_alert(message) if message else ac.info_alert(_("No changes to save."))
    return (*ac.operation_form_values(saved.detail.values), *blank, *valid, alert,
            {"code": new_code, "n": clicks},
            new_code if new_code != code else no_update)


@callback(
    Output(ids.ADMIN_OP_PARTICIPANTS, "value"),
    Output(ac.feedback_id(ids.ADMIN_OP_PARTICIPANTS), "children"),
    Output(ids.ADMIN_OP_PARTICIPANTS, "invalid"),
    Output(ids.ADMIN_OP_PARTICIPANTS_ALERT, "children"),
    Output(ids.ADMIN_OP_PARTICIPANTS_SAVED, "data"),
    Output(ids.ADMIN_OP_PARTICIPANTS_TABLE, "children"),
    Output(ids.ADMIN_OP_PARTICIPANTS, "disabled"),
    Output(ids.ADMIN_OP_PARTICIPANTS_SAVE, "disabled"),
    Input(ids.ADMIN_OP_PICKER, "value"),
    Input(ids.ADMIN_OP_PARTICIPANTS_SAVE, "n_clicks"),
    State(ids.ADMIN_OP_PARTICIPANTS, "value"),
)
@allow(ADMIN)
def participants_form(code: str | None, clicks: int | None, text: str | None):
    """Show the picked operation's countries, or save the edited list."""
    if not code or code == ac.NEW_OPERATION:
        return "", "", False, None, no_update, None, True, True
    saving = ctx.triggered_id == ids.ADMIN_OP_PARTICIPANTS_SAVE
    participants, lines = ac.parse_participants(text)
    alert, saved, feedback = None, no_update, ""
    try:
        with write_session() if saving else read_session() as session:
            detail = admin.operation_detail(session, code)
            if detail is None:
                return "", "", False, None, no_update, None, True, True
            if saving:
                change = admin.set_participants(session, current_principal(), detail.id,
                                                participants)
                detail = admin.operation_detail(session, code)
            countries = admin.country_choices(session)
    except EntryError as exc:
        return (no_update, ac.participant_errors(exc.errors, lines), True, ac.error_alert(),
                no_update, no_update, False, False)
    if saving:
        saved = {"code": code, "n": clicks}
        alert = ac.success_alert(_(
            "Participating countries saved: {added} added, {removed} removed, {changed} "
            "focal points changed.").format(added=format_number(len(change.added)),
                                            removed=format_number(len(change.removed)),
                                            changed=format_number(
                                                len(change.focal_points_changed)))) \
            if change.changed else ac.info_alert(_("No changes to save."))
    return (ac.participants_text(detail.participants), feedback, False, alert, saved,
            ac.participants_table(detail.participants, countries), False, False)


@callback(
    Output(ids.ADMIN_OP_PORTS, "value"),
    Output(ac.feedback_id(ids.ADMIN_OP_PORTS), "children"),
    Output(ids.ADMIN_OP_PORTS, "invalid"),
    Output(ids.ADMIN_OP_PORTS_ALERT, "children"),
    Output(ids.ADMIN_OP_PORTS_SAVED, "data"),
    Output(ids.ADMIN_OP_PORTS_TABLE, "children"),
    Output(ids.ADMIN_OP_PORT_FINDER, "value"),
    Output(ids.ADMIN_OP_PORTS, "disabled"),
    Output(ids.ADMIN_OP_PORTS_SAVE, "disabled"),
    Output(ids.ADMIN_OP_PORT_FINDER, "disabled"),
    Input(ids.ADMIN_OP_PICKER, "value"),
    Input(ids.ADMIN_OP_PORTS_SAVE, "n_clicks"),
    Input(ids.ADMIN_OP_PORT_FINDER, "value"),
    Input(ids.ADMIN_OP_PARTICIPANTS_SAVED, "data"),
    State(ids.ADMIN_OP_PORTS, "value"),
)
@allow(ADMIN)
def ports_form(code: str | None, clicks: int | None, found: str | None, _participants: Any,
               text: str | None) -> tuple:
    """Show the picked operation's ports, add a place found by name, or save the codes."""
    closed = ("", "", False, None, no_update, None, None, True, True, True)
    if not code or code == ac.NEW_OPERATION:
        return closed
    if ctx.triggered_id == ids.ADMIN_OP_PORT_FINDER:
        if not found:
            return (no_update,) * 10
        codes = ac.parse_codes(text)
        added = text if found in codes else ((text or "").rstrip() + "\n" + found).lstrip()
        return (added, *(no_update,) * 5, None, *(no_update,) * 3)
    saving = ctx.triggered_id == ids.ADMIN_OP_PORTS_SAVE
    alert, saved = None, no_update
    try:
        with write_session() if saving else read_session() as session:
            detail = admin.operation_detail(session, code)
            if detail is None:
                return closed
            if saving:
                change = admin.set_operation_ports(session, current_principal(), detail.id,
                                                   ac.parse_codes(text))
                detail = admin.operation_detail(session, code)
            places = admin.location_choices(session, codes=list(detail.port_codes))
    except EntryError as exc:
        return (no_update, " ".join(ac.error_message(e) for e in exc.errors), True,
                ac.error_alert(), no_update, no_update, None, False, False, False)
    if saving:
        saved = {"code": code, "n": clicks}
        alert = ac.success_alert(_("Ports saved: {added} added, {removed} removed.").format(
            added=format_number(len(change.added)),
            removed=format_number(len(change.removed)))) \
            if change.changed else ac.info_alert(_("No changes to save."))
    disabled = not detail.participants
    return (ac.ports_text(places), "", False, alert, saved, ac.ports_summary(places), None,
            disabled, disabled, disabled)


@callback(
    Output(ids.ADMIN_OP_PORT_FINDER, "options"),
    Input(ids.ADMIN_OP_PORT_FINDER, "search_value"),
    Input(ids.ADMIN_OP_PICKER, "value"),
    Input(ids.ADMIN_OP_PARTICIPANTS_SAVED, "data"),
)
@allow(ADMIN)
def find_places(search: str | None, code: str | None, _participants: Any):
    """The places of the participating countries matching what the user typed (a few)."""
    if not code or code == ac.NEW_OPERATION:
        return []
    with read_session() as session:
        detail = admin.operation_detail(session, code)
        countries = [p.country_iso3 for p in detail.participants] if detail else []
        places = admin.location_choices(session, countries, search=search or "",
                                        limit=FINDER_LIMIT)
    return ac.location_options(places)
