"""Uploaded spreadsheets kept on the server between the check and the import.

A slow connection uploads a file once: its bytes are saved under
`<root>/<random token>/` with the id of the user who sent it, and every later step (the
check, a second check for another country, the import, the download of the rejected rows)
names the token. Only the same user can use a token. The bytes are removed after the
import, and whole folders after a day (checked at every new upload).

Next to the bytes, `status.json` holds the state of the job working on the file (and its
progress) and `report.json` the last report; they are files, not memory, so that any
worker process of the server can answer the page's polling.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask

# Flask config key that moves the folder (tests); default <base_dir>/var/uploads.
UPLOAD_DIR_KEY = "JOINTOPS_UPLOAD_DIR"
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CONTENT_FILE = "content.bin"
META_FILE = "meta.json"
STATUS_FILE = "status.json"
REPORT_FILE = "report.json"
IMPORT_LOCK = "import.lock"


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


class UploadStore:
    """The folder of uploads."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

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
                now - float(meta.get("created", 0)) > MAX_AGE_SECONDS:
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

    def purge(self, now: float | None = None) -> int:
        """Delete uploads older than a day; return how many."""
        now = time.time() if now is None else now
        removed = 0
        if not self.root.is_dir():
            return 0
        for folder in self.root.iterdir():
            if not folder.is_dir() or not _TOKEN.match(folder.name):
                continue
            meta = _read_json(folder / META_FILE)
            created = float(meta.get("created", 0)) if meta else folder.stat().st_mtime
            if now - created > MAX_AGE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed


def current_store() -> UploadStore:
    """The upload folder of the app serving the current request."""
    from dashboard.app import current_settings

    configured = flask.current_app.config.get(UPLOAD_DIR_KEY)
    root = Path(configured) if configured else current_settings().base_dir / "var" / "uploads"
    return UploadStore(root)
