"""Uploads do not pile up on disk: a refused file is deleted at once, old uploads are swept
every few minutes whether or not anyone uploads again (by whichever worker process serves
a request, one sweep per interval for all of them), and each user may keep only a few
files waiting for their import.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from dashboard import ids
from dashboard.callbacks import report_upload as cb
from dashboard.paths import HEALTH
from dashboard.uploads.store import _SWEEP_DUE_KEY, CONTENT_FILE, SWEEP_MARK, UploadStore
from tests import test_report_upload as page
from tests.callback_outputs import text_of
from tests.factories import unique
from tests.test_report_upload import (
    Private,
    csv_file,
    data_url,
    row,
    signed_in,
    upload,
    user_id,
)

# The fixture of the upload page's tests: the app on a private copy of the demo database.
private_db = page.private_db
DAY = 24 * 3600


def test_a_refused_file_is_deleted_at_once(private_db: Private) -> None:
    job = upload(private_db, "fp-ken", b"%PDF-1.7 not a spreadsheet", "scan.pdf")
    stored = private_db.store.get(user_id(private_db, "fp-ken"), job["token"])
    assert private_db.store.status(stored)["state"] == "refused"
    assert not (stored.folder / CONTENT_FILE).exists()
    # A checked file stays for its import.
    good = upload(private_db, "fp-ken", csv_file([row(unique("KE-KEEP"))]), "keep.csv")
    assert private_db.store.get(user_id(private_db, "fp-ken"), good["token"]).has_content


def test_old_uploads_are_swept_without_anyone_uploading(private_db: Private) -> None:
    store = private_db.store
    fresh = store.save(7, "fresh.csv", b"y", now=time.time())
    old = store.save(7, "old.csv", b"x" * 100, now=time.time() - 2 * DAY)  # after: kept
    assert old.folder.exists()
    app = private_db.app.server
    app.extensions.pop(_SWEEP_DUE_KEY, None)  # as in a worker that just started
    client = app.test_client()
    assert client.get(HEALTH).status_code == 200  # any request, from anyone
    assert not old.folder.exists() and fresh.folder.exists()
    # The next requests only compare a clock until the interval has passed.
    again = store.save(7, "old2.csv", b"z", now=time.time() - 2 * DAY)
    client.get(HEALTH)
    assert again.folder.exists()


def test_one_sweep_per_interval_for_all_worker_processes(tmp_path: Path) -> None:
    first, second = UploadStore(tmp_path), UploadStore(tmp_path)  # two workers' views
    now = time.time()
    first.save(1, "a.csv", b"a", now=now - 2 * DAY)
    assert first.sweep_if_due(600, now) == 1
    first.save(1, "b.csv", b"b", now=now - 2 * DAY)
    assert second.sweep_if_due(600, now + 60) is None  # the first swept a minute ago
    assert second.sweep_if_due(600, now + 601) == 1
    assert (tmp_path / SWEEP_MARK).exists()


def test_the_age_limit_comes_from_the_settings(private_db: Private, monkeypatch) -> None:
    settings = private_db.app.server.config["JOINTOPS_SETTINGS"]
    monkeypatch.setitem(private_db.app.server.config, "JOINTOPS_SETTINGS", dataclasses.replace(
        settings, imports=dataclasses.replace(settings.imports, upload_max_age_hours=1)))
    kept = private_db.store.save(7, "two-hours.csv", b"x", now=time.time() - 7200)
    private_db.app.server.extensions.pop(_SWEEP_DUE_KEY, None)
    private_db.app.server.test_client().get(HEALTH)
    assert not kept.folder.exists()


def _drop(private: Private, username: str, content: bytes, name: str,
          job: dict | None = None) -> tuple:
    """A file dropped on the page (`job`: the page's current upload, if any)."""
    with signed_in(private.app, username, ids.UPLOAD_FILE):
        return cb.start_job(data_url(content), str(private.operation_id), "KEN", None, None,
                            name, job)


def test_each_user_keeps_only_a_few_files_waiting(private_db: Private, monkeypatch) -> None:
    settings = private_db.app.server.config["JOINTOPS_SETTINGS"]
    monkeypatch.setitem(private_db.app.server.config, "JOINTOPS_SETTINGS", dataclasses.replace(
        settings, imports=dataclasses.replace(settings.imports, uploads_per_user=2)))
    files = [csv_file([row(unique("KE-CAP"))]) for _ in range(4)]
    first = upload(private_db, "fp-ken", files[0], "one.csv")
    upload(private_db, "fp-ken", files[1], "two.csv")  # another tab
    folders = set(private_db.store.root.iterdir())
    job, contents, alert = _drop(private_db, "fp-ken", files[2], "three.csv")
    assert job is None and contents is None
    assert "Too many of your files are waiting on the server (2 files, 1 MB; at most 2 " \
           "files and 50 MB together)." in text_of(alert)
    assert set(private_db.store.root.iterdir()) == folders  # nothing was kept
    # Another user is not held back by this one.
    assert _drop(private_db, "commander", files[2], "three.csv")[2] is None
    # A new file on the page replaces the page's previous one, which makes room.
    job, _contents, alert = _drop(private_db, "fp-ken", files[3], "four.csv", first)
    assert alert is None and job["token"] != first["token"]
    assert not private_db.store.get(user_id(private_db, "fp-ken"), first["token"]).has_content
