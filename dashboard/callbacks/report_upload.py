"""Callbacks of the spreadsheet upload page (/report/upload).

The file is sent once and kept on the server (dashboard/uploads/store.py); the check and
the import run as jobs (dashboard/uploads/jobs.py) that the page polls. Who imports, and
for which country, is decided by the signed-in user on the server: the importer refuses
a focal point's file for another country whatever the browser sends.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from dashboard import ids
from dashboard.access import ADMIN, COMMANDER, FOCAL_POINT, allow
from dashboard.context import current_principal
from dashboard.database import current_database, read_session
from dashboard.ui import choices, codes
from dashboard.uploads import jobs as jobs
from dashboard.uploads.store import current_store
from dashboard.views import upload as uc
from data_access.errors import EntryError
from data_access.importer import targets

WRITERS = (ADMIN, COMMANDER, FOCAL_POINT)
MODE_OF_BUTTON = {ids.UPLOAD_IMPORT_ALL: "all", ids.UPLOAD_IMPORT_VALID: "valid_only"}


@callback(
    Output(ids.UPLOAD_OPERATION, "options"),
    Output(ids.UPLOAD_OPERATION, "value"),
    Input(ids.UPLOAD_OPENED, "data"),
)
@allow(*WRITERS)
def fill_operations(_opened: Any) -> tuple[list, str | None]:
    """The operations the user may import into; the active one chosen."""
    with read_session() as session:
        frame = targets.upload_operations(session, current_principal())
    options = choices.target_operation_options(frame)
    return options, (options[0]["value"] if options else None)


@callback(
    Output(ids.UPLOAD_COUNTRY, "options"),
    Output(ids.UPLOAD_COUNTRY, "value"),
    Output(ids.UPLOAD_COUNTRY, "disabled"),
    Input(ids.UPLOAD_OPERATION, "value"),
)
@allow(*WRITERS)
def fill_countries(operation: str | None) -> tuple[list, str | None, bool]:
    """The participating countries; a focal point's own country, fixed."""
    principal = current_principal()
    operation_id = choices.parse_operation_id(operation)
    if operation_id is None:
        return [], None, True
    with read_session() as session:
        frame = targets.upload_countries(session, principal, operation_id)
    options = choices.target_country_options(frame)
    value = options[0]["value"] if len(options) == 1 else None
    return options, value, principal.role == FOCAL_POINT


@callback(
    Output(ids.UPLOAD_JOB, "data"),
    Output(ids.UPLOAD_FILE, "contents"),
    Output(ids.UPLOAD_ALERT, "children"),
    Input(ids.UPLOAD_FILE, "contents"),
    Input(ids.UPLOAD_OPERATION, "value"),
    Input(ids.UPLOAD_COUNTRY, "value"),
    Input(ids.UPLOAD_IMPORT_ALL, "n_clicks"),
    Input(ids.UPLOAD_IMPORT_VALID, "n_clicks"),
    State(ids.UPLOAD_FILE, "filename"),
    State(ids.UPLOAD_JOB, "data"),
    prevent_initial_call=True,
)
@allow(*WRITERS)
def start_job(contents: str | None, operation: str | None, country: str | None,
              _import_all: int | None, _import_valid: int | None, filename: str | None,
              job: dict | None) -> tuple[Any, Any, Any]:
    """A new file is kept and checked; a new operation or country checks the kept file
    again; the import buttons import it."""
    principal, store = current_principal(), current_store()
    trigger = ctx.triggered_id
    limits = jobs.configured_limits()
    if trigger == ids.UPLOAD_FILE:
        if not contents:
            return no_update, no_update, no_update
        try:
            raw = jobs.decode_upload(contents, limits.max_bytes)
            upload = jobs.keep_upload(store, principal.id, filename or "", raw,
                                      jobs.configured_imports(), (job or {}).get("token"))
        except EntryError as exc:
            return None, None, uc.refusal_alert(codes.sentences(e.as_dict() for e in exc.errors))
    else:
        upload = store.get(principal.id, (job or {}).get("token"))
        if upload is None:
            if job and trigger in MODE_OF_BUTTON:
                return None, no_update, uc.refusal_alert([codes.sentence(codes.UPLOAD_EXPIRED)])
            return no_update, no_update, no_update
        if trigger not in MODE_OF_BUTTON and store.import_claimed(upload):
            return no_update, no_update, no_update  # imported: nothing left to check
    request = jobs.JobRequest(principal, choices.parse_operation_id(operation) or 0,
                              choices.parse_country(country) or "",
                              MODE_OF_BUTTON.get(trigger, jobs.DRY_RUN), limits)
    job_id, problem = jobs.submit(store, current_database(), upload, request)
    data = {"token": upload.token, "file": upload.file_name, "job": job_id,
            "mode": request.mode}
    if problem:
        alert = uc.notice_alert(codes.sentence(problem))
        return (data if trigger == ids.UPLOAD_FILE else no_update), None, alert
    return data, None, None


@callback(
    Output(ids.UPLOAD_PROGRESS, "children"),
    Output(ids.UPLOAD_REPORT, "children"),
    Output(ids.UPLOAD_POLL, "disabled"),
    Output(ids.UPLOAD_IMPORT_ALL, "disabled"),
    Output(ids.UPLOAD_IMPORT_VALID, "disabled"),
    Output(ids.UPLOAD_ACTIONS, "hidden"),
    Input(ids.UPLOAD_POLL, "n_intervals"),
    Input(ids.UPLOAD_JOB, "data"),
)
@allow(*WRITERS)
def show_job(_tick: int | None, job: dict | None) -> tuple[Any, Any, bool, bool, bool, bool]:
    """The running job's progress, then its report or result; the import buttons (shown
    only when a checked file has something to import)."""
    if not job or not job.get("job"):
        return None, None, True, True, True, True
    store = current_store()
    upload = store.get(current_principal().id, job.get("token"))
    if upload is None:
        return (None, uc.refusal_alert([codes.sentence(codes.UPLOAD_EXPIRED)]), True, True, True,
                True)
    status = store.status(upload)
    if not status or status.get("job") != job["job"]:
        return None, None, True, True, True, True  # another tab started a newer job
    if jobs.is_alive(store, upload, status):
        return uc.progress_view(status, upload.file_name), None, False, True, True, True
    if status.get("state") == jobs.RUNNING:  # its process died: failed, import released
        status = jobs.settle_dead_job(store, upload) or status
    # A failed import wrote nothing: the check's report still says what can be imported.
    record = store.report(upload) if status.get("state") in (jobs.DONE, jobs.FAILED) \
        else None
    view = uc.job_view(status, record, upload.token, upload.file_name)
    all_disabled, valid_disabled = uc.action_states(status, record,
                                                    store.import_claimed(upload))
    return None, view, True, all_disabled, valid_disabled, all_disabled and valid_disabled
