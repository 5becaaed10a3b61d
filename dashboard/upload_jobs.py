"""Checking and importing an uploaded spreadsheet in a worker thread, with progress.

A 50,000-row file takes seconds to check and longer to import: longer than a browser (or
a proxy, or a gunicorn worker timeout) should wait on one request. The page's callback
starts the job and returns at once; the job writes its progress and then its report into
the upload's folder (dashboard/upload_store.py), and the page polls it with an ordinary,
guarded callback. The signed-in principal is taken from the request that starts the job,
never from what the browser sends later.

Statuses (status.json): {"job", "mode", "state", "phase", "done", "total", "heartbeat"}
with state "running", "done" (report.json written), "refused" (the file or the request
was refused: "errors" holds {field, code, params}) or "failed" (unexpected error).
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import flask

from dashboard.database import Database
from dashboard.settings import ImportSettings
from dashboard.upload_store import StoredUpload, UploadStore
from data_access.authentication import Principal
from data_access.db import session_scope
from data_access.importer import ImportLimits, ImportReport, import_seizures, read_table
from data_access.importer.reading import refuse
from data_access.validation import EntryError, ErrorCode

log = logging.getLogger(__name__)

# Codes of the page itself (the importer's are data_access.validation.ErrorCode).
UPLOAD_EXPIRED = "upload_expired"
IMPORT_ALREADY_STARTED = "import_already_started"
JOB_RUNNING = "job_running"
NO_TARGET = "no_target"
JOB_FAILED = "job_failed"
NO_FILE = "no_file"
DRY_RUN = "dry_run"
IMPORT_MODES = ("all", "valid_only")

RUNNING = "running"
DONE = "done"
REFUSED = "refused"
FAILED = "failed"
FINISHED = (DONE, REFUSED, FAILED)
# A running job that has not written progress for this long died with its process.
STALE_SECONDS = 600
# Progress is written at most this often.
PROGRESS_INTERVAL = 0.4


@dataclass(frozen=True)
class JobRequest:
    """What to do with an upload, and for whom."""

    principal: Principal
    operation_id: int
    country: str
    mode: str  # "dry_run", "all" or "valid_only"
    limits: ImportLimits


def configured_limits() -> ImportLimits:
    """The `[imports]` limits of the app (the defaults outside an app)."""
    settings = flask.current_app.config.get("JOINTOPS_SETTINGS") if flask.has_app_context() \
        else None
    imports = settings.imports if settings else ImportSettings()
    return ImportLimits(max_bytes=imports.max_bytes, max_rows=imports.max_rows)


def new_job_id() -> str:
    """A fresh job id (the page ignores statuses of older jobs)."""
    return secrets.token_hex(8)


def is_running(status: dict[str, Any] | None, now: float | None = None) -> bool:
    """Whether a status describes a job still at work."""
    if not status or status.get("state") != RUNNING:
        return False
    now = time.time() if now is None else now
    return now - float(status.get("heartbeat", 0)) < STALE_SECONDS


def report_record(report: ImportReport, request: JobRequest) -> dict[str, Any]:
    """The JSON kept in report.json: summary, errors, and what the check was for."""
    return {"summary": report.summary(), "errors": report.error_rows(),
            "operation_id": request.operation_id, "country": request.country}


class _ProgressWriter:
    """The importer's progress callback: writes status.json now and then."""

    def __init__(self, store: UploadStore, upload: StoredUpload, base: dict[str, Any]):
        self.store, self.upload, self.base = store, upload, base
        self._last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.time()
        if now - self._last < PROGRESS_INTERVAL and not (total and done >= total):
            return
        self._last = now
        self.store.write_status(self.upload, {**self.base, "state": RUNNING, "phase": phase,
                                              "done": done, "total": total, "heartbeat": now})


def run_job(store: UploadStore, database: Database, upload: StoredUpload,
            request: JobRequest, job_id: str) -> dict[str, Any]:
    """Check (dry run) or import the upload, recording progress and the outcome; return
    the final status."""
    base = {"job": job_id, "mode": request.mode, "operation_id": request.operation_id,
            "country": request.country}
    progress = _ProgressWriter(store, upload, base)
    progress("read", 0, 0)
    factory = database.reader if request.mode == DRY_RUN else database.writer
    try:
        content = upload.content()
        # Read before the transaction: reading a large workbook takes most of the time,
        # and an SQLite write transaction holds off every other writer while it lasts.
        table = read_table(content, upload.file_name, request.limits, progress)
        # One transaction: session_scope commits at the end or rolls everything back.
        with session_scope(factory) as session:
            report = import_seizures(session, request.principal, content, upload.file_name,
                                     operation_id=request.operation_id,
                                     country=request.country, mode=request.mode,
                                     limits=request.limits, progress=progress, table=table)
    except EntryError as exc:
        status = {**base, "state": REFUSED, "errors": [e.as_dict() for e in exc.errors]}
    except FileNotFoundError:
        status = {**base, "state": REFUSED,
                  "errors": [{"field": "file", "code": UPLOAD_EXPIRED, "params": {}}]}
    except Exception:  # noqa: BLE001 - the page must learn that the job ended
        log.exception("import job %s on upload %s failed", job_id, upload.token)
        status = {**base, "state": FAILED}
    else:
        store.write_report(upload, report_record(report, request))
        if report.applied:
            store.drop_content(upload)
        status = {**base, "state": DONE, "applied": report.applied}
    if request.mode != DRY_RUN and not status.get("applied"):
        store.release_import(upload)
    status["heartbeat"] = time.time()
    store.write_status(upload, status)
    return status


def start_job(store: UploadStore, database: Database, upload: StoredUpload,
              request: JobRequest) -> str:
    """Record the job as running and start it in a thread; return its id."""
    job_id = new_job_id()
    store.write_status(upload, {"job": job_id, "mode": request.mode, "state": RUNNING,
                                "phase": "read", "done": 0, "total": 0,
                                "operation_id": request.operation_id,
                                "country": request.country, "heartbeat": time.time()})
    thread = threading.Thread(target=run_job, args=(store, database, upload, request, job_id),
                              name=f"import-{job_id}", daemon=True)
    thread.start()
    return job_id


def decode_upload(contents: str | None, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload data URL; oversized uploads are refused before decoding."""
    _header, _sep, payload = (contents or "").partition(",")
    if not payload:
        raise refuse(NO_FILE)
    if len(payload) > (max_bytes + 2) * 4 // 3 + 4:
        raise refuse(ErrorCode.FILE_TOO_LARGE, size=len(payload) * 3 // 4, limit=max_bytes)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise refuse(NO_FILE) from None


def submit(store: UploadStore, database: Database, upload: StoredUpload,
           request: JobRequest) -> tuple[str | None, str | None]:
    """Start checking or importing an upload: (job id, None), or (None, why not)."""
    if not request.operation_id or not request.country:
        return None, NO_TARGET
    if is_running(store.status(upload)):
        return None, JOB_RUNNING
    if request.mode == DRY_RUN:
        if store.import_claimed(upload):
            return None, IMPORT_ALREADY_STARTED
    elif not store.claim_import(upload):
        return None, IMPORT_ALREADY_STARTED
    if not upload.has_content:
        return None, UPLOAD_EXPIRED
    return start_job(store, database, upload, request), None
