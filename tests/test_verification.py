"""Commanders verify seizures: scope, optimistic versions, one audit event per change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard import ids
from data_access.authentication import Principal, principal_of
from data_access.db import create_db_engine, make_session_factory, session_scope, writer_engine
from data_access.errors import (
    ErrorCode,
    NotFound,
    PermissionDenied,
    StateRefused,
    ValidationFailed,
    VerificationCode,
    VersionConflict,
)
from data_access.models import AuditEvent, Operation, Seizure, User, UserOperation
from data_access.seizures import seizure_history, withdraw_seizure
from data_access.verification import (
    ItemColumns,
    VerificationAction,
    seizure_detail,
    unverify_seizure,
    verify_seizure,
)
from tests.factories import make_operation, make_seizure, make_user, unique

# Browser waits: a busy machine (two cores, several test runs) can stall Chromium.
WAIT = 30_000


@dataclass
class World:
    factory: sessionmaker[Session]
    seizure_id: int
    other_seizure_id: int  # in an operation the restricted commander is not given
    commander: Principal
    restricted: Principal  # commander restricted to the first operation
    admin: Principal
    fp_ken: Principal
    donor: Principal



@pytest.fixture
def world(engine: Engine) -> World:
    factory = make_session_factory(writer_engine(engine))
    with session_scope(factory) as session:
        operation = make_operation(session)
        other = make_operation(session)
        seizure = make_seizure(session, operation)
        other_seizure = make_seizure(session, other)
        restricted = make_user(session, "commander")
        session.add(UserOperation(user_id=restricted.id, operation_id=operation.id))
        session.flush()
        people = {role: principal_of(session, make_user(session, role, country))
                  for role, country in (("commander", None), ("admin", None),
                                        ("focal_point", "KEN"), ("donor", None))}
        return World(factory, seizure.id, other_seizure.id, people["commander"],
                     principal_of(session, restricted), people["admin"],
                     people["focal_point"], people["donor"])


def _state(world: World, seizure_id: int) -> tuple[str, int]:
    with world.factory() as session:
        seizure = session.get(Seizure, seizure_id)
        return seizure.status, seizure.version


def _events(world: World, seizure_id: int) -> list[AuditEvent]:
    with world.factory() as session:
        return list(session.execute(select(AuditEvent).where(
            AuditEvent.entity_type == "seizure", AuditEvent.entity_id == str(seizure_id))
            .order_by(AuditEvent.id)).scalars())


def test_commander_verifies_a_provisional_seizure_with_one_audit_event(world: World) -> None:
    with session_scope(world.factory) as session:
        seizure = verify_seizure(session, world.commander, world.seizure_id, 1)
        assert seizure.status == "verified"
    assert _state(world, world.seizure_id) == ("verified", 2)
    events = _events(world, world.seizure_id)
    assert [e.action for e in events] == [VerificationAction.VERIFY]
    event = events[0]
    assert event.user_id == world.commander.id and event.username == world.commander.username
    assert event.before == {"status": "provisional", "version": 1}
    assert event.after == {"status": "verified", "version": 2}


def test_verified_seizure_returns_to_provisional_only_with_a_reason(world: World) -> None:
    with session_scope(world.factory) as session:
        verify_seizure(session, world.admin, world.seizure_id, 1)
    with pytest.raises(ValidationFailed) as refused, session_scope(world.factory) as session:
        unverify_seizure(session, world.commander, world.seizure_id, 2, reason="  ")
    assert refused.value.errors[0].field == "reason"
    assert refused.value.code == ErrorCode.REQUIRED
    with session_scope(world.factory) as session:
        unverify_seizure(session, world.commander, world.seizure_id, 2,
                         reason="Quantity disputed by the lab")
    assert _state(world, world.seizure_id) == ("provisional", 3)
    last = _events(world, world.seizure_id)[-1]
    assert last.action == VerificationAction.UNVERIFY
    assert last.after["reason"] == "Quantity disputed by the lab"


def test_verifying_twice_is_refused(world: World) -> None:
    with session_scope(world.factory) as session:
        verify_seizure(session, world.commander, world.seizure_id, 1)
    with pytest.raises(StateRefused) as refused, session_scope(world.factory) as session:
        verify_seizure(session, world.commander, world.seizure_id, 2)
    assert refused.value.code == VerificationCode.ALREADY_VERIFIED
    with pytest.raises(StateRefused) as refused, session_scope(world.factory) as session:
        unverify_seizure(session, world.commander, world.other_seizure_id, 1, reason="x")
    assert refused.value.code == VerificationCode.NOT_VERIFIED
    assert len(_events(world, world.seizure_id)) == 1


def test_a_stale_version_is_refused_with_who_changed_it(world: World) -> None:
    with session_scope(world.factory) as session:
        verify_seizure(session, world.admin, world.seizure_id, 1)
    with pytest.raises(VersionConflict) as refused, session_scope(world.factory) as session:
        # The commander's page still shows version 1.
        unverify_seizure(session, world.commander, world.seizure_id, 1, reason="typo")
    assert refused.value.code == ErrorCode.VERSION_CONFLICT
    assert refused.value.errors[0].params["by"] == world.admin.username
    assert refused.value.errors[0].params["version"] == 2
    assert _state(world, world.seizure_id) == ("verified", 2)
    assert len(_events(world, world.seizure_id)) == 1


@pytest.mark.parametrize("who", ["fp_ken", "donor"])
def test_focal_points_and_donors_cannot_verify(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied), session_scope(world.factory) as session:
        verify_seizure(session, getattr(world, who), world.seizure_id, 1)
    with pytest.raises(PermissionDenied), world.factory() as session:
        seizure_detail(session, getattr(world, who), world.seizure_id)
    assert _state(world, world.seizure_id) == ("provisional", 1)
    assert _events(world, world.seizure_id) == []


def test_restricted_commander_verifies_only_in_their_operations(world: World) -> None:
    with pytest.raises(PermissionDenied) as refused, session_scope(world.factory) as session:
        verify_seizure(session, world.restricted, world.other_seizure_id, 1)
    assert refused.value.code == ErrorCode.OPERATION_NOT_ALLOWED
    with pytest.raises(PermissionDenied), world.factory() as session:
        seizure_detail(session, world.restricted, world.other_seizure_id)
    with session_scope(world.factory) as session:
        verify_seizure(session, world.restricted, world.seizure_id, 1)
    assert _state(world, world.seizure_id) == ("verified", 2)
    assert _state(world, world.other_seizure_id) == ("provisional", 1)


def test_withdrawn_or_missing_seizures_cannot_be_verified(world: World) -> None:
    with session_scope(world.factory) as session:
        withdraw_seizure(session, world.commander, world.seizure_id, reason="duplicate",
                         expected_version=1)
    with pytest.raises(StateRefused) as refused, session_scope(world.factory) as session:
        verify_seizure(session, world.commander, world.seizure_id, 2)
    assert refused.value.code == ErrorCode.SEIZURE_WITHDRAWN
    with world.factory() as session:
        missing = session.execute(select(func.max(Seizure.id))).scalar_one() + 1000
    with pytest.raises(NotFound), session_scope(world.factory) as session:
        verify_seizure(session, world.commander, missing, 1)


def test_a_failed_verification_writes_nothing(world: World) -> None:
    with world.factory() as session:
        before = session.execute(select(func.count(AuditEvent.id))).scalar_one()
    with pytest.raises(VersionConflict), session_scope(world.factory) as session:
        verify_seizure(session, world.commander, world.seizure_id, 7)
    with world.factory() as session:
        assert session.execute(select(func.count(AuditEvent.id))).scalar_one() == before


def test_detail_and_history_show_the_verification(world: World) -> None:
    with session_scope(world.factory) as session:
        verify_seizure(session, world.commander, world.seizure_id, 1)
    with world.factory() as session:
        detail = seizure_detail(session, world.commander, world.seizure_id)
        history = seizure_history(session, world.commander, world.seizure_id)
    assert (detail.status, detail.version) == ("verified", 2)
    assert detail.updated_by == world.commander.username
    assert detail.country_names["name_en"] == "Kenya"
    assert list(detail.items.columns) == list(ItemColumns.ALL)
    assert detail.items.iloc[0][ItemColumns.SCIENTIFIC_NAME] == "Loxodonta africana"
    assert detail.items.iloc[0][ItemColumns.QUANTITY] == 12.5
    assert list(history["action"]) == [VerificationAction.VERIFY]
    assert list(history["username"]) == [world.commander.username]


# ---------------------------------------------------------------------------------------
# In the browser: the commanders' seizure page


@pytest.fixture
def own_seizure(demo_db_path) -> Iterator[tuple[sessionmaker[Session], int]]:
    """A seizure in an operation of its own (2016, closed), removed after the test."""
    factory = make_session_factory(create_db_engine(f"sqlite:///{demo_db_path}"))
    with session_scope(factory) as session:
        operation = make_operation(session, start=dt.date(2016, 2, 1))
        operation.status = "closed"
        seizure_id = make_seizure(session, operation, reference=unique("VERIFY")).id
        operation_id = operation.id
    yield factory, seizure_id
    with session_scope(factory) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.entity_type == "seizure",
                                                 AuditEvent.entity_id == str(seizure_id)))
        session.delete(session.get(Seizure, seizure_id))
        session.flush()
        session.delete(session.get(Operation, operation_id))


@pytest.mark.browser
def test_commander_verifies_a_seizure_then_returns_it_to_provisional(signed_in_as,
        watched_page, live_server, own_seizure) -> None:
    page, _watch = watched_page
    factory, seizure_id = own_seizure
    signed_in_as(page, "commander", path=f"/seizure?id={seizure_id}")
    status = page.locator(f"#{ids.SEIZURE_STATUS}")
    history = page.locator(f"#{ids.SEIZURE_HISTORY}")
    expect(status).to_have_text("Provisional", timeout=WAIT)
    expect(page.get_by_text("Test operation")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("button", name="Return to provisional")).to_be_hidden(timeout=WAIT)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Seizure verified.")).to_be_visible(timeout=WAIT)
    expect(status).to_have_text("Verified", timeout=WAIT)
    expect(history.locator("tbody tr")).to_have_count(1, timeout=WAIT)
    expect(history).to_contain_text("Status: Provisional → Verified", timeout=WAIT)
    # Returning it needs a reason, which then shows in the history.
    page.get_by_role("button", name="Return to provisional").click()
    reason_needed = page.get_by_text("Give the reason for returning it to provisional.")
    expect(reason_needed).to_be_visible(timeout=WAIT)
    page.get_by_label("Reason for returning it to provisional").fill("Lab result pending")
    page.get_by_role("button", name="Return to provisional").click()
    expect(page.get_by_text("Seizure returned to provisional.")).to_be_visible(timeout=WAIT)
    expect(status).to_have_text("Provisional", timeout=WAIT)
    newest = history.locator("tbody tr").first
    expect(newest).to_contain_text("Returned to provisional", timeout=WAIT)
    expect(newest).to_contain_text("Reason: Lab result pending", timeout=WAIT)
    assert _state_of(factory, seizure_id) == ("provisional", 3)


@pytest.mark.browser
def test_a_verification_made_elsewhere_is_not_overwritten(signed_in_as, watched_page, live_server,
                                                          own_seizure) -> None:
    page, _watch = watched_page
    factory, seizure_id = own_seizure
    signed_in_as(page, "commander", path=f"/seizure?id={seizure_id}")
    expect(page.locator(f"#{ids.SEIZURE_STATUS}")).to_have_text("Provisional", timeout=WAIT)
    # Another commander verifies it while this page is open.
    with session_scope(factory) as session:
        admin = principal_of(session, session.execute(
            select(User).where(User.username == "admin")).scalar_one())
        verify_seizure(session, admin, seizure_id, 1)
    page.get_by_role("button", name="Verify").click()
    conflict = page.get_by_text("This seizure was changed by admin in the meantime.")
    expect(conflict).to_be_visible(timeout=WAIT)
    # The page now shows the current state: verified, by the admin.
    expect(page.locator(f"#{ids.SEIZURE_STATUS}")).to_have_text("Verified", timeout=WAIT)
    expect(page.locator(f"#{ids.SEIZURE_HISTORY}")).to_contain_text("admin", timeout=WAIT)
    assert _state_of(factory, seizure_id) == ("verified", 2)


def _state_of(factory: sessionmaker[Session], seizure_id: int) -> tuple[str, int]:
    with factory() as session:
        seizure = session.get(Seizure, seizure_id)
        return seizure.status, seizure.version
