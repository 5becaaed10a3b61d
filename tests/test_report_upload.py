"""The spreadsheet upload page (/report/upload): callbacks called as functions, the upload
store, the downloads, and the page's messages.

Writes never touch the session's shared demo database (other tests count its 800
seizures): each test that uploads runs the app on its own copy of it (`private_db`), and
keeps uploads in its own folder.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import io
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_login
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard import database, ids, paths
from dashboard.callbacks import report_upload as cb
from dashboard.i18n import LANGUAGE_COOKIE
from dashboard.server.auth import SessionUser
from dashboard.settings import ImportSettings
from dashboard.ui import codes
from dashboard.uploads import jobs as jobs
from dashboard.uploads.store import MAX_AGE_SECONDS, UPLOAD_DIR_KEY, UploadStore
from dashboard.views import upload as uc
from data_access.authentication import principal_of
from data_access.errors import ErrorCode
from data_access.importer import COLUMN_NAMES, COLUMNS
from data_access.importer.template import DOC_HEADERS
from data_access.models import AuditEvent, Operation, Seizure, User
from tests.auth_helpers import language_restored, login
from tests.callback_outputs import text_of
from tests.conftest import DEMO_TODAY
from tests.factories import unique

WAIT_SECONDS = 120


# ---------------------------------------------------------------------------------------
# Fixtures and helpers


@dataclasses.dataclass
class Private:
    """The app running on a private copy of the demo database."""

    app: object
    db: database.Database
    store: UploadStore
    operation_id: int


@pytest.fixture
def private_db(dash_app, demo_db_path: Path, tmp_path: Path, monkeypatch) -> Iterator[Private]:
    """The session's app, switched to a copy of the demo database and its own upload
    folder for this test (restored afterwards)."""
    copy = tmp_path / "upload.db"
    source, target = sqlite3.connect(demo_db_path), sqlite3.connect(copy)
    source.backup(target)  # a consistent copy, including what is still in the WAL
    source.close()
    target.close()
    db = database.Database(f"sqlite:///{copy}", 1)
    monkeypatch.setitem(dash_app.server.extensions, database.EXTENSION_KEY, db)
    monkeypatch.setitem(dash_app.server.config, UPLOAD_DIR_KEY, str(tmp_path / "uploads"))
    with db.reader() as session:
        operation_id = session.execute(select(Operation.id).where(
            Operation.code == f"THUNDER-{DEMO_TODAY.year}")).scalar_one()
    yield Private(dash_app, db, UploadStore(tmp_path / "uploads"), operation_id)
    db.engine.dispose()


@contextmanager
def signed_in(dash_app, username: str, trigger: str | None = None,
              language: str = "en") -> Iterator[None]:
    """A request of the signed-in user; `trigger` is the input that fired the callback."""
    # The language cookie, as the navigation bar sets it, wins over the account's language.
    with dash_app.server.test_request_context(headers={
            "Accept-Language": language, "Cookie": f"{LANGUAGE_COOKIE}={language}"}):
        with database.read_session() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            principal = principal_of(session, user)
        flask_login.login_user(SessionUser(principal))
        token = context_value.set(AttributeDict(
            triggered_inputs=[{"prop_id": f"{trigger}.value", "value": 1}] if trigger
            else []))
        try:
            yield
        finally:
            context_value.reset(token)


def data_url(content: bytes, kind: str = "text/csv") -> str:
    """What dcc.Upload sends: a base64 data URL."""
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def row(reference: str, *, date: dt.date = DEMO_TODAY - dt.timedelta(days=2),
        species: str = "Loxodonta africana", term: str = "TUS", quantity: str = "2",
        unit: str = "kg") -> list[str]:
    """One template row of a Kenyan seizure at Nairobi airport."""
    values = dict.fromkeys(COLUMN_NAMES, "")
    values.update(national_reference=reference, seizure_date=date.isoformat(),
                  location_code="NBO", seizure_point="export", transport_mode="air_passenger",
                  detection_method="x_ray", origin_country="KEN", destination_country="VNM",
                  species=species, cites_term=term, quantity=quantity, unit=unit, live="no",
                  suspects_arrested="1")
    return [values[c] for c in COLUMN_NAMES]


def csv_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def mixed_file(prefix: str) -> tuple[bytes, list[str]]:
    """Two valid seizures (three rows) and three rejected rows; the valid references."""
    good = [f"{prefix}-1", f"{prefix}-2"]
    rows = [
        row(good[0]), row(good[0], term="IVC", quantity="3", unit="pcs"), row(good[1]),
        row(f"{prefix}-3", species="Unicornus imaginarius"),   # file row 5
        row(f"{prefix}-4", quantity="-3"),                     # file row 6
        row(f"{prefix}-5", date=DEMO_TODAY + dt.timedelta(days=3)),  # file row 7
    ]
    return csv_file(rows), good


def wait_for_job(store: UploadStore, user_id: int, job: dict) -> dict:
    """The job's final status (the job runs in a thread; this waits for it to end)."""
    upload = store.get(user_id, job["token"])
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        status = store.status(upload)
        if status and status.get("job") == job["job"] and status["state"] in jobs.FINISHED:
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not finish")


def user_id(private: Private, username: str) -> int:
    with private.db.reader() as session:
        return session.execute(select(User.id).where(User.username == username)).scalar_one()


def upload(private: Private, username: str, content: bytes, filename: str,
           country: str = "KEN") -> dict:
    """Drop a file as `username` and wait for its check; return the job store."""
    with signed_in(private.app, username, ids.UPLOAD_FILE):
        job, contents, alert = cb.start_job(data_url(content), str(private.operation_id),
                                            country, None, None, filename, None)
    assert contents is None and alert is None, alert
    wait_for_job(private.store, user_id(private, username), job)
    return job


def click(private: Private, username: str, button: str, job: dict,
          country: str = "KEN") -> tuple:
    """Press an import button; wait for the import when one started."""
    with signed_in(private.app, username, button):
        new_job, _contents, alert = cb.start_job(None, str(private.operation_id), country,
                                                 1, 1, None, job)
    if isinstance(new_job, dict) and new_job.get("job"):
        wait_for_job(private.store, user_id(private, username), new_job)
    return new_job, alert


def show(private: Private, username: str, job: dict, language: str = "en") -> tuple:
    with signed_in(private.app, username, language=language):
        return cb.show_job(1, job)



def seizures_with(private: Private, references: list[str]) -> int:
    with private.db.reader() as session:
        return session.execute(select(func.count(Seizure.id)).where(
            Seizure.national_reference.in_(references))).scalar_one()


def kenyan_seizures(private: Private) -> int:
    with private.db.reader() as session:
        return session.execute(select(func.count(Seizure.id)).where(
            Seizure.operation_id == private.operation_id,
            Seizure.reporting_country == "KEN")).scalar_one()


# ---------------------------------------------------------------------------------------
# Choices


def test_focal_point_has_own_country_and_the_active_operation(dash_app) -> None:
    with signed_in(dash_app, "fp-ken"):
        options, value = cb.fill_operations(True)
        countries, country, disabled = cb.fill_countries(value)
        assert options[0]["label"].startswith(f"Thunder {DEMO_TODAY.year}")
        assert value == options[0]["value"]
        assert countries == [{"label": "Kenya (KEN)", "value": "KEN"}]
        assert (country, disabled) == ("KEN", True)
        # An operation Kenya does not take part in offers no country at all.
        assert cb.fill_countries("999999") == ([], None, True)


def test_commander_chooses_operation_and_country(dash_app) -> None:
    with signed_in(dash_app, "commander", language="fr"):
        options, value = cb.fill_operations(True)
        countries, country, disabled = cb.fill_countries(value)
    assert len(options) == 3  # the three demo operations
    assert len(countries) > 100 and country is None and disabled is False
    assert {"label": "Kenya (KEN)", "value": "KEN"} in countries
    labels = {c["value"]: c["label"] for c in countries}
    assert labels["CMR"] == "Cameroun (CMR)"  # names in French


# ---------------------------------------------------------------------------------------
# Refusals of the file as a whole


@pytest.fixture
def small_limits(private_db: Private, monkeypatch) -> Private:
    """The app with `[imports]` limits of 4,000 bytes and 3 rows."""
    settings = private_db.app.server.config["JOINTOPS_SETTINGS"]
    monkeypatch.setitem(private_db.app.server.config, "JOINTOPS_SETTINGS",
                        dataclasses.replace(settings, imports=ImportSettings(4000, 3)))
    return private_db


def test_file_over_the_size_limit_is_refused_before_it_is_kept(small_limits: Private) -> None:
    content = csv_file([row(f"KE-BIG-{i}") for i in range(40)])
    assert len(content) > 4000
    with signed_in(small_limits.app, "fp-ken", ids.UPLOAD_FILE):
        job, contents, alert = cb.start_job(data_url(content), str(small_limits.operation_id),
                                            "KEN", None, None, "big.csv", None)
    assert job is None and contents is None
    assert "The file is too large" in text_of(alert)
    assert not small_limits.store.root.exists() or not any(small_limits.store.root.iterdir())


@pytest.mark.parametrize(("content", "filename", "expected"), [
    (None, "four.csv", "The file has too many rows (at most 3)."),
    (b"%PDF-1.7 not a spreadsheet", "scan.pdf", "Only CSV and XLSX files can be imported."),
    ("macro", "book.xlsm", "Workbooks with macros are refused"),
    ("macro", "book.xlsx", "Workbooks with macros are refused"),
    (b"a;b\nc;d\n", "other.csv", "Columns missing from the file: national_reference"),
])
def test_unusable_files_are_refused_with_a_clear_message(small_limits: Private, content,
                                                          filename: str, expected: str) -> None:
    if content is None:
        content = csv_file([row(f"KE-ROWS-{i}") for i in range(4)])
    elif content == "macro":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/vbaProject.bin", b"\x00macro")
        content = buffer.getvalue()
    job = upload(small_limits, "fp-ken", content, filename)
    progress, report, poll_disabled, all_disabled, valid_disabled, hidden = show(
        small_limits, "fp-ken", job)
    assert progress is None and poll_disabled and all_disabled and valid_disabled and hidden
    assert "The file was not accepted." in text_of(report)
    assert expected in text_of(report)


def test_refusals_speak_the_users_language(small_limits: Private) -> None:
    job = upload(small_limits, "fp-ken", b"%PDF-1.7", "scan.pdf")
    _progress, report, *_rest = show(small_limits, "fp-ken", job, language="fr")
    with small_limits.app.server.test_request_context(headers={"Accept-Language": "fr"}):
        assert codes.sentence(ErrorCode.UNSUPPORTED_FILE_TYPE) in text_of(report)
        too_large = codes.sentence(ErrorCode.FILE_TOO_LARGE,
                                   {"size": 15 * 2**20, "limit": 10 * 2**20})
        assert too_large.startswith(uc._(codes.SENTENCES[ErrorCode.FILE_TOO_LARGE]).split("(")[0])
        assert "15" in too_large and "10" in too_large


# ---------------------------------------------------------------------------------------
# The check and the import


def test_check_reports_counts_and_every_rejected_row(private_db: Private) -> None:
    prefix = unique("KE-UPL")
    content, good = mixed_file(prefix)
    before = kenyan_seizures(private_db)
    job = upload(private_db, "fp-ken", content, "mixed.csv")
    progress, report, poll_disabled, all_disabled, valid_disabled, hidden = show(
        private_db, "fp-ken", job)
    text = text_of(report)
    assert progress is None and poll_disabled
    assert "mixed.csv: 6 rows read." in text
    assert "Seizures to create 2" in text and "Items (rows) to save 3" in text
    assert "Rejected rows 3" in text and "3 seizures not imported" in text
    assert "3 rows are rejected." in text
    # Every rejected row with its row number, column, value and reason.
    assert "5 species Unicornus imaginarius Unknown species \"Unicornus imaginarius\"." in text
    assert "6 quantity -3 The quantity must be greater than zero." in text
    assert "7 seizure_date" in text and "The date is in the future" in text
    assert all_disabled is True and valid_disabled is False  # Import all needs no rejects
    assert hidden is False
    assert kenyan_seizures(private_db) == before  # a check writes nothing
    assert seizures_with(private_db, good) == 0


def test_clean_file_can_be_imported_whole(private_db: Private) -> None:
    prefix = unique("KE-ALL")
    job = upload(private_db, "fp-ken", csv_file([row(f"{prefix}-1"), row(f"{prefix}-2")]),
                 "clean.csv")
    _progress, report, _poll, all_disabled, valid_disabled, hidden = show(private_db, "fp-ken", job)
    assert "Every row is valid." in text_of(report)
    assert (all_disabled, valid_disabled) == (False, True)
    new_job, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_ALL, job)
    assert alert is None and new_job["mode"] == "all"
    _progress, result, _poll, all_disabled, valid_disabled, hidden = show(private_db, "fp-ken",
                                                                  new_job)
    assert "2 seizures created, 0 updated, 2 items saved." in text_of(result)
    assert (all_disabled, valid_disabled, hidden) == (True, True, True)
    assert seizures_with(private_db, [f"{prefix}-1", f"{prefix}-2"]) == 2


def test_import_only_the_valid_seizures_once(private_db: Private) -> None:
    prefix = unique("KE-VAL")
    content, good = mixed_file(prefix)
    before = kenyan_seizures(private_db)
    job = upload(private_db, "fp-ken", content, "mixed.csv")
    new_job, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_VALID, job)
    assert alert is None
    _progress, result, _poll, all_disabled, valid_disabled, hidden = show(private_db, "fp-ken",
                                                                  new_job)
    text = text_of(result)
    assert "2 seizures created, 0 updated, 3 items saved." in text
    assert "3 rejected rows were not imported." in text
    assert "See the seizures in Our entries" in text
    assert (all_disabled, valid_disabled) == (True, True)
    assert kenyan_seizures(private_db) == before + 2
    assert seizures_with(private_db, good) == 2
    # The bytes are gone; a second click (double click, second tab) imports nothing.
    assert not private_db.store.get(user_id(private_db, "fp-ken"), job["token"]).has_content
    again, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_VALID, new_job)
    assert "already being imported, or was imported" in text_of(alert)
    assert kenyan_seizures(private_db) == before + 2
    with private_db.db.reader() as session:
        imports = session.execute(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "seizure.import")).scalar_one()
    assert imports == 1


def test_import_all_writes_nothing_while_rows_are_rejected(private_db: Private) -> None:
    prefix = unique("KE-REJ")
    content, good = mixed_file(prefix)
    before = kenyan_seizures(private_db)
    job = upload(private_db, "fp-ken", content, "mixed.csv")
    assert show(private_db, "fp-ken", job)[3] is True  # the button is disabled...
    new_job, _alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_ALL, job)  # ...forged
    _progress, result, *_rest = show(private_db, "fp-ken", new_job)
    assert "Nothing was imported." in text_of(result)
    assert "3 rows are rejected: correct them or import only the valid seizures." \
        in text_of(result)
    assert kenyan_seizures(private_db) == before and seizures_with(private_db, good) == 0
    # Nothing was written, so importing the valid ones is still possible.
    new_job, alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_VALID, job)
    assert alert is None and seizures_with(private_db, good) == 2


def test_a_new_country_checks_the_kept_file_again(private_db: Private) -> None:
    content, _good = mixed_file(unique("KE-CTY"))
    job = upload(private_db, "commander", content, "mixed.csv")
    with signed_in(private_db.app, "commander", ids.UPLOAD_COUNTRY):
        new_job, _contents, alert = cb.start_job(None, str(private_db.operation_id), "NGA",
                                                 None, None, None, job)
    assert alert is None and new_job["token"] == job["token"] and new_job["job"] != job["job"]
    wait_for_job(private_db.store, user_id(private_db, "commander"), new_job)
    _progress, report, *_rest = show(private_db, "commander", new_job)
    assert "is not in NGA" in text_of(report)  # NBO is a Kenyan airport


def test_focal_point_cannot_import_for_another_country(private_db: Private) -> None:
    prefix = unique("KE-FORGE")
    job = upload(private_db, "fp-ken", csv_file([row(f"{prefix}-1")]), "forged.csv",
                 country="NGA")
    _progress, report, _poll, all_disabled, valid_disabled, hidden = show(private_db, "fp-ken", job)
    assert "You can only report for your own country, not NGA." in text_of(report)
    assert all_disabled and valid_disabled
    new_job, _alert = click(private_db, "fp-ken", ids.UPLOAD_IMPORT_VALID, job, country="NGA")
    _progress, result, *_rest = show(private_db, "fp-ken", new_job)
    assert "You can only report for your own country, not NGA." in text_of(result)
    assert seizures_with(private_db, [f"{prefix}-1"]) == 0


def test_an_upload_serves_only_the_user_who_sent_it(private_db: Private) -> None:
    content, good = mixed_file(unique("KE-OWN"))
    job = upload(private_db, "fp-ken", content, "mixed.csv")
    with signed_in(private_db.app, "commander", ids.UPLOAD_IMPORT_VALID):
        new_job, _contents, alert = cb.start_job(None, str(private_db.operation_id), "KEN",
                                                 None, 1, None, job)
        assert new_job is None and "no longer available" in text_of(alert)
        _progress, report, *_rest = cb.show_job(1, job)
        assert "no longer available" in text_of(report)
    assert seizures_with(private_db, good) == 0
    client = private_db.app.server.test_client()
    login(client, "commander")
    response = client.get(paths.rejects_href(job["token"]))
    assert response.status_code == 404


def test_rejected_rows_download_as_csv_in_the_users_language(private_db: Private) -> None:
    job = upload(private_db, "fp-ken", mixed_file(unique("KE-CSV"))[0], "mixed.csv")
    client = private_db.app.server.test_client()
    login(client, "fp-ken")
    response = client.get(paths.rejects_href(job["token"]))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Value in the file", "Why it is rejected", "Code"]
    assert ["5", "species", "Unicornus imaginarius", 'Unknown species "Unicornus imaginarius".',
            "unknown_species"] in rows
    assert {r[0] for r in rows[1:]} == {"5", "6", "7"}
    # A value that a spreadsheet would run as a formula is made inert; numbers are kept.
    formula = upload(private_db, "fp-ken", csv_file([row(unique("KE-F"), species="=1+2"),
                                                     row(unique("KE-N"), quantity="-3")]),
                     "formula.csv")
    text = client.get(paths.rejects_href(formula["token"])).get_data().decode("utf-8-sig")
    assert "'=1+2" in text and ",-3," in text and "'-3" not in text
    # Not with someone else's or a made-up token.
    assert client.get(paths.rejects_href("x" * 32)).status_code == 404
    assert client.get(paths.rejects_href("../../etc/passwd")).status_code == 404


def test_the_report_lists_at_most_200_rows_and_points_to_the_csv(dash_app) -> None:
    errors = [{"row": i, "column": "species", "code": "unknown_species",
               "params": {"value": "X"}, "value": "X"} for i in range(2, 502)]
    summary = {"file": "big.csv", "rows": 500, "seizures_to_create": 0,
               "seizures_to_update": 0, "items_to_write": 0, "seizures_rejected": 500,
               "rows_rejected": 500, "ignored_columns": ["Remarks"],
               "nil_returns_to_replace": 0}
    with dash_app.server.test_request_context():
        view = uc.report_view({"summary": summary, "errors": errors}, "t" * 32)
        table = uc.rejects_table(errors)
    text = text_of(view)
    assert "The first 200 of 500 problems (all of them are in the CSV file)" in text
    assert "No row can be imported." in text
    assert "Columns that are not in the template were ignored: Remarks." in text
    assert len(table.children[1].children) == uc.TABLE_ROWS


# ---------------------------------------------------------------------------------------
# Progress and jobs


def test_progress_shows_the_phase_and_the_rows_done(dash_app) -> None:
    with dash_app.server.test_request_context():
        view = uc.progress_view({"mode": "dry_run", "phase": "validate", "done": 5000,
                                 "total": 50000}, "big.xlsx")
        reading = uc.progress_view({"mode": "all", "phase": "read", "done": 0, "total": 0},
                                   "big.csv")
    assert "Checking big.xlsx…" in text_of(view)
    assert "Checking the rows: 5,000 of 50,000 rows" in text_of(view)
    assert view.children[1].value == 10
    assert "Importing big.csv…" in text_of(reading) and "Reading the file…" in text_of(reading)


def test_a_job_whose_process_died_is_reported_as_failed(private_db: Private) -> None:
    job = upload(private_db, "fp-ken", csv_file([row(unique("KE-DIED"))]), "died.csv")
    uid = user_id(private_db, "fp-ken")
    # The real check runs in a thread of this process and holds the job's lease until it
    # ends: let it end, then leave behind the status of a job whose process died.
    wait_for_job(private_db.store, uid, job)
    stored = private_db.store.get(uid, job["token"])
    private_db.store.write_status(stored, {"job": job["job"], "mode": "dry_run",
                                           "state": jobs.RUNNING, "phase": "validate",
                                           "heartbeat": time.time() - 2 * jobs.LEASE_SECONDS})
    progress, report, poll_disabled, *_rest = show(private_db, "fp-ken", job)
    assert progress is None and poll_disabled
    assert "Something went wrong on the server; nothing was imported." in text_of(report)


def test_page_callbacks_run_through_the_guard(private_db: Private) -> None:
    """The start and poll callbacks as the browser posts them: allowed for a focal point,
    the job runs, the poll returns its report; refused for a donor."""
    prefix = unique("KE-HTTP")
    body = {
        "output": f"..{ids.UPLOAD_JOB}.data...{ids.UPLOAD_FILE}.contents..."
                  f"{ids.UPLOAD_ALERT}.children..",
        "outputs": [{"id": ids.UPLOAD_JOB, "property": "data"},
                    {"id": ids.UPLOAD_FILE, "property": "contents"},
                    {"id": ids.UPLOAD_ALERT, "property": "children"}],
        "inputs": [{"id": ids.UPLOAD_FILE, "property": "contents",
                    "value": data_url(csv_file([row(f"{prefix}-1")]))},
                   {"id": ids.UPLOAD_OPERATION, "property": "value",
                    "value": str(private_db.operation_id)},
                   {"id": ids.UPLOAD_COUNTRY, "property": "value", "value": "KEN"},
                   {"id": ids.UPLOAD_IMPORT_ALL, "property": "n_clicks", "value": None},
                   {"id": ids.UPLOAD_IMPORT_VALID, "property": "n_clicks", "value": None}],
        "state": [{"id": ids.UPLOAD_FILE, "property": "filename", "value": "one.csv"},
                  {"id": ids.UPLOAD_JOB, "property": "data", "value": None}],
        "changedPropIds": [f"{ids.UPLOAD_FILE}.contents"]}
    donor = private_db.app.server.test_client()
    login(donor, "donor")
    assert donor.post("/_dash-update-component", json=body).status_code == 403
    client = private_db.app.server.test_client()
    login(client, "fp-ken")
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    job = response.get_json()["response"][ids.UPLOAD_JOB]["data"]
    wait_for_job(private_db.store, user_id(private_db, "fp-ken"), job)
    poll = {"output": f"..{ids.UPLOAD_PROGRESS}.children...{ids.UPLOAD_REPORT}.children..."
                      f"{ids.UPLOAD_POLL}.disabled...{ids.UPLOAD_IMPORT_ALL}.disabled..."
                      f"{ids.UPLOAD_IMPORT_VALID}.disabled...{ids.UPLOAD_ACTIONS}.hidden..",
            "outputs": [{"id": ids.UPLOAD_PROGRESS, "property": "children"},
                        {"id": ids.UPLOAD_REPORT, "property": "children"},
                        {"id": ids.UPLOAD_POLL, "property": "disabled"},
                        {"id": ids.UPLOAD_IMPORT_ALL, "property": "disabled"},
                        {"id": ids.UPLOAD_IMPORT_VALID, "property": "disabled"},
                        {"id": ids.UPLOAD_ACTIONS, "property": "hidden"}],
            "inputs": [{"id": ids.UPLOAD_POLL, "property": "n_intervals", "value": 3},
                       {"id": ids.UPLOAD_JOB, "property": "data", "value": job}],
            "changedPropIds": [f"{ids.UPLOAD_POLL}.n_intervals"]}
    polled = client.post("/_dash-update-component", json=poll)
    assert polled.status_code == 200
    assert "Every row is valid." in polled.get_data(as_text=True)
    assert polled.get_json()["response"][ids.UPLOAD_IMPORT_ALL]["disabled"] is False
    assert donor.post("/_dash-update-component", json=poll).status_code == 403


def test_uploads_older_than_a_day_are_removed(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    old = store.save(7, "old.csv", b"x", now=1000.0)
    fresh = store.save(7, "new.csv", b"y", now=1000.0 + MAX_AGE_SECONDS + 5)
    assert not old.folder.exists() and fresh.folder.exists()
    assert store.get(7, fresh.token, now=fresh.created + 1) is not None
    assert store.get(8, fresh.token, now=fresh.created + 1) is None  # another user
    assert store.get(7, fresh.token, now=fresh.created + MAX_AGE_SECONDS + 1) is None
    assert store.get(7, "../" + fresh.token) is None


# ---------------------------------------------------------------------------------------
# Template downloads


DOWNLOADS = (paths.UPLOAD_TEMPLATE_CSV, paths.UPLOAD_TEMPLATE_XLSX, paths.rejects_href("t" * 32))


def test_template_routes_refuse_anonymous_and_donor(dash_app) -> None:
    anonymous = dash_app.server.test_client()
    for path in DOWNLOADS:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    donor = dash_app.server.test_client()
    login(donor, "donor")
    for path in DOWNLOADS:
        assert donor.get(path).status_code == 403


def test_templates_download_for_focal_points(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    response = client.get(paths.UPLOAD_TEMPLATE_CSV)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().decode("utf-8-sig").strip() == ",".join(COLUMN_NAMES)
    response = client.get(paths.UPLOAD_TEMPLATE_XLSX)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert [c.value for c in workbook.worksheets[0][1]] == list(COLUMN_NAMES)
    docs = workbook.worksheets[1]
    assert [c.value for c in docs[1]] == list(DOC_HEADERS)
    assert [r[0].value for r in docs.iter_rows(min_row=2)] == list(COLUMN_NAMES)


def test_xlsx_template_documents_the_columns_in_french(dash_app, demo_db_path) -> None:
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    with language_restored(demo_db_path, "fp-ken"):
        client.get("/lang/fr")
        workbook = load_workbook(io.BytesIO(client.get(paths.UPLOAD_TEMPLATE_XLSX).get_data()))
    docs = workbook.worksheets[1]
    assert [c.value for c in docs[1]][:4] == ["Colonne", "Niveau", "Obligatoire",
                                              "Signification"]
    meaning = {r[0].value: r[3].value for r in docs.iter_rows(min_row=2)}
    assert meaning["quantity"] == "Quantité saisie, dans l'unité indiquée."


# ---------------------------------------------------------------------------------------
# Messages


def test_every_column_text_of_the_template_is_marked_for_translation() -> None:
    texts = set(uc.COLUMN_DOC_MESSAGES)
    for column in COLUMNS:
        assert {column.meaning, column.accepted, column.level} <= texts, column.name
    assert set(DOC_HEADERS) <= texts and {"yes", "no"} <= texts
