"""Uploaded spreadsheets kept on the server between the check and the import.

A slow connection uploads a file once: its bytes are saved under
`<root>/<random token>/` with the id of the user who sent it, and every later step (the
check, a second check for another country, the import, the download of the rejected rows)
names the token. Only the same user can use a token. The bytes are removed after the
import and as soon as the file is refused; whole folders after a day (`[imports]`
upload_max_age_hours), swept every few minutes by whichever worker process serves a
request then (`sweep_now_and_then`). Each user may keep only a few files waiting.

Next to the bytes, `status.json` holds the state of the job working on the file (and its
progress), `report.json` the last report and `job.lease` the process that runs the job
(its modification time is the job's heartbeat); they are files, not memory, so that any
worker process of the server can answer the page's polling.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask

from dashboard.context import settings_of

log = logging.getLogger(__name__)

# Flask config key that moves the folder (tests); default <base_dir>/var/uploads.
UPLOAD_DIR_KEY = "JOINTOPS_UPLOAD_DIR"
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CONTENT_FILE = "content.bin"
META_FILE = "meta.json"
STATUS_FILE = "status.json"
REPORT_FILE = "report.json"
IMPORT_LOCK = "import.lock"
LEASE_FILE = "job.lease"
FOLDER_LOCK = ".lock"
# Touched by the last sweep of the folder (any worker process): the sweeps' shared clock.
SWEEP_MARK = ".swept"
SWEEP_SECONDS = 600
# Flask extension key of the next time this process looks at the sweep clock.
_SWEEP_DUE_KEY = "jointops_upload_sweep_due"


@dataclass(frozen=True)
class StoredUpload:
    """One uploaded file of one user."""

    token: str
    user_id: int
    file_name: str
    size: int
    created: float
    folder: Path

    @property
    def has_content(self) -> bool:
        """Whether the bytes are still there (they go after an import)."""
        return (self.folder / CONTENT_FILE).exists()

    def content(self) -> bytes:
        """The uploaded bytes."""
        return (self.folder / CONTENT_FILE).read_bytes()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace a JSON file atomically (a poll never reads half a file)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(temporary, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Usage:
    """Uploads of one user still holding their bytes."""

    count: int
    size: int


class UploadStore:
    """The folder of uploads."""

    def __init__(self, root: Path, max_age_seconds: float = MAX_AGE_SECONDS) -> None:
        self.root = Path(root)
        self.max_age_seconds = max_age_seconds

    def _folder(self, token: str) -> Path | None:
        """The folder of a well-formed token (never a path built from arbitrary text)."""
        if not isinstance(token, str) or not _TOKEN.match(token):
            return None
        return self.root / token

    def save(self, user_id: int, file_name: str, content: bytes,
             now: float | None = None) -> StoredUpload:
        """Keep an uploaded file for its user; old uploads are cleared first."""
        now = time.time() if now is None else now
        self.purge(now)
        self.root.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        (folder / CONTENT_FILE).write_bytes(content)
        name = os.path.basename(file_name or "")[:200] or "upload"
        _write_json(folder / META_FILE, {"user_id": user_id, "file_name": name,
                                         "size": len(content), "created": now})
        return StoredUpload(token, user_id, name, len(content), now, folder)

    def get(self, user_id: int, token: str | None, now: float | None = None
            ) -> StoredUpload | None:
        """The user's upload with that token, or None (unknown, someone else's, expired)."""
        folder = self._folder(token or "")
        if folder is None:
            return None
        meta = _read_json(folder / META_FILE)
        now = time.time() if now is None else now
        if not meta or meta.get("user_id") != user_id or \
                now - float(meta.get("created", 0)) > self.max_age_seconds:
            return None
        return StoredUpload(folder.name, user_id, str(meta.get("file_name", "")),
                            int(meta.get("size", 0)), float(meta["created"]), folder)

    def drop_content(self, upload: StoredUpload) -> None:
        """Remove the uploaded bytes (the status and report stay for the page)."""
        (upload.folder / CONTENT_FILE).unlink(missing_ok=True)

    def claim_import(self, upload: StoredUpload) -> bool:
        """True once per upload: the first request to import it wins (double clicks,
        two tabs and retries import nothing twice)."""
        try:
            os.close(os.open(upload.folder / IMPORT_LOCK, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def release_import(self, upload: StoredUpload) -> None:
        """Allow another import after one that wrote nothing (refused or failed)."""
        (upload.folder / IMPORT_LOCK).unlink(missing_ok=True)

    def import_claimed(self, upload: StoredUpload) -> bool:
        """Whether an import of this upload was started."""
        return (upload.folder / IMPORT_LOCK).exists()

    @contextmanager
    def locked(self, upload: StoredUpload) -> Iterator[None]:
        """Hold the upload's lock: one worker process at a time decides about its jobs
        (an advisory lock: every process of this machine sees it, a dead one drops it)."""
        with open(upload.folder / FOLDER_LOCK, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def write_lease(self, upload: StoredUpload, lease: dict[str, Any]) -> None:
        """Record which process runs the upload's job (its heartbeat starts now)."""
        _write_json(upload.folder / LEASE_FILE, lease)

    def renew_lease(self, upload: StoredUpload) -> None:
        """The job's heartbeat: the lease's modification time is now."""
        with suppress(FileNotFoundError):
            os.utime(upload.folder / LEASE_FILE)

    def lease(self, upload: StoredUpload) -> tuple[dict[str, Any], float] | None:
        """The lease of the upload's job and its last heartbeat, or None."""
        path = upload.folder / LEASE_FILE
        try:
            beat = path.stat().st_mtime
        except FileNotFoundError:
            return None
        data = _read_json(path)
        return (data, beat) if data is not None else None

    def drop_lease(self, upload: StoredUpload) -> None:
        """The job ended: no process runs it any more."""
        (upload.folder / LEASE_FILE).unlink(missing_ok=True)

    def write_status(self, upload: StoredUpload, status: dict[str, Any]) -> None:
        """Record the state of the job working on the upload."""
        _write_json(upload.folder / STATUS_FILE, status)

    def status(self, upload: StoredUpload) -> dict[str, Any] | None:
        """The last recorded job state."""
        return _read_json(upload.folder / STATUS_FILE)

    def write_report(self, upload: StoredUpload, report: dict[str, Any]) -> None:
        """Keep the last report (summary and every rejected row)."""
        _write_json(upload.folder / REPORT_FILE, report)

    def report(self, upload: StoredUpload) -> dict[str, Any] | None:
        """The last report written, or None."""
        return _read_json(upload.folder / REPORT_FILE)

    def _folders(self) -> Iterator[tuple[Path, dict[str, Any] | None]]:
        """Every upload folder with its meta.json (None when unreadable)."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and _TOKEN.match(folder.name):
                yield folder, _read_json(folder / META_FILE)

    def usage(self, user_id: int, now: float | None = None) -> Usage:
        """How many of the user's uploads still hold their bytes, and how many bytes."""
        now = time.time() if now is None else now
        count = size = 0
        for folder, meta in self._folders():
            if not meta or meta.get("user_id") != user_id or \
                    now - float(meta.get("created", 0)) > self.max_age_seconds:
                continue
            if (folder / CONTENT_FILE).exists():
                count += 1
                size += int(meta.get("size", 0))
        return Usage(count, size)

    def purge(self, now: float | None = None) -> int:
        """Delete uploads older than the age limit; return how many."""
        now = time.time() if now is None else now
        removed = 0
        for folder, meta in self._folders():
            try:
                created = float(meta.get("created", 0)) if meta else folder.stat().st_mtime
            except OSError:
                continue  # removed meanwhile by another process's sweep
            if now - created > self.max_age_seconds:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    def sweep_if_due(self, interval: float, now: float | None = None) -> int | None:
        """Purge unless some process of the server did so less than `interval` seconds
        ago; return how many uploads went, or None when it was not due."""
        now = time.time() if now is None else now
        mark = self.root / SWEEP_MARK
        try:
            if now - mark.stat().st_mtime < interval:
                return None
        except FileNotFoundError:
            pass
        if not self.root.is_dir():
            return None
        mark.touch()
        os.utime(mark, (now, now))  # first: the other workers skip while this one sweeps
        return self.purge(now)


def store_for(app: flask.Flask) -> UploadStore:
    """The upload folder of an app (`[imports]` gives how long uploads are kept)."""
    settings = settings_of(app)
    configured = app.config.get(UPLOAD_DIR_KEY)
    root = Path(configured) if configured else settings.base_dir / "var" / "uploads"
    return UploadStore(root, settings.imports.upload_max_age_hours * 3600)


def current_store() -> UploadStore:
    """The upload folder of the app serving the current request."""
    return store_for(flask.current_app)


def sweep_now_and_then(app: flask.Flask, **_extra: Any) -> None:
    """On every request, cheaply: every few minutes, sweep old uploads.

    A timer that needs no thread of its own and works with any number of worker
    processes: each process looks at the shared clock (SWEEP_MARK) at most once per
    interval, and the first to find it due sweeps."""
    now = time.monotonic()
    settings = settings_of(app)
    if settings is None or now < app.extensions.get(_SWEEP_DUE_KEY, 0.0):
        return  # not a jointops app, or swept a moment ago
    interval = settings.imports.upload_sweep_minutes * 60
    app.extensions[_SWEEP_DUE_KEY] = now + interval
    try:
        removed = store_for(app).sweep_if_due(interval)
    except OSError:
        log.exception("sweeping old uploads failed")
        return
    if removed:
        log.info("removed %d old uploads", removed)


def init_app(server: flask.Flask) -> None:
    """Sweep old uploads on this app's requests, whether or not anyone opens the upload
    page."""
    flask.request_started.connect(sweep_now_and_then, server, weak=False)
