"""Admin screens: the audited admin writes on SQLite and PostgreSQL, the callbacks called as
functions, and the administrator's journey in Chromium."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_login
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from playwright.sync_api import expect
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.callbacks import admin_operations as ops_cb
from dashboard.callbacks import admin_reference as ref_cb
from dashboard.callbacks import admin_users as users_cb
from dashboard.database import read_session, write_session
from dashboard.server.auth import SessionUser
from dashboard.views.admin import (
    error_message,
    feedback_id,
    parse_participants,
    participant_errors,
    participants_text,
)
from data_access import admin
from data_access.admin.unlocode import kind_for_function, parse_coordinates
from data_access.authentication import Principal, principal_of
from data_access.db import make_session_factory, session_scope
from data_access.errors import FieldError, NotFound, PermissionDenied, ValidationFailed
from data_access.models import (
    AuditEvent,
    Location,
    Operation,
    OperationLocation,
    Taxon,
    User,
    UserOperation,
)
from data_access.passwords import verify_password
from tests.auth_helpers import login
from tests.callback_outputs import text_of
from tests.factories import make_operation, make_seizure, make_user, unique

SAMPLE = Path(__file__).parent / "data" / "unlocode_sample.csv"
PASSWORD = "a long enough passphrase"
ADMIN_PAGES = ("/admin/operations", "/admin/users", "/admin/reference")
# Browser waits: the journey saves several times, and on a busy machine Chromium can stall
# for many seconds.
WAIT = 30_000


# ---------------------------------------------------------------------------------------
# Helpers


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One committed transaction (rolled back on error), as the dashboard runs a write."""
    with session_scope(make_session_factory(engine)) as session:
        yield session


def make_admin(engine: Engine, role: str = "admin", country: str | None = None) -> Principal:
    """A real account of that role (unique name) and its principal."""
    with unit_of_work(engine) as session:
        return principal_of(session, make_user(session, role, country, password=PASSWORD))


def last_event_id(engine: Engine) -> int:
    """The id of the newest audit event (0 when none)."""
    with unit_of_work(engine) as session:
        return session.execute(select(func.max(AuditEvent.id))).scalar() or 0


def events_since(engine: Engine, since: int) -> list[AuditEvent]:
    """Audit events written after the given id, oldest first."""
    with unit_of_work(engine) as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.id > since)
                                    .order_by(AuditEvent.id)).scalars())


def refused(excinfo: pytest.ExceptionInfo) -> set[tuple[str, str]]:
    """The (field, code) pairs of a refusal."""
    return {(e.field, str(e.code)) for e in excinfo.value.errors}


def operation_input(code: str, **changes) -> admin.OperationInput:
    """A valid operation with some fields changed (the code too, if given)."""
    values = {"code": code, "name": "Operation Test", "start_date": "2027-03-01",
              "end_date": "2027-03-28", "timezone": "Africa/Nairobi",
              "report_deadline": "18:00", "lock_date": "2027-04-15", "status": "planned",
              "description": "", "lead_organisations": "WCO, INTERPOL"}
    return admin.OperationInput(**{**values, **changes})


# ---------------------------------------------------------------------------------------
# Operations


def test_admin_creates_an_operation_with_one_audit_event(engine: Engine) -> None:
    principal = make_admin(engine)
    code = unique("op").lower()
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        operation = admin.create_operation(session, principal, operation_input(code))
        operation_id = operation.id
    with unit_of_work(engine) as session:
        saved = session.get(Operation, operation_id)
        assert saved.code == code.upper()  # codes are kept in capitals
        assert saved.start_date == dt.date(2027, 3, 1) and saved.end_date == dt.date(2027, 3, 28)
        assert saved.timezone == "Africa/Nairobi" and saved.report_deadline == dt.time(18, 0)
        assert saved.lock_date == dt.date(2027, 4, 15) and saved.status == "planned"
    events = events_since(engine, since)
    assert [(e.action, e.entity_id, e.username, e.user_id) for e in events] == [
        ("operation.create", code.upper(), principal.username, principal.id)]
    assert events[0].after["start_date"] == "2027-03-01"


@pytest.mark.parametrize(("changes", "expected"), [
    ({"code": ""}, {("code", "required")}),
    ({"code": "thunder 2027"}, {("code", "code_format")}),
    ({"code": "X" * 33}, {("code", "too_long")}),
    ({"name": "  "}, {("name", "required")}),
    ({"start_date": None, "end_date": ""}, {("start_date", "required"),
                                            ("end_date", "required")}),
    ({"start_date": "31/02/2027"}, {("start_date", "invalid_date")}),
    ({"end_date": "2027-02-27"}, {("end_date", "end_before_start")}),
    ({"lock_date": "2027-03-20"}, {("lock_date", "lock_before_end")}),
    ({"timezone": "Mars/Olympus_Mons"}, {("timezone", "unknown_timezone")}),
    ({"timezone": ""}, {("timezone", "required")}),
    ({"report_deadline": "25:00"}, {("report_deadline", "invalid_time")}),
    ({"report_deadline": None}, {("report_deadline", "required")}),
    ({"status": "paused"}, {("status", "unknown_code")}),
    ({"description": "x" * 4001}, {("description", "too_long")}),
])
def test_operation_rules_refuse_bad_values_and_write_nothing(
        engine: Engine, changes: dict, expected: set) -> None:
    principal = make_admin(engine)
    since = last_event_id(engine)
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        changes = dict(changes)  # the parameters are shared by both databases' runs
        admin.create_operation(session, principal,
                               operation_input(changes.pop("code", unique("RULE")), **changes))
    assert refused(excinfo) == expected
    assert events_since(engine, since) == []


def test_lock_date_may_be_empty_or_the_end_date(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        assert admin.create_operation(session, principal, operation_input(
            unique("NOLOCK"), lock_date="")).lock_date is None
        assert admin.create_operation(session, principal, operation_input(
            unique("ENDLOCK"), lock_date="2027-03-28")).lock_date == dt.date(2027, 3, 28)


def test_operation_code_is_unique(engine: Engine) -> None:
    principal = make_admin(engine)
    code = unique("DUP")
    with unit_of_work(engine) as session:
        admin.create_operation(session, principal, operation_input(code))
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.create_operation(session, principal, operation_input(code.lower()))
    assert refused(excinfo) == {("code", "code_taken")}


def test_update_records_only_what_changed(engine: Engine) -> None:
    principal = make_admin(engine)
    code, other = unique("UPD"), unique("UPD")
    with unit_of_work(engine) as session:
        operation_id = admin.create_operation(session, principal, operation_input(code)).id
        admin.create_operation(session, principal, operation_input(other))
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        changed = admin.update_operation(session, principal, operation_id, operation_input(
            code, name="Renamed", status="active", report_deadline="20:30"))
    assert set(changed) == {"name", "status", "report_deadline"}
    (event,) = events_since(engine, since)
    assert event.action == "operation.update" and event.entity_id == code
    assert event.before == {"name": "Operation Test", "status": "planned",
                            "report_deadline": "18:00:00"}
    assert event.after == {"name": "Renamed", "status": "active",
                           "report_deadline": "20:30:00"}
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        assert admin.update_operation(session, principal, operation_id, operation_input(
            code, name="Renamed", status="active", report_deadline="20:30")) == ()
    assert events_since(engine, since) == []  # nothing changed, nothing recorded
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.update_operation(session, principal, operation_id, operation_input(other))
    assert refused(excinfo) == {("code", "code_taken")}
    with pytest.raises(NotFound), unit_of_work(engine) as session:
        admin.update_operation(session, principal, 10**9, operation_input(unique("NONE")))


def test_new_dates_must_keep_the_reported_seizures(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        operation = make_operation(session, start=dt.date(2026, 11, 11))
        make_seizure(session, operation, date=dt.date(2026, 11, 15))
        operation_id, code = operation.id, operation.code
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.update_operation(session, principal, operation_id, operation_input(
            code, start_date="2026-11-16", end_date="2026-12-20", lock_date=""))
    assert refused(excinfo) == {("start_date", "seizures_outside_window")}
    assert excinfo.value.errors[0].params == {"first": "2026-11-15", "last": "2026-11-15"}
    with unit_of_work(engine) as session:
        assert admin.update_operation(session, principal, operation_id, operation_input(
            code, start_date="2026-11-15", end_date="2026-12-20", lock_date=""))


def test_participants_with_focal_points_each_change_audited_once(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        operation_id = admin.create_operation(session, principal,
                                              operation_input(unique("PART"))).id
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        change = admin.set_participants(session, principal, operation_id, [
            admin.ParticipantInput("ken", "Jane Wanjiru", "+254 700 000 000"),
            admin.ParticipantInput("NGA"), admin.ParticipantInput("FRA", "", "ocb@example.org")])
    assert change.added == ("FRA", "KEN", "NGA") and change.removed == ()
    (event,) = events_since(engine, since)
    assert event.action == "operation.participants"
    assert event.after["added"]["KEN"] == ["Jane Wanjiru", "+254 700 000 000"]
    with unit_of_work(engine) as session:
        detail = admin.operation_detail(session, event.entity_id)
        assert [p.country_iso3 for p in detail.participants] == ["FRA", "KEN", "NGA"]
        admin.set_operation_ports(session, principal, operation_id, ["KEMBA", "NGAPP"])

    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        change = admin.set_participants(session, principal, operation_id, [
            admin.ParticipantInput("KEN", "Jane Wanjiru", "jane@example.org"),
            admin.ParticipantInput("FRA", "", "ocb@example.org"),
            admin.ParticipantInput("TZA")])
    assert change.added == ("TZA",) and change.removed == ("NGA",)
    assert change.focal_points_changed == ("KEN",) and change.ports_removed == ("NGAPP",)
    (event,) = events_since(engine, since)
    assert event.before["focal_points"]["KEN"] == ["Jane Wanjiru", "+254 700 000 000"]
    with unit_of_work(engine) as session:
        assert admin.operation_detail(session, event.entity_id).port_codes == ("KEMBA",)

    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        unchanged = admin.set_participants(session, principal, operation_id, [
            admin.ParticipantInput("FRA", "", "ocb@example.org"),
            admin.ParticipantInput("KEN", "Jane Wanjiru", "jane@example.org"),
            admin.ParticipantInput("TZA")])
    assert not unchanged.changed and events_since(engine, since) == []


def test_participant_rules(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        operation = make_operation(session, countries=("KEN", "NGA"))
        make_seizure(session, operation, country="NGA")
        operation_id = operation.id
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.set_participants(session, principal, operation_id, [
            admin.ParticipantInput("KEN"), admin.ParticipantInput("XYZ"),
            admin.ParticipantInput("KEN"), admin.ParticipantInput(""),
            admin.ParticipantInput("NGA", "x" * 161)])
    assert refused(excinfo) == {
        ("participants[1].country_iso3", "unknown_country"),
        ("participants[2].country_iso3", "duplicate_country"),
        ("participants[3].country_iso3", "required"),
        ("participants[4].focal_point_name", "too_long")}
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.set_participants(session, principal, operation_id, [admin.ParticipantInput("KEN")])
    assert refused(excinfo) == {("participants", "country_has_reports")}
    assert excinfo.value.errors[0].params == {"country": "NGA"}


def test_ports_must_be_known_and_in_participating_countries(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        operation_id = make_operation(session, countries=("KEN",)).id
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.set_operation_ports(session, principal, operation_id,
                                  ["KEMBA", "NOPE1", "NGAPP"])
    assert refused(excinfo) == {("ports[1]", "unknown_location"),
                                ("ports[2]", "location_not_participating")}
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        change = admin.set_operation_ports(session, principal, operation_id,
                                           ["kemba", "NBO", "KEMBA"])
    assert change.added == ("KEMBA", "NBO") and change.removed == ()
    (event,) = events_since(engine, since)
    assert event.action == "operation.ports" and event.after["added"] == ["KEMBA", "NBO"]
    with unit_of_work(engine) as session:
        assert session.execute(select(func.count()).select_from(OperationLocation).where(
            OperationLocation.operation_id == operation_id)).scalar() == 2
        assert not admin.set_operation_ports(session, principal, operation_id,
                                             ["NBO", "KEMBA"]).changed
        change = admin.set_operation_ports(session, principal, operation_id, [])
    assert change.removed == ("KEMBA", "NBO")


# ---------------------------------------------------------------------------------------
# Accounts


def test_accounts_created_disabled_enabled_and_reset_each_audited_once(engine: Engine) -> None:
    principal = make_admin(engine)
    name = unique("fp").lower()
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        user = admin.create_account(session, principal, admin.AccountInput(
            username=name, password=PASSWORD, role="focal_point", country_iso3="ken",
            language="fr", full_name="Jane Wanjiru"))
        assert user.country_iso3 == "KEN" and user.language == "fr"
    with unit_of_work(engine) as session:
        admin.disable_account(session, principal, name)
    with unit_of_work(engine) as session:
        admin.enable_account(session, principal, name)
    with unit_of_work(engine) as session:
        admin.reset_password(session, principal, name, "another long passphrase")
    events = events_since(engine, since)
    assert [(e.action, e.entity_id, e.username) for e in events] == [
        ("user.create", name, principal.username), ("user.disable", name, principal.username),
        ("user.enable", name, principal.username),
        ("user.set_password", name, principal.username)]
    assert all("passphrase" not in str(e.after) for e in events)
    with unit_of_work(engine) as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one()
        assert user.active and user.session_epoch == 2  # disabling and resetting end sessions
        assert verify_password(user.password_hash, "another long passphrase")


@pytest.mark.parametrize(("changes", "expected"), [
    ({"username": ""}, {("username", "required")}),
    ({"username": "jane doe"}, {("username", "username_format")}),
    ({"username": "j" * 65}, {("username", "too_long")}),
    ({"username": "TAKEN"}, {("username", "username_taken")}),
    ({"role": "boss"}, {("role", "unknown_code")}),
    ({"role": "focal_point", "country_iso3": None}, {("country_iso3",
                                                     "focal_point_needs_country")}),
    ({"country_iso3": "XYZ"}, {("country_iso3", "unknown_country")}),
    ({"language": "de"}, {("language", "unknown_code")}),
    ({"password": "short"}, {("password", "password_too_short")}),
    ({"password": ""}, {("password", "required")}),
    ({"full_name": "n" * 161}, {("full_name", "too_long")}),
])
def test_account_rules(engine: Engine, changes: dict, expected: set) -> None:
    principal = make_admin(engine)
    if changes.get("username") == "TAKEN":
        changes = {"username": principal.username}
    values = {"username": unique("user").lower(), "password": PASSWORD, "role": "commander",
              "country_iso3": None, "language": None, "full_name": ""}
    since = last_event_id(engine)
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.create_account(session, principal, admin.AccountInput(**{**values, **changes}))
    assert refused(excinfo) == expected
    assert events_since(engine, since) == []


def test_account_state_and_password_rules(engine: Engine) -> None:
    principal = make_admin(engine)
    other = make_admin(engine, "commander")
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.disable_account(session, principal, principal.username)
    assert refused(excinfo) == {("username", "cannot_disable_self")}
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.enable_account(session, principal, other.username)
    assert refused(excinfo) == {("username", "already_active")}
    with unit_of_work(engine) as session:
        admin.disable_account(session, principal, other.username)
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.disable_account(session, principal, other.username)
    assert refused(excinfo) == {("username", "already_disabled")}
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.reset_password(session, principal, other.username, "short")
    assert refused(excinfo) == {("password", "password_too_short")}
    with pytest.raises(NotFound) as excinfo, unit_of_work(engine) as session:
        admin.reset_password(session, principal, "nobody-" + unique("x"), PASSWORD)
    assert refused(excinfo) == {("username", "user_not_found")}


def test_commander_restricted_to_assigned_operations(engine: Engine) -> None:
    principal = make_admin(engine)
    commander = make_admin(engine, "commander")
    focal = make_admin(engine, "focal_point", country="KEN")
    with unit_of_work(engine) as session:
        first, second = make_operation(session), make_operation(session)
        codes, op_ids = (first.code, second.code), (first.id, second.id)
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        assert admin.assign_account(session, principal, commander.username, None,
                                    [codes[1].lower(), codes[0]])
    (event,) = events_since(engine, since)
    assert event.action == "user.assign" and event.before == {"country": None,
                                                              "operations": []}
    assert event.after == {"country": None, "operations": sorted(codes)}
    with unit_of_work(engine) as session:
        user = session.get(User, commander.id)
        assert set(principal_of(session, user).operation_ids) == set(op_ids)
        assert admin.account_detail(session, commander.username).operation_codes == \
            tuple(sorted(codes))
        assert not admin.assign_account(session, principal, commander.username, None, codes)
        assert admin.assign_account(session, principal, commander.username, None, [])
        assert session.execute(select(func.count()).select_from(UserOperation).where(
            UserOperation.user_id == commander.id)).scalar() == 0
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.assign_account(session, principal, focal.username, None, [codes[0]])
    assert refused(excinfo) == {("country_iso3", "focal_point_needs_country"),
                                ("operations", "operations_only_for_commanders")}
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.assign_account(session, principal, commander.username, "ZZZ", ["NO-SUCH-OP"])
    assert refused(excinfo) == {("country_iso3", "unknown_country"),
                                ("operations[0]", "operation_not_found")}
    with unit_of_work(engine) as session:
        assert admin.assign_account(session, principal, focal.username, "TZA")
        assert session.get(User, focal.id).country_iso3 == "TZA"


# ---------------------------------------------------------------------------------------
# Only administrators


@pytest.mark.parametrize("role", ["commander", "focal_point", "donor", None])
def test_only_administrators_may_write(engine: Engine, role: str | None) -> None:
    principal = make_admin(engine, role, "KEN" if role == "focal_point" else None) \
        if role else None
    with unit_of_work(engine) as session:
        operation_id = make_operation(session).id
    since = last_event_id(engine)
    writes = [
        lambda s: admin.create_operation(s, principal, operation_input(unique("NO"))),
        lambda s: admin.update_operation(s, principal, operation_id,
                                         operation_input(unique("NO"))),
        lambda s: admin.save_operation(s, principal, None, operation_input(unique("NO"))),
        lambda s: admin.set_participants(s, principal, operation_id,
                                         [admin.ParticipantInput("KEN")]),
        lambda s: admin.set_operation_ports(s, principal, operation_id, ["KEMBA"]),
        lambda s: admin.create_account(s, principal, admin.AccountInput(
            unique("no").lower(), PASSWORD, "admin")),
        lambda s: admin.disable_account(s, principal, "admin"),
        lambda s: admin.enable_account(s, principal, "admin"),
        lambda s: admin.reset_password(s, principal, "admin", PASSWORD),
        lambda s: admin.assign_account(s, principal, "admin", "KEN"),
        lambda s: admin.import_unlocode(s, principal, SAMPLE.read_bytes()),
        lambda s: admin.add_taxon(s, principal, admin.TaxonInput(
            "Manis testii", "Test pangolin", "II", "mammals")),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied) as excinfo, unit_of_work(engine) as session:
            write(session)
        assert refused(excinfo) == {("", "permission_denied")}
    assert events_since(engine, since) == []


# ---------------------------------------------------------------------------------------
# Reference data


def test_coordinates_and_functions_of_unlocode() -> None:
    assert parse_coordinates("0405N 03940E") == (4.0833, 39.6667)
    assert parse_coordinates("0608S 00113W") == (-6.1333, -1.2167)
    assert parse_coordinates("9100N 00000E") is None  # beyond the pole
    assert parse_coordinates("0460N 00000E") is None  # 60 minutes
    assert parse_coordinates("4.05N 39.40E") is None
    assert kind_for_function("1234----") == "seaport"
    assert kind_for_function("-234----") == "airport"
    assert kind_for_function("--3-5---") == "mail_centre"
    assert kind_for_function("--3-----") == "land_border"
    assert kind_for_function("-------B") == "land_border"
    assert kind_for_function("-----6--") == "inland"
    assert kind_for_function("------7-") == "inland"
    assert kind_for_function("-2------") is None and kind_for_function("0-------") is None


def test_unlocode_sample_import_reports_every_row(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        session.add(Location(code="KEQZU", name="Old name", kind="land_border",
                             country_iso3="KEN", latitude=-2.5, longitude=40.5))
    since = last_event_id(engine)
    try:
        with unit_of_work(engine) as session:
            report = admin.import_unlocode(session, principal, SAMPLE.read_bytes())
        assert (report.entries, report.inserted, report.updated, report.unchanged) == \
            (16, 5, 1, 1)
        assert report.skipped == {
            "airport_exists": 1, "bad_coordinates": 1, "duplicate_in_file": 1,
            "malformed_row": 1, "no_coordinates": 1, "not_port": 1, "reference_entry": 1,
            "removed_entry": 1, "unknown_country": 1}
        outcomes: dict[str, tuple[str, str]] = {}
        for r in report.rows:  # the first row of a code (a repeat is skipped later)
            outcomes.setdefault(r.code, (r.outcome, r.reason or r.kind))
        assert outcomes["KEQZB"] == ("inserted", "land_border")
        assert outcomes["KEMYD"] == ("skipped", "airport_exists")
        assert outcomes["XKPRN"] == ("skipped", "unknown_country")
        assert outcomes["KEQZU"] == ("updated", "land_border")  # the known kind is kept
        assert "KEMBA" not in outcomes  # unchanged rows are only counted
        (event,) = events_since(engine, since)
        assert event.action == "reference.import_unlocode" and event.after["inserted"] == 5
        assert event.after["inserted_codes"] == ["KEQZB", "KEQZC", "KEQZD", "KEQZM", "TGQZL"]
        with unit_of_work(engine) as session:
            places = {row.code: row for row in session.execute(select(Location).where(
                Location.code.in_(["KEQZB", "KEQZC", "KEQZD", "KEQZM", "TGQZL", "KEQZU",
                                   "KEMBA"]))).scalars()}
            assert {c: p.kind for c, p in places.items()} == {
                "KEQZB": "land_border", "KEQZC": "seaport", "KEQZD": "inland",
                "KEQZM": "mail_centre", "TGQZL": "seaport", "KEQZU": "land_border",
                "KEMBA": "seaport"}
            assert places["TGQZL"].name == "Lomé Test Wharf"  # Latin-1 read right
            assert places["TGQZL"].country_iso3 == "TGO"
            assert (places["TGQZL"].latitude, places["TGQZL"].longitude) == (6.1333, 1.2167)
            assert places["KEQZU"].name == "Updated Test Port"
            assert (places["KEQZU"].latitude, places["KEQZU"].longitude) == (-2.0, 41.0)
            assert places["KEMBA"].latitude == -4.065  # finer curated position kept
        with unit_of_work(engine) as session:
            again = admin.import_unlocode(session, principal, SAMPLE.read_bytes())
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 7)
    finally:  # PostgreSQL's schema is shared by the run: leave Kenya's places as found
        with unit_of_work(engine) as session:
            session.execute(delete(Location).where(Location.code.in_(
                ["KEQZB", "KEQZC", "KEQZD", "KEQZM", "TGQZL", "KEQZU"])))


def test_unlocode_file_problems_write_nothing(engine: Engine) -> None:
    principal = make_admin(engine)
    location = unique("")[-3:].replace("0", "A").replace("1", "B")
    utf8 = (f',"TG","{location}","Lomé Ferry","Lome Ferry","M","RL","1-------","2501",,'
            '"0608N 00113E",""\n').encode()
    since = last_event_id(engine)
    cases = [(b"", "empty_file"), (b"   \n", "empty_file"), (utf8 * 10, "file_too_large"),
             (b"code,name\nKEMBA,Mombasa\n", "not_unlocode"),
             (b'"unterminated\n' + b"x" * 200, "not_unlocode")]
    for content, code in cases:
        with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
            admin.import_unlocode(session, principal, content, max_bytes=500)
        assert refused(excinfo) == {("file", code)}, content[:40]
    assert events_since(engine, since) == []
    try:
        with unit_of_work(engine) as session:
            report = admin.import_unlocode(session, principal, "\ufeff".encode() + utf8)
        assert report.inserted == 1
        with unit_of_work(engine) as session:
            assert session.execute(select(Location.name).where(
                Location.code == f"TG{location}")).scalar_one() == "Lomé Ferry"
    finally:
        with unit_of_work(engine) as session:
            session.execute(delete(Location).where(Location.code == f"TG{location}"))


def test_taxon_added_once_with_three_names(engine: Engine) -> None:
    principal = make_admin(engine)
    name = f"Manis {unique('t')[-8:].lower().replace('-', '')}"
    name = re.sub(r"\d", "x", name)
    since = last_event_id(engine)
    with unit_of_work(engine) as session:
        taxon = admin.add_taxon(session, principal, admin.TaxonInput(
            scientific_name=f"  {name.lower()}  ", common_name_en="Test pangolin",
            common_name_fr="Pangolin test", common_name_pt="Pangolim teste",
            cites_appendix="i", display_group="mammals", rank="species",
            family="Manidae", flagship=True))
        assert taxon.scientific_name == name and taxon.cites_appendix == "I"
    (event,) = events_since(engine, since)
    assert event.action == "taxon.create" and event.after["common_name_fr"] == "Pangolin test"
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.add_taxon(session, principal, admin.TaxonInput(
            name.upper().capitalize(), "Again", "II", "mammals"))
    assert refused(excinfo) == {("scientific_name", "scientific_name_taken")}
    with pytest.raises(ValidationFailed) as excinfo, unit_of_work(engine) as session:
        admin.add_taxon(session, principal, admin.TaxonInput(
            "manis 42", "", "IV", "dragons", rank="kingdom", taxon_class="c" * 65))
    assert refused(excinfo) == {
        ("scientific_name", "scientific_name_format"), ("common_name_en", "required"),
        ("cites_appendix", "unknown_code"), ("display_group", "unknown_code"),
        ("rank", "unknown_code"), ("taxon_class", "too_long")}
    with unit_of_work(engine) as session:
        assert admin.recent_taxa(session).iloc[0]["scientific_name"] == name
        session.execute(delete(Taxon).where(Taxon.scientific_name == name))


def test_operations_and_accounts_tables(engine: Engine) -> None:
    principal = make_admin(engine)
    with unit_of_work(engine) as session:
        operation = make_operation(session, countries=("KEN", "NGA"))
        make_seizure(session, operation)
        code = operation.code
    with unit_of_work(engine) as session:
        table = admin.operations_table(session)
        row = table[table[admin.OperationTableColumns.CODE] == code].iloc[0]
        assert (row["countries"], row["ports"], row["seizures"]) == (2, 0, 1)
        accounts = admin.accounts_table(session)
        mine = accounts[accounts[admin.AccountColumns.USERNAME] == principal.username]
        assert mine.iloc[0][admin.AccountColumns.ROLE] == "admin"
        assert bool(mine.iloc[0][admin.AccountColumns.ACTIVE]) is True
        assert len(admin.location_choices(session, ["KEN"])) >= 4
        assert admin.location_choices(session, []).empty


# ---------------------------------------------------------------------------------------
# Builders


def test_participant_lines_round_trip_and_errors_name_the_line(dash_app) -> None:
    text = "KEN; Jane Wanjiru; +254 700\n\nNGA\nFRA\t\tocb@example.org\n"
    participants, lines = parse_participants(text)
    assert [(p.country_iso3, p.focal_point_name, p.focal_point_contact)
            for p in participants] == [("KEN", "Jane Wanjiru", "+254 700"), ("NGA", "", ""),
                                       ("FRA", "", "ocb@example.org")]
    assert lines == [1, 3, 4]
    assert participants_text(participants) == \
        "KEN; Jane Wanjiru; +254 700\nNGA\nFRA; ; ocb@example.org"
    with dash_app.server.test_request_context():
        message = participant_errors(
            [FieldError("participants[1].country_iso3", "unknown_country", {"value": "NGX"})],
            lines)
    assert message.startswith("Line 3: Unknown country NGX")


def test_error_messages_follow_the_language(dash_app) -> None:
    error = FieldError("end_date", "end_before_start", {"start": "2027-03-01"})
    with dash_app.server.test_request_context():
        assert error_message(error) == \
            "The end date must be on or after the start date (1 Mar 2027)."
        assert error_message(FieldError("x", "odd")) == "This value is not accepted (odd)."
    with dash_app.server.test_request_context(headers={"Accept-Language": "fr"}):
        assert "1 mars 2027" in error_message(error)


# ---------------------------------------------------------------------------------------
# Callbacks, called as functions by a signed-in administrator (on the demo database)


@contextmanager
def signed_in(dash_app, username: str = "admin", trigger: str | None = None,
              language: str = "en") -> Iterator[None]:
    """A request of the signed-in user; `trigger` is the input that fired the callback."""
    with dash_app.server.test_request_context(headers={"Accept-Language": language}):
        with read_session() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            principal = principal_of(session, user)
        flask_login.login_user(SessionUser(principal))
        token = context_value.set(AttributeDict(
            triggered_inputs=[{"prop_id": trigger, "value": 1}] if trigger else []))
        try:
            yield
        finally:
            context_value.reset(token)


@contextmanager
def cleanup(dash_app, operations: tuple[str, ...] = (), users: tuple[str, ...] = (),
            taxa: tuple[str, ...] = (), places: tuple[str, ...] = ()) -> Iterator[None]:
    """Remove what a test added to the shared demo database (other tests count on it)."""
    try:
        yield
    finally:
        with dash_app.server.test_request_context(), write_session() as session:
            session.execute(delete(Operation).where(Operation.code.in_(operations)))
            session.execute(delete(User).where(User.username.in_(users)))
            session.execute(delete(Taxon).where(Taxon.scientific_name.in_(taxa)))
            session.execute(delete(Location).where(Location.code.in_(places)))



def test_operation_form_loads_refuses_and_saves(dash_app) -> None:
    code = unique("CB")
    n = len(ops_cb.FIELD_IDS)
    with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PICKER}.value"):
        loaded = ops_cb.operation_form("THUNDER-2025", None, *[""] * n)
    assert loaded[0] == "THUNDER-2025" and re.match(r"^\d{4}-\d\d-\d\d$", loaded[2])
    assert loaded[ops_cb.FIELD_IDS.index(ids.ADMIN_OP_TIMEZONE)] == "Europe/Brussels"
    values = ["", "  ", "2027-03-01", "2027-02-01", "Africa/Nairobi", "18:00", "",
              "planned", "", ""]
    with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_SAVE}.n_clicks"), cleanup(
            dash_app, operations=(code,)):
        result = ops_cb.operation_form("new", 1, *values)
        messages = result[n:2 * n]
        assert messages[0] == "This field is required."
        assert messages[3].startswith("The end date must be on or after the start date")
        assert "Nothing was saved" in text_of(result[-3])
        assert result[-2] is dash_no_update() and result[-1] is dash_no_update()
        values[:4] = [code.lower(), "Callback operation", "2027-03-01", "2027-03-28"]
        result = ops_cb.operation_form("new", 2, *values)
        assert result[0] == code and result[-1] == code  # the picker follows the new code
        assert f"Operation {code} created" in text_of(result[-3])
        assert result[-2] == {"code": code, "n": 2}
        table, options = ops_cb.show_operations(None, result[-2], None, None)
        assert code in text_of(table)
        assert {"label": f"{code} · Callback operation", "value": code} in options
        unchanged = ops_cb.operation_form(code, 3, *result[:n])
        assert "No changes to save." in text_of(unchanged[-3])


def dash_no_update():
    """Dash's no_update marker."""
    from dash import no_update
    return no_update


def test_participants_and_ports_callbacks(dash_app) -> None:
    code = unique("CBP")
    with dash_app.server.test_request_context(), write_session() as session:
        session.add(Operation(code=code, name="Ports test", start_date=dt.date(2027, 3, 1),
                              end_date=dt.date(2027, 3, 28)))
    with cleanup(dash_app, operations=(code,)):
        with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PICKER}.value"):
            empty = ops_cb.ports_form(code, None, None, None, "")
            assert empty[0] == "" and empty[7:] == (True, True, True)  # no country yet
            assert ops_cb.find_places("", code, None) == []
            new = ops_cb.participants_form("new", None, "")
            assert new[-2:] == (True, True)  # a new operation has no countries to edit
        with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PARTICIPANTS_SAVE}.n_clicks"):
            bad = ops_cb.participants_form(code, 1, "KEN\nXYZ; Someone")
            assert bad[1].startswith("Line 2: Unknown country XYZ") and bad[2] is True
            saved = ops_cb.participants_form(code, 2, "KEN; Jane <b>W</b>; +254\nNGA")
            assert "2 added" in text_of(saved[3])
            assert saved[0] == "KEN; Jane <b>W</b>; +254\nNGA"
            assert "Jane <b>W</b>" in text_of(saved[5])  # shown as text, never as markup
        with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PICKER}.value"):
            loaded = ops_cb.ports_form(code, None, None, None, "")
            assert loaded[0] == "" and loaded[7:] == (False, False, False)
            found = ops_cb.find_places("mombasa", code, None)
            assert [o["value"] for o in found] == ["KEMBA", "MBA"]  # port and airport
            assert found[0]["label"] == "KEMBA · Mombasa (Kilindini) · Seaport (KEN)"
            assert len(ops_cb.find_places("", code, None)) == ops_cb.FINDER_LIMIT
            assert ops_cb.find_places("100%_", code, None) == []
        with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PORT_FINDER}.value"):
            added = ops_cb.ports_form(code, None, "KEMBA", None, "NBO")
            assert added[0] == "NBO\nKEMBA" and added[6] is None
        with signed_in(dash_app, trigger=f"{ids.ADMIN_OP_PORTS_SAVE}.n_clicks"):
            refused_ = ops_cb.ports_form(code, 1, None, None, "KEMBA, CDG")
            assert "CDG is in FRA, which does not take part" in refused_[1]
            saved = ops_cb.ports_form(code, 2, None, None, "kemba  nbo")
            assert saved[0] == "KEMBA NBO" and "2 added" in text_of(saved[3])
            assert "Seaport: 1" in text_of(saved[5]) and "Airport: 1" in text_of(saved[5])


def test_user_callbacks_create_assign_reset_and_disable(dash_app) -> None:
    name = unique("cb-user").lower()
    with cleanup(dash_app, users=(name,)):
        with signed_in(dash_app, trigger=f"{ids.ADMIN_NEW_CREATE}.n_clicks"):
            values = dict(zip(users_cb.NEW_FIELDS, [name, "short", "focal_point", None, "auto",
                                                    ""], strict=True))
            refused_ = users_cb.create_account(1, *values.values())
            messages = dict(zip(users_cb.NEW_IDS, refused_[:6], strict=True))
            assert messages[ids.ADMIN_NEW_PASSWORD].startswith("The password must have at "
                                                               "least 10")
            assert messages[ids.ADMIN_NEW_COUNTRY] == "A focal point needs a country."
            values.update(password=PASSWORD, country_iso3="KEN")
            created = users_cb.create_account(2, *values.values())
            assert f"Account {name} created." in text_of(created[-5])
        with signed_in(dash_app):
            table, options = users_cb.show_accounts(None, None, None, None)
            assert name in text_of(table) and any(o["value"] == name for o in options)
            countries, _same, operations = users_cb.account_choices(None)
            assert {"label": "Kenya (KEN)", "value": "KEN"} in countries
            assert any(o["value"] == "THUNDER-2025" for o in operations)
            state, country, ops = users_cb.load_account(name, None)
            assert country == "KEN" and ops == [] and "Focal point" in text_of(state)
            feedback = users_cb.assign_account(1, name, "KEN", ["THUNDER-2025"])
            assert feedback[1] == "Only commanders can be restricted to some operations."
            assert "Account" in text_of(users_cb.assign_account(2, name, "TZA", []))
            reset = users_cb.reset_password(1, name, "tiny")
            assert reset[1] is True and reset[3] == ""
            assert "reset" in text_of(users_cb.reset_password(2, name, PASSWORD)[2])
        with signed_in(dash_app, trigger=f"{ids.ADMIN_USER_DISABLE}.n_clicks"):
            alert, saved = users_cb.change_account_state(1, None, name)
            assert "disabled" in text_of(alert) and saved["username"] == name
            alert, saved = users_cb.change_account_state(2, None, "admin")
            assert "You cannot disable your own account." in text_of(alert)


def test_reference_callbacks_import_and_add_taxon(dash_app) -> None:
    contents = "data:text/csv;base64," + base64.b64encode(SAMPLE.read_bytes()).decode()
    name = "Manis callbackii"
    with cleanup(dash_app, taxa=(name,), places=("KEQZB", "KEQZC", "KEQZD", "KEQZM",
                                                 "TGQZL", "KEQZU")), signed_in(dash_app):
        report = text_of(ref_cb.import_unlocode_file(contents, "CodeListPart1.csv"))
        assert "Import of CodeListPart1.csv finished: 16 entries read." in report
        assert "Airport already listed under its IATA code" in report
        bad = ref_cb.import_unlocode_file("data:text/csv;base64,!!!", "x.csv")
        assert "not a UN/LOCODE code list" in text_of(bad)
        huge = "data:text/csv;base64," + "A" * (admin.MAX_UNLOCODE_BYTES * 2)
        assert "too large: at most 8 MB" in text_of(ref_cb.import_unlocode_file(huge, ""))
        fields = dict.fromkeys(ref_cb.TAXON_FIELDS, "")
        fields.update(scientific_name=name, common_name_en="Callback pangolin",
                      cites_appendix="II", display_group="mammals", rank="species")
        added = ref_cb.add_taxon(1, True, *fields.values())
        assert f"{name} added to the reference list." in text_of(added[20])
        again = ref_cb.add_taxon(2, False, *fields.values())
        assert again[0] == f"{name} is already in the reference list."
        assert name in text_of(ref_cb.show_recent_taxa(None, None))


def test_admin_pages_are_for_administrators_only(dash_app) -> None:
    for username, status in (("admin", 200), ("commander", 403), ("donor", 403),
                             ("fp-ken", 403)):
        client = dash_app.server.test_client()
        login(client, username)
        for path in ADMIN_PAGES:
            assert client.get(path).status_code == status, (username, path)


def test_only_the_operations_screen_is_in_the_navigation(dash_app) -> None:
    import dash

    pages = {p["path"]: p for p in dash.page_registry.values()}
    assert pages["/admin/operations"]["nav"] is True
    assert pages["/admin/operations"]["order"] == 9
    assert pages["/admin/users"]["nav"] is False and pages["/admin/reference"]["nav"] is False
    assert all(pages[p]["roles"] == ("admin",) for p in ADMIN_PAGES)
    assert feedback_id(ids.ADMIN_OP_CODE) == "admin-op-code-feedback"


# ---------------------------------------------------------------------------------------
# The administrator's journey


@pytest.mark.browser
def test_admin_creates_operation_and_adds_a_user(signed_in_as, watched_page, live_server,
                                                 dash_app) -> None:
    page, _watch = watched_page
    page.set_default_timeout(WAIT)
    code = unique("JOURNEY")
    username = unique("fp-journey").lower()
    with cleanup(dash_app, operations=(code,), users=(username,)):
        signed_in_as(page, "admin", path="/admin/operations")
        expect(page.get_by_role("heading", name="Operations", exact=True)).to_be_visible(
            timeout=WAIT)
        expect(page.locator(f"#{ids.ADMIN_OPS_TABLE}")).to_contain_text("THUNDER-2025",
                                                                         timeout=WAIT)
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_label("Name", exact=True).fill("Journey operation")
        page.get_by_label("Start date").fill("2027-03-01")
        page.get_by_label("End date").fill("2027-02-01")
        page.get_by_role("button", name="Save operation").click()
        expect(page.locator(f"#{feedback_id(ids.ADMIN_OP_END)}")).to_have_text(
            re.compile("The end date must be on or after the start date"), timeout=WAIT)
        page.get_by_label("End date").fill("2027-03-28")
        page.get_by_role("button", name="Save operation").click()
        expect(page.get_by_text(f"Operation {code} created.")).to_be_visible(timeout=WAIT)
        expect(page.locator(f"#{feedback_id(ids.ADMIN_OP_END)}")).to_have_text("", timeout=WAIT)
        page.get_by_label("Countries and focal points").fill(
            "KEN; Jane Wanjiru; +254 700 000 000\nNGA\nFRA")
        page.get_by_role("button", name="Save countries").click()
        expect(page.get_by_text("Participating countries saved: 3 added")).to_be_visible(
            timeout=WAIT)
        expect(page.locator(f"#{ids.ADMIN_OP_PARTICIPANTS_TABLE}")).to_contain_text(
            "Jane Wanjiru", timeout=WAIT)
        table_row = page.locator(f"#{ids.ADMIN_OPS_TABLE} tr", has_text=code)
        expect(table_row).to_contain_text("Journey operation", timeout=WAIT)
        expect(table_row.locator("td").nth(7)).to_have_text("3", timeout=WAIT)

        page.get_by_role("link", name="Users").click()
        expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible(timeout=WAIT)
        expect(page.locator(f"#{ids.ADMIN_USERS_TABLE}")).to_contain_text("fp-ken", timeout=WAIT)
        page.get_by_label("Username", exact=True).fill(username)
        page.get_by_label("Full name").fill("Journey Focal Point")
        page.locator(f"#{ids.ADMIN_NEW_COUNTRY}").click()
        page.keyboard.type("Kenya")
        page.locator(".dash-dropdown-option", has_text="Kenya (KEN)").click()
        page.get_by_label("First password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_text(f"Account {username} created.")).to_be_visible(timeout=WAIT)
        row = page.locator(f"#{ids.ADMIN_USERS_TABLE} tr", has_text=username)
        expect(row).to_contain_text("Focal point", timeout=WAIT)
        expect(row).to_contain_text("KEN", timeout=WAIT)
