"""Callbacks of Admin · Users: list accounts, create one, and change the picked one."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from dashboard import ids
from dashboard.access import ADMIN, allow
from dashboard.context import current_principal
from dashboard.database import read_session, write_session
from dashboard.i18n import _, ngettext
from dashboard.views import admin as ac
from data_access import admin
from data_access.admin.accounts import sign_out_account
from data_access.errors import EntryError
from data_access.queries.operations import OperationColumns, list_operations
from data_access.scope import EVERY_OPERATION

NEW_FIELDS = {
    "username": ids.ADMIN_NEW_USERNAME,
    "password": ids.ADMIN_NEW_PASSWORD,
    "role": ids.ADMIN_NEW_ROLE,
    "country_iso3": ids.ADMIN_NEW_COUNTRY,
    "language": ids.ADMIN_NEW_LANGUAGE,
    "full_name": ids.ADMIN_NEW_FULL_NAME,
}
NEW_IDS = list(NEW_FIELDS.values())
NEW_INVALID_IDS = [c for c in NEW_IDS if c != ids.ADMIN_NEW_COUNTRY]
ASSIGN_FIELDS = {"country_iso3": ids.ADMIN_USER_COUNTRY,
                 "operations": ids.ADMIN_USER_OPERATIONS}


@callback(
    Output(ids.ADMIN_USERS_TABLE, "children"),
    Output(ids.ADMIN_USER_PICKER, "options"),
    # The other stores are written by callbacks, so Dash would not call this one when the
    # page opens: this one is not.
    Input(ids.ADMIN_USERS_OPENED, "data"),
    Input(ids.ADMIN_NEW_SAVED, "data"),
    Input(ids.ADMIN_USER_ASSIGN_SAVED, "data"),
    Input(ids.ADMIN_USER_STATUS_SAVED, "data"),
)
@allow(ADMIN)
def show_accounts(_opened: bool | None, _new: Any, _assigned: Any, _status: Any):
    """The accounts table and the picker's choices, when the page opens and after any
    change."""
    with read_session() as session:
        frame = admin.accounts_table(session)
    return ac.accounts_table(frame), ac.account_picker_options(frame)


@callback(
    Output(ids.ADMIN_NEW_COUNTRY, "options"),
    Output(ids.ADMIN_USER_COUNTRY, "options"),
    Output(ids.ADMIN_USER_OPERATIONS, "options"),
    Input(ids.ADMIN_USERS_OPENED, "data"),
)
@allow(ADMIN)
def account_choices(_opened: bool | None):
    """Countries and operations to choose from."""
    with read_session() as session:
        countries = ac.country_options(admin.country_choices(session))
        operations = list_operations(session, EVERY_OPERATION)
    return countries, countries, [
        {"label": f"{r[OperationColumns.CODE]} · {r[OperationColumns.NAME]}",
         "value": r[OperationColumns.CODE]} for _i, r in operations.iterrows()]


@callback(
    *[Output(ac.feedback_id(c), "children") for c in NEW_IDS],
    *[Output(c, "invalid") for c in NEW_INVALID_IDS],
    Output(ids.ADMIN_NEW_ALERT, "children"),
    Output(ids.ADMIN_NEW_SAVED, "data"),
    Output(ids.ADMIN_NEW_USERNAME, "value"),
    Output(ids.ADMIN_NEW_FULL_NAME, "value"),
    Output(ids.ADMIN_NEW_PASSWORD, "value"),
    Input(ids.ADMIN_NEW_CREATE, "n_clicks"),
    *[State(c, "value") for c in NEW_IDS],
    prevent_initial_call=True,
)
@allow(ADMIN)
def create_account(clicks: int | None, *values: Any) -> tuple:
    """Create the account; show each field's problem next to it, or confirm."""
    fields = dict(zip(NEW_FIELDS, values, strict=True))
    if fields["language"] == ac.AUTO_LANGUAGE:
        fields["language"] = None
    data = admin.AccountInput(**fields)
    try:
        with write_session() as session:
            user = admin.create_account(session, current_principal(), data)
            username = user.username
    except EntryError as exc:
        messages, _invalid, alert = ac.refusal(exc, NEW_FIELDS)
        flags = [bool(m) for c, m in zip(NEW_IDS, messages, strict=True)
                 if c in NEW_INVALID_IDS]
        return (*messages, *flags, alert, no_update, no_update, no_update, no_update)
    return (*[""] * len(NEW_IDS), *[False] * len(NEW_INVALID_IDS),
            ac.success_alert(_("Account {username} created.").format(username=username)),
            {"username": username, "n": clicks}, "", "", "")


@callback(
    Output(ids.ADMIN_USER_STATE, "children"),
    Output(ids.ADMIN_USER_COUNTRY, "value"),
    Output(ids.ADMIN_USER_OPERATIONS, "value"),
    Input(ids.ADMIN_USER_PICKER, "value"),
    Input(ids.ADMIN_USER_STATUS_SAVED, "data"),
)
@allow(ADMIN)
def load_account(username: str | None, _status: Any):
    """The picked account's role, state, country and operations."""
    with read_session() as session:
        detail = admin.account_detail(session, username)
    if detail is None:
        return ac.info_alert(_("Pick an account to change it.")), None, []
    return (ac.account_state(detail.role, detail.active, detail.sessions), detail.country_iso3,
            list(detail.operation_codes))


@callback(
    Output(ac.feedback_id(ids.ADMIN_USER_COUNTRY), "children"),
    Output(ac.feedback_id(ids.ADMIN_USER_OPERATIONS), "children"),
    Output(ids.ADMIN_USER_ASSIGN_ALERT, "children"),
    Output(ids.ADMIN_USER_ASSIGN_SAVED, "data"),
    Input(ids.ADMIN_USER_ASSIGN, "n_clicks"),
    State(ids.ADMIN_USER_PICKER, "value"),
    State(ids.ADMIN_USER_COUNTRY, "value"),
    State(ids.ADMIN_USER_OPERATIONS, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN)
def assign_account(clicks: int | None, username: str | None, country: str | None,
                   operations: list[str] | None):
    """Save the picked account's country and operations."""
    if not username:
        return "", "", ac.error_alert([_("Pick an account first.")]), no_update
    try:
        with write_session() as session:
            changed = admin.assign_account(session, current_principal(), username or "",
                                           country, operations or [])
    except EntryError as exc:
        messages, _invalid, alert = ac.refusal(exc, ASSIGN_FIELDS)
        return messages[0], messages[1], alert, no_update
    if not changed:
        return "", "", ac.info_alert(_("No changes to save.")), no_update
    return "", "", ac.success_alert(_("Account {username} updated.").format(
        username=username)), {"username": username, "n": clicks}


@callback(
    Output(ac.feedback_id(ids.ADMIN_USER_PASSWORD), "children"),
    Output(ids.ADMIN_USER_PASSWORD, "invalid"),
    Output(ids.ADMIN_USER_RESET_ALERT, "children"),
    Output(ids.ADMIN_USER_PASSWORD, "value"),
    Input(ids.ADMIN_USER_RESET, "n_clicks"),
    State(ids.ADMIN_USER_PICKER, "value"),
    State(ids.ADMIN_USER_PASSWORD, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN)
def reset_password(_clicks: int | None, username: str | None, password: str | None):
    """Give the picked account a new password."""
    if not username:
        return "", False, ac.error_alert([_("Pick an account first.")]), ""
    try:
        with write_session() as session:
            admin.reset_password(session, current_principal(), username or "", password)
    except EntryError as exc:
        messages, invalid, alert = ac.refusal(exc, {"password": ids.ADMIN_USER_PASSWORD})
        return messages[0], invalid[0], alert, ""
    return "", False, ac.success_alert(_(
        "Password of {username} reset. They are signed out everywhere.").format(
        username=username)), ""


@callback(
    Output(ids.ADMIN_USER_STATUS_ALERT, "children"),
    Output(ids.ADMIN_USER_STATUS_SAVED, "data"),
    Input(ids.ADMIN_USER_DISABLE, "n_clicks"),
    Input(ids.ADMIN_USER_ENABLE, "n_clicks"),
    State(ids.ADMIN_USER_PICKER, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN)
def change_account_state(disable: int | None, enable: int | None, username: str | None):
    """Disable or enable the picked account."""
    if not username:
        return ac.error_alert([_("Pick an account first.")]), no_update
    disabling = ctx.triggered_id == ids.ADMIN_USER_DISABLE
    change = admin.disable_account if disabling else admin.enable_account
    try:
        with write_session() as session:
            change(session, current_principal(), username or "")
    except EntryError as exc:
        return ac.error_alert([ac.error_message(e) for e in exc.errors]), no_update
    message = _("Account {username} disabled. They are signed out everywhere.") if disabling \
        else _("Account {username} enabled.")
    return (ac.success_alert(message.format(username=username)),
            {"username": username, "n": (disable or 0) + (enable or 0)})


@callback(
    Output(ids.ADMIN_USER_SIGN_OUT_ALERT, "children"),
    Input(ids.ADMIN_USER_SIGN_OUT, "n_clicks"),
    State(ids.ADMIN_USER_PICKER, "value"),
    prevent_initial_call=True,
)
@allow(ADMIN)
def sign_out_everywhere(_clicks: int | None, username: str | None):
    """End every session of the picked account."""
    if not username:
        return ac.error_alert([_("Pick an account first.")])
    try:
        with write_session() as session:
            ended = sign_out_account(session, current_principal(), username)
    except EntryError as exc:
        return ac.error_alert([ac.error_message(e) for e in exc.errors])
    return ac.success_alert(ngettext(
        "{username} is signed out everywhere ({count} session ended).",
        "{username} is signed out everywhere ({count} sessions ended).",
        ended).format(username=username, count=ended))
