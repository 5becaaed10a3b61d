"""An import interrupted by a crash can be retried: the job's process is killed (kill -9)
in the middle of its write transaction; another process sees the job dead at once (its
lease names a process that no longer exists), the database holds nothing of it, the page
says so and offers the import again, and the retry imports every seizure once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.uploads import jobs as jobs
from tests import test_report_upload as page
from tests.callback_outputs import text_of
from tests.factories import unique
from tests.test_report_upload import (
    Private,
    click,
    csv_file,
    kenyan_seizures,
    row,
    seizures_with,
    show,
    upload,
    user_id,
)

# The fixture of the upload page's tests: the app on a private copy of the demo database.
private_db = page.private_db
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 60

# The job's process: starts the import as the page would (jobs.submit, a thread under
# this process's lease) and pauses inside the write transaction, after every row was
# written and before the commit, so that the kill lands there.
_JOB_PROCESS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sqlalchemy import select
    import data_access.importer as importer
    from dashboard.uploads import jobs as jobs
    from dashboard.database import Database
    from dashboard.uploads.store import UploadStore
    from data_access.authentication import principal_of
    from data_access.importer import ImportLimits
    from data_access.models import User

    url, root, user_id, token, operation_id, marker = sys.argv[1:]
    written = importer.apply_plan

    def apply_then_pause(*args, **kwargs):
        counts = written(*args, **kwargs)
        Path(marker).write_text("written, not committed")
        time.sleep(600)
        return counts

    importer.apply_plan = apply_then_pause
    database = Database(url, 1)
    store = UploadStore(Path(root))
    upload = store.get(int(user_id), token)
    with database.reader() as session:
        principal = principal_of(session, session.get(User, int(user_id)))
    request = jobs.JobRequest(principal, int(operation_id), "KEN", "all", ImportLimits())
    job_id, problem = jobs.submit(store, database, upload, request)
    assert problem is None, problem
    print(job_id, flush=True)
    time.sleep(600)
""")


def _start_import_process(private: Private, uid: int, token: str, marker: Path
                          ) -> subprocess.Popen:
    """A separate Python process that imports the upload and pauses before its commit."""
    url = private.db.engine.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [sys.executable, "-c", _JOB_PROCESS, url, str(private.store.root), str(uid), token,
         str(private.operation_id), str(marker)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the import process ended: {process.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError("the import process never reached its commit")
        time.sleep(0.05)


def test_an_import_killed_before_its_commit_can_be_retried_at_once(
        private_db: Private, tmp_path: Path) -> None:
    prefix = unique("KE-KILL")
    references = [f"{prefix}-{i}" for i in range(40)]
    before = kenyan_seizures(private_db)
    check = upload(private_db, "fp-ken", csv_file([row(r) for r in references]), "kill.csv")
    uid = user_id(private_db, "fp-ken")
    marker = tmp_path / "written"
    process = _start_import_process(private_db, uid, check["token"], marker)
    try:
        _wait_for(marker, process)
        job_id = process.stdout.readline().strip()
        stored = private_db.store.get(uid, check["token"])
        assert private_db.store.status(stored)["state"] == jobs.RUNNING
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert process.returncode == -signal.SIGKILL
    # Its rows were written, not committed: the database holds nothing of them.
    assert seizures_with(private_db, references) == 0
    assert kenyan_seizures(private_db) == before

    # The page polls the import job it started: told at once that it failed, not "running"
    # for ten minutes, and offered the import again.
    import_job = {**check, "job": job_id, "mode": "all"}
    progress, report, poll_disabled, all_disabled, valid_disabled, hidden = show(
        private_db, "fp-ken", import_job)
    assert progress is None and poll_disabled
    assert "Something went wrong on the server; nothing was imported." in text_of(report)
    assert (all_disabled, valid_disabled, hidden) == (False, True, False)

    # The same upload is imported again, once.
    new_job, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_ALL, import_job)
    assert alert is None, text_of(alert)
    _progress, result, *_rest = show(private_db, "fp-ken", new_job)
    assert "40 seizures created, 0 updated, 40 items saved." in text_of(result)
    assert seizures_with(private_db, references) == 40
    again, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_ALL, new_job)
    assert "already being imported, or was imported" in text_of(alert)
    assert seizures_with(private_db, references) == 40


def test_a_job_of_another_machine_is_dead_once_its_heartbeat_stops(
        private_db: Private) -> None:
    check = upload(private_db, "fp-ken", csv_file([row(unique("KE-HOST"))]), "host.csv")
    uid = user_id(private_db, "fp-ken")
    stored = private_db.store.get(uid, check["token"])
    status = {"job": "far-away", "mode": "all", "state": jobs.RUNNING}
    private_db.store.write_status(stored, status)
    private_db.store.write_lease(stored, {"job": "far-away", "owner": {
        "host": "another-host", "boot": "x", "pid": 1, "start": "1"}})
    assert private_db.store.claim_import(stored)
    # This machine cannot see that process: the heartbeat decides.
    assert jobs.is_alive(private_db.store, stored, status)
    beat = time.time() - jobs.LEASE_SECONDS - 1
    os.utime(stored.folder / "job.lease", (beat, beat))
    assert not jobs.is_alive(private_db.store, stored, status)
    settled = jobs.settle_dead_job(private_db.store, stored)
    assert settled["state"] == jobs.FAILED and settled["interrupted"] is True
    assert not private_db.store.import_claimed(stored)


def test_a_running_job_keeps_its_lease_fresh(private_db: Private,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The heartbeat runs while a job does, however long it stays in one phase."""
    check = upload(private_db, "fp-ken", csv_file([row(unique("KE-BEAT"))]), "beat.csv")
    stored = private_db.store.get(user_id(private_db, "fp-ken"), check["token"])
    private_db.store.write_lease(stored, {"job": "j", "owner": jobs.process_identity()})
    old = time.time() - 60
    os.utime(stored.folder / "job.lease", (old, old))
    renewed = threading.Event()
    real_renew = private_db.store.renew_lease

    def renew(upload) -> None:
        real_renew(upload)
        renewed.set()

    monkeypatch.setattr(private_db.store, "renew_lease", renew)
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)  # the loop reads it at each beat
    with jobs._Heartbeat(private_db.store, stored):
        assert renewed.wait(WAIT_SECONDS), "the lease was never renewed"
    assert time.time() - private_db.store.lease(stored)[1] < 1
    assert jobs.owner_alive(jobs.process_identity()) is True
