"""Callbacks of the seizure page: show one seizure, verify it or return it to provisional."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from dashboard import ids
from dashboard.access import ADMIN, COMMANDER, allow
from dashboard.context import current_principal
from dashboard.database import read_session, write_session
from dashboard.i18n import _
from dashboard.server import callback_errors as bad
from dashboard.views import seizure as sc
from dashboard.views.admin import error_alert, success_alert
from data_access.errors import EntryError, VersionConflict
from data_access.seizures import seizure_history
from data_access.verification import VERIFIED, seizure_detail, unverify_seizure, verify_seizure

HIDDEN = "d-none"


@callback(
    Output(ids.SEIZURE_TITLE, "children"),
    Output(ids.SEIZURE_STATUS, "children"),
    Output(ids.SEIZURE_DETAIL, "children"),
    Output(ids.SEIZURE_HISTORY, "children"),
    Output(ids.SEIZURE_VERSION, "data"),
    Output(ids.SEIZURE_VERIFY, "disabled"),
    Output(ids.SEIZURE_UNVERIFY, "disabled"),
    Output(ids.SEIZURE_ACTIONS, "className"),
    Output(ids.SEIZURE_VERIFY_BOX, "className"),
    Output(ids.SEIZURE_UNVERIFY_BOX, "className"),
    Input(ids.SEIZURE_ID, "data"),
    Input(ids.SEIZURE_SAVED, "data"),
)
@allow(ADMIN, COMMANDER)
def show_seizure(seizure_id: int | None, _saved: Any) -> tuple:
    """The seizure's heading, status, details, items and history (in the user's scope)."""
    missing = (_("Seizure"), None, None, None, None, True, True, HIDDEN, HIDDEN, HIDDEN)
    seizure_id = sc.parse_seizure_id(seizure_id)
    if seizure_id is None:
        return (*missing[:2], sc.not_shown(_("No seizure chosen: open one from the "
                                              "overview's latest entries.")), *missing[3:])
    try:
        with read_session() as session:
            detail = seizure_detail(session, current_principal(), seizure_id)
            history = seizure_history(session, current_principal(), seizure_id)
    except EntryError as exc:
        return (*missing[:2], sc.not_shown(" ".join(sc.error_messages(exc))), *missing[3:])
    verified = detail.status == VERIFIED
    can_verify, can_unverify = not verified and not detail.deleted, verified and not detail.deleted
    return (sc.title(detail), sc.status_badge(detail.status, detail.deleted),
            sc.detail_cards(detail), sc.history_table(history, detail.operation_timezone),
            detail.version, not can_verify, not can_unverify, "",
            "" if can_verify else HIDDEN, "" if can_unverify else HIDDEN)


@callback(
    Output(ids.SEIZURE_ALERT, "children"),
    Output(ids.SEIZURE_SAVED, "data"),
    Output(ids.SEIZURE_UNVERIFY_REASON, "value"),
    Input(ids.SEIZURE_VERIFY, "n_clicks"),
    Input(ids.SEIZURE_UNVERIFY, "n_clicks"),
    State(ids.SEIZURE_ID, "data"),
    State(ids.SEIZURE_VERSION, "data"),
    State(ids.SEIZURE_UNVERIFY_REASON, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN, COMMANDER)
def change_status(verify: int | None, unverify: int | None, seizure_id: int | None,
                  version: int | None, reason: str | None) -> tuple:
    """Verify the seizure, or return it to provisional, based on the version shown."""
    seizure_id = sc.parse_seizure_id(seizure_id)
    version = bad.whole_number(version, ids.SEIZURE_VERSION, optional=True)
    reason = bad.text(reason, ids.SEIZURE_UNVERIFY_REASON)
    if seizure_id is None or version is None:
        return error_alert([_("This seizure does not exist.")]), no_update, no_update
    verifying = ctx.triggered_id == ids.SEIZURE_VERIFY
    clicks = (bad.whole_number(verify, ids.SEIZURE_VERIFY, optional=True) or 0) + (
        bad.whole_number(unverify, ids.SEIZURE_UNVERIFY, optional=True) or 0)
    try:
        with write_session() as session:
            if verifying:
                seizure = verify_seizure(session, current_principal(), seizure_id, version)
            else:
                seizure = unverify_seizure(session, current_principal(), seizure_id, version,
                                           reason=reason or "")
            saved = {"version": seizure.version}
    except VersionConflict as exc:
        # Show the current state at once, so that the next click is based on it.
        return error_alert(sc.error_messages(exc)), {"conflict": clicks}, no_update
    except EntryError as exc:
        return error_alert(sc.error_messages(exc)), no_update, no_update
    message = _("Seizure verified.") if verifying else _("Seizure returned to provisional.")
    return success_alert(message), saved, ""
