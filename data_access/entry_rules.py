"""Who may write seizures for which country, and when entry is locked.

Rules (issue 4): a focal point writes only for their own country, in operations their
country takes part in; commanders and admins write for any participating country
(a commander restricted to some operations only in those); donors never write. After an
operation's lock date every write is refused unless a commander or admin reopened the
country (CountryReopening).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.authentication import Principal
from data_access.errors import EntryLocked, ErrorCode, NotFound, PermissionDenied, fail
from data_access.models import Country, CountryReopening, Operation, OperationCountry
from data_access.roles import ADMIN, COMMAND_ROLES, FOCAL_POINT, WRITER_ROLES
from data_access.scope import operation_scope


def user_id(principal: Principal) -> int | None:
    """The principal's user id for foreign keys; None for the command line (id <= 0)."""
    return principal.id if principal.id > 0 else None


def system_principal(name: str = "jointops cli") -> Principal:
    """An admin principal for the command line, attributed by name in the audit trail."""
    return Principal(id=0, username=name[:64], role=ADMIN, country_iso3=None, language=None,
                     session_epoch=0)


def local_today(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in a time zone."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(ZoneInfo(timezone)).date()


def get_operation(session: Session, operation_id: int) -> Operation:
    """The operation, or NotFound."""
    operation = session.get(Operation, operation_id)
    if operation is None:
        raise fail(NotFound, "operation_id", ErrorCode.OPERATION_NOT_FOUND)
    return operation


def participants(session: Session, operation_id: int) -> frozenset[str]:
    """ISO-3 codes of the countries taking part in an operation."""
    return frozenset(session.execute(
        select(OperationCountry.country_iso3)
        .where(OperationCountry.operation_id == operation_id)).scalars())


def check_operation_access(principal: Principal, operation: Operation,
                           taking_part: frozenset[str]) -> None:
    """Refuse a principal who may not act in this operation at all (the scope rule of
    data_access/scope.py)."""
    if principal.role not in WRITER_ROLES:
        raise fail(PermissionDenied, "", ErrorCode.PERMISSION_DENIED)
    if not operation_scope(principal).contains(operation.id, taking_part):
        raise fail(PermissionDenied, "operation_id", ErrorCode.OPERATION_NOT_ALLOWED,
                   operation=operation.code)


def check_can_write(principal: Principal, operation: Operation, country: str | None,
                    taking_part: frozenset[str]) -> None:
    """Refuse a write by this principal for this country in this operation."""
    if principal.role not in WRITER_ROLES:
        raise fail(PermissionDenied, "", ErrorCode.PERMISSION_DENIED)
    check_operation_access(principal, operation, taking_part)
    if principal.role == FOCAL_POINT and country and country != principal.country_iso3:
        raise fail(PermissionDenied, "reporting_country", ErrorCode.OTHER_COUNTRY,
                   country=country)


def check_command_role(principal: Principal, operation: Operation | None = None) -> None:
    """Refuse anyone but a commander (allowed in this operation) or an admin."""
    if principal.role not in COMMAND_ROLES:
        raise fail(PermissionDenied, "", ErrorCode.PERMISSION_DENIED)
    if operation is not None and not operation_scope(principal).contains(operation.id):
        raise fail(PermissionDenied, "operation_id", ErrorCode.OPERATION_NOT_ALLOWED,
                   operation=operation.code)


@dataclass(frozen=True)
class EntryState:
    """Whether a country may enter or edit seizures of an operation now, and why not."""

    operation_id: int
    country_iso3: str
    start_date: dt.date
    end_date: dt.date
    today: dt.date  # the country's local date
    lock_date: dt.date | None
    locked: bool
    reopened: bool
    reopened_until: dt.date | None
    reopen_reason: str


def country_today(session: Session, country: str, now: dt.datetime | None = None) -> dt.date:
    """Today in the country's time zone (UTC when the country is unknown)."""
    timezone = session.execute(
        select(Country.timezone).where(Country.iso3 == country)).scalar_one_or_none()
    return local_today(timezone or "UTC", now)


def entry_state(session: Session, operation: Operation, country: str,
                now: dt.datetime | None = None) -> EntryState:
    """The lock state of one country in one operation at `now`."""
    operation_day = local_today(operation.timezone, now)
    past_lock = operation.lock_date is not None and operation_day > operation.lock_date
    reopening = None
    if past_lock:
        reopenings = session.execute(
            select(CountryReopening).where(
                CountryReopening.operation_id == operation.id,
                CountryReopening.country_iso3 == country,
                CountryReopening.active.is_(True))
            .order_by(CountryReopening.reopened_at.desc())).scalars().all()
        reopening = next((r for r in reopenings
                          if r.open_until is None or operation_day <= r.open_until), None)
    return EntryState(
        operation_id=operation.id, country_iso3=country, start_date=operation.start_date,
        end_date=operation.end_date, today=country_today(session, country, now),
        lock_date=operation.lock_date, locked=past_lock and reopening is None,
        reopened=reopening is not None,
        reopened_until=reopening.open_until if reopening else None,
        reopen_reason=reopening.reason if reopening else "")


def check_not_locked(session: Session, operation: Operation, country: str,
                     now: dt.datetime | None = None) -> EntryState:
    """The entry state, or EntryLocked when entry is closed for the country."""
    state = entry_state(session, operation, country, now)
    if state.locked:
        raise fail(EntryLocked, "", ErrorCode.OPERATION_LOCKED,
                   lock_date=operation.lock_date.isoformat() if operation.lock_date else "")
    return state
