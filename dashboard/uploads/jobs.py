"""Checking and importing an uploaded spreadsheet in a worker thread, with progress.

A 50,000-row file takes seconds to check and longer to import: longer than a browser (or
a proxy, or a gunicorn worker timeout) should wait on one request. The page's callback
starts the job and returns at once; the job writes its progress and then its report into
the upload's folder (dashboard/uploads/store.py), and the page polls it with an ordinary,
guarded callback. The signed-in principal is taken from the request that starts the job,
never from what the browser sends later.

Statuses (status.json): {"job", "mode", "state", "phase", "done", "total", "heartbeat"}
with state "running", "done" (report.json written), "refused" (the file or the request
was refused: "errors" holds {field, code, params}) or "failed" (unexpected error, or the
process running the job died).

A running job holds a lease (job.lease): the host, boot, pid and start time of the process
running it, renewed every HEARTBEAT_SECONDS by a small thread. A job whose process is gone
(killed, restarted) is known dead at once on the same machine, and after LEASE_SECONDS
without a heartbeat anywhere; it is then marked failed and its claim to import the upload
released, so that the user can import again. An interrupted import wrote nothing: its
writes are one transaction, rolled back when the connection died with the process.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.context import settings_or_none
from dashboard.database import Database
from dashboard.settings import ImportSettings
from dashboard.ui.codes import (  # the page's own codes live with their sentences
    IMPORT_ALREADY_STARTED,
    JOB_RUNNING,
    NO_FILE,
    NO_TARGET,
    UPLOAD_EXPIRED,
    UPLOAD_QUOTA,
)
from dashboard.uploads.store import StoredUpload, UploadStore
from data_access.authentication import Principal
from data_access.db import session_scope
from data_access.errors import EntryError, ErrorCode, ImportRefused
from data_access.importer import ImportLimits, ImportReport, import_seizures, read_table
from data_access.importer.refusal import refuse

log = logging.getLogger(__name__)

DRY_RUN = "dry_run"
IMPORT_MODES = ("all", "valid_only")

RUNNING = "running"
DONE = "done"
REFUSED = "refused"
FAILED = "failed"
FINISHED = (DONE, REFUSED, FAILED)
# The lease of a running job is renewed this often...
HEARTBEAT_SECONDS = 2.0
# ...and a job without a heartbeat for this long died with its process (a machine that
# cannot tell whether the process lives: another host sharing the folder).
LEASE_SECONDS = 15.0
# Progress is written at most this often.
PROGRESS_INTERVAL = 0.4
_MB = 1024 * 1024


@dataclass(frozen=True)
class JobRequest:
    """What to do with an upload, and for whom."""

    principal: Principal
    operation_id: int
    country: str
    mode: str  # "dry_run", "all" or "valid_only"
    limits: ImportLimits


def configured_imports() -> ImportSettings:
    """The `[imports]` settings of the app (the defaults outside an app)."""
    settings = settings_or_none()
    return settings.imports if settings else ImportSettings()


def configured_limits() -> ImportLimits:
    """The `[imports]` limits of the app (the defaults outside an app)."""
    return ImportLimits.from_settings(configured_imports())


def new_job_id() -> str:
    """A fresh job id (the page ignores statuses of older jobs)."""
    return secrets.token_hex(8)


# ---------------------------------------------------------------------------------------
# Which process runs a job, and whether it still does


def _boot_id() -> str:
    """This machine's boot (Linux), so that a pid of an earlier boot is not believed."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _start_time(pid: int) -> str | None:
    """When a process started (clock ticks since boot, Linux), "" where unknown, None when
    there is no such process. With the pid, it names one process: pids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


def process_identity() -> dict[str, Any]:
    """This process, as a lease names its owner."""
    pid = os.getpid()
    return {"host": socket.gethostname(), "boot": _boot_id(), "pid": pid,
            "start": _start_time(pid) or ""}


def owner_alive(owner: dict[str, Any]) -> bool | None:
    """Whether the process a lease names still runs: True, False, or None when this
    machine cannot tell (another host, or no /proc)."""
    if owner.get("host") != socket.gethostname() or owner.get("boot") != _boot_id():
        return None
    try:
        pid = int(owner.get("pid", 0))
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    start = _start_time(pid)
    if start is None:
        return False
    if start and owner.get("start"):
        return start == owner["start"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def is_alive(store: UploadStore, upload: StoredUpload, status: dict[str, Any] | None,
             now: float | None = None) -> bool:
    """Whether a status describes a job still at work: running, under a lease whose
    process lives and whose heartbeat is recent."""
    if not status or status.get("state") != RUNNING:
        return False
    lease = store.lease(upload)
    if lease is None or lease[0].get("job") != status.get("job"):
        return False
    data, beat = lease
    if owner_alive(data.get("owner") or {}) is False:
        return False
    now = time.time() if now is None else now
    return now - beat < LEASE_SECONDS


def settle_dead_job(store: UploadStore, upload: StoredUpload) -> dict[str, Any] | None:
    """If the upload's job is marked running but its process is gone, mark it failed and
    release its claim to import (it wrote nothing); return the status as it now is."""
    with store.locked(upload):
        status = store.status(upload)
        if not status or status.get("state") != RUNNING or is_alive(store, upload, status):
            return status
        log.warning("import job %s on upload %s died with its process; marked failed",
                    status.get("job"), upload.token)
        status = {**status, "state": FAILED, "interrupted": True, "heartbeat": time.time()}
        if status.get("mode") != DRY_RUN:
            store.release_import(upload)
        store.write_status(upload, status)
        store.drop_lease(upload)
        return status


class _Heartbeat:
    """Renews a job's lease every HEARTBEAT_SECONDS while the job runs."""

    def __init__(self, store: UploadStore, upload: StoredUpload) -> None:
        self.store, self.upload = store, upload
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"lease-{upload.token[:8]}")

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            self.store.renew_lease(self.upload)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


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
    with _Heartbeat(store, upload):
        status = _run(store, database, upload, request, base)
    store.drop_lease(upload)
    return status


def _run(store: UploadStore, database: Database, upload: StoredUpload,
         request: JobRequest, base: dict[str, Any]) -> dict[str, Any]:
    """The job itself (run_job holds its lease)."""
    job_id = base["job"]
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
        if isinstance(exc, ImportRefused):
            # The file itself is refused (type, macros, bomb...): no reason to keep it.
            store.drop_content(upload)
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
    """Record the job as running, under this process's lease, and start it in a thread;
    return its id."""
    job_id = new_job_id()
    store.write_lease(upload, {"job": job_id, "owner": process_identity()})
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


def keep_upload(store: UploadStore, user_id: int, file_name: str, content: bytes,
                imports: ImportSettings, replaces: str | None = None) -> StoredUpload:
    """Keep a new file for its user, or ImportRefused (UPLOAD_QUOTA) when the user has
    too many files waiting. The file it `replaces` (the page's previous one) goes first,
    unless a job is at work on it or it is being imported."""
    previous = store.get(user_id, replaces) if replaces else None
    if previous is not None and previous.has_content:
        settle_dead_job(store, previous)
        with store.locked(previous):
            if not store.import_claimed(previous) and \
                    not is_alive(store, previous, store.status(previous)):
                store.drop_content(previous)
    usage = store.usage(user_id)
    if usage.count + 1 > imports.uploads_per_user or \
            usage.size + len(content) > imports.upload_bytes_per_user:
        raise refuse(UPLOAD_QUOTA, count=usage.count, size=-(-usage.size // _MB),
                     max_count=imports.uploads_per_user,
                     max_size=imports.upload_bytes_per_user // _MB,
                     hours=imports.upload_max_age_hours)
    return store.save(user_id, file_name, content)


def submit(store: UploadStore, database: Database, upload: StoredUpload,
           request: JobRequest) -> tuple[str | None, str | None]:
    """Start checking or importing an upload: (job id, None), or (None, why not)."""
    if not request.operation_id or not request.country:
        return None, NO_TARGET
    settle_dead_job(store, upload)
    # Decided under the upload's lock: two clicks on two workers start one job.
    with store.locked(upload):
        if is_alive(store, upload, store.status(upload)):
            return None, JOB_RUNNING
        if request.mode == DRY_RUN:
            if store.import_claimed(upload):
                return None, IMPORT_ALREADY_STARTED
        elif not store.claim_import(upload):
            return None, IMPORT_ALREADY_STARTED
        if not upload.has_content:
            if request.mode != DRY_RUN:
                store.release_import(upload)
            return None, UPLOAD_EXPIRED
        return start_job(store, database, upload, request), None
