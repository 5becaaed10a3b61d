"""Operations as the administrator sets them up: window, time zone, report deadline, lock
date, status, participating countries with their focal points, and participating ports.

Every write takes the acting Principal (admins only), validates, and records exactly one
audit event in the caller's transaction; a write that changes nothing records nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from sqlalchemy import delete, func, insert, select, union
from sqlalchemy.orm import Session

from data_access import summaries, vocab
from data_access.admin.common import audit, check_admin, check_length, clean_text, jsonable, refuse
from data_access.authentication import Principal
from data_access.errors import AdminErrorCode, FieldError, NotFound, fail
from data_access.models import (
    Country,
    DailyReport,
    Location,
    Operation,
    OperationCountry,
    OperationLocation,
    Seizure,
)
from data_access.validation import ParseError, is_blank, parse_date, parse_time

ENTITY = "operation"
MAX_CODE = 32
MAX_NAME = 160
MAX_LEAD = 255
MAX_DESCRIPTION = 4000
MAX_FOCAL_NAME = 160
MAX_FOCAL_CONTACT = 255
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")
DEFAULT_DEADLINE = dt.time(23, 59)
# The fields of an operation an administrator sets, in form order.
OPERATION_FIELDS = ("code", "name", "start_date", "end_date", "timezone", "report_deadline",
                    "lock_date", "status", "description", "lead_organisations")


class AuditAction:
    """Audit actions written here."""

    CREATE = "operation.create"
    UPDATE = "operation.update"
    PARTICIPANTS = "operation.participants"
    PORTS = "operation.ports"


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    """Every time zone name in the machine's tz database (walking it takes a while)."""
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """The IANA time zones to offer (Area/City names, then UTC), sorted."""
    regional = sorted(z for z in _known_zones()
                      if "/" in z and not z.startswith(("posix", "right", "Etc/")))
    return (*regional, "UTC")


def is_time_zone(name: str) -> bool:
    """Whether a name is an IANA time zone known here."""
    return name in _known_zones()


@dataclass(frozen=True)
class OperationInput:
    """An operation as entered (dates and times may still be text from the form)."""

    code: str | None
    name: str | None
    start_date: dt.date | str | None
    end_date: dt.date | str | None
    timezone: str | None = "UTC"
    report_deadline: dt.time | str | None = DEFAULT_DEADLINE
    lock_date: dt.date | str | None = None
    status: str | None = "planned"
    description: str | None = ""
    lead_organisations: str | None = ""


@dataclass(frozen=True)
class ParticipantInput:
    """A participating country with its focal point's name and contact."""

    country_iso3: str | None
    focal_point_name: str | None = ""
    focal_point_contact: str | None = ""


@dataclass(frozen=True)
class ParticipantsChange:
    """What set_participants changed (ISO-3 codes; ports dropped with removed countries)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    focal_points_changed: tuple[str, ...] = ()
    ports_removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.focal_points_changed)


@dataclass(frozen=True)
class PortsChange:
    """What set_operation_ports changed (location codes)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class OperationDetail:
    """An operation's settings, participants and ports, to fill the admin form."""

    id: int
    values: dict[str, Any]
    participants: tuple[ParticipantInput, ...] = field(default=())
    port_codes: tuple[str, ...] = field(default=())


def _date(errors: list[FieldError], name: str, value: Any, required: bool) -> dt.date | None:
    """A date field, or None with its error appended."""
    if is_blank(value):
        if required:
            errors.append(FieldError(name, AdminErrorCode.REQUIRED))
        return None
    try:
        return parse_date(value)
    except ParseError as exc:
        errors.append(FieldError(name, exc.code))
        return None


def validate_operation(session: Session, data: OperationInput,
                       current: Operation | None = None) -> dict[str, Any]:
    """The operation's column values, or ValidationFailed with every field's problem."""
    errors: list[FieldError] = []
    code = clean_text(data.code).upper()
    if not code:
        errors.append(FieldError("code", AdminErrorCode.REQUIRED))
    elif len(code) > MAX_CODE:
        errors.append(FieldError("code", AdminErrorCode.TOO_LONG, {"max": MAX_CODE}))
    elif not CODE_PATTERN.match(code):
        errors.append(FieldError("code", AdminErrorCode.CODE_FORMAT))
    else:
        query = select(Operation.id).where(Operation.code == code)
        if current is not None:
            query = query.where(Operation.id != current.id)
        if session.execute(query).first():
            errors.append(FieldError("code", AdminErrorCode.CODE_TAKEN, {"code": code}))
    name = clean_text(data.name)
    if not name:
        errors.append(FieldError("name", AdminErrorCode.REQUIRED))
    check_length(errors, "name", name, MAX_NAME)
    start = _date(errors, "start_date", data.start_date, required=True)
    end = _date(errors, "end_date", data.end_date, required=True)
    if start and end and end < start:
        errors.append(FieldError("end_date", AdminErrorCode.END_BEFORE_START,
                                 {"start": start.isoformat()}))
    lock = _date(errors, "lock_date", data.lock_date, required=False)
    if lock and end and lock < end:
        errors.append(FieldError("lock_date", AdminErrorCode.LOCK_BEFORE_END,
                                 {"end": end.isoformat()}))
    timezone = clean_text(data.timezone)
    if not timezone:
        errors.append(FieldError("timezone", AdminErrorCode.REQUIRED))
    elif not is_time_zone(timezone):
        errors.append(FieldError("timezone", AdminErrorCode.UNKNOWN_TIMEZONE,
                                 {"value": timezone[:64]}))
    deadline = None
    if is_blank(data.report_deadline):
        errors.append(FieldError("report_deadline", AdminErrorCode.REQUIRED))
    else:
        try:
            deadline = parse_time(data.report_deadline).replace(second=0)
        except ParseError as exc:
            errors.append(FieldError("report_deadline", exc.code))
    status = clean_text(data.status)
    if status not in vocab.OPERATION_STATUSES:
        errors.append(FieldError("status", AdminErrorCode.UNKNOWN_CODE,
                                 {"value": status[:32],
                                  "allowed": list(vocab.OPERATION_STATUSES)}))
    description = clean_text(data.description)
    check_length(errors, "description", description, MAX_DESCRIPTION)
    leads = clean_text(data.lead_organisations)
    check_length(errors, "lead_organisations", leads, MAX_LEAD)
    if current is not None and start and end and end >= start:
        _check_window_keeps_seizures(session, current.id, start, end, errors)
    refuse(errors)
    return {"code": code, "name": name, "start_date": start, "end_date": end,
            "timezone": timezone, "report_deadline": deadline, "lock_date": lock,
            "status": status, "description": description, "lead_organisations": leads}


def _check_window_keeps_seizures(session: Session, operation_id: int, start: dt.date,
                                 end: dt.date, errors: list[FieldError]) -> None:
    """Refuse new dates that would leave reported seizures outside the operation."""
    first, last = session.execute(
        select(func.min(Seizure.seizure_date), func.max(Seizure.seizure_date))
        .where(Seizure.operation_id == operation_id, Seizure.deleted.is_(False))).one()
    if first is None:
        return
    params = {"first": first.isoformat(), "last": last.isoformat()}
    if start > first:
        errors.append(FieldError("start_date", AdminErrorCode.SEIZURES_OUTSIDE_WINDOW, params))
    if end < last:
        errors.append(FieldError("end_date", AdminErrorCode.SEIZURES_OUTSIDE_WINDOW, params))


def get_operation(session: Session, operation_id: int) -> Operation:
    """The operation, or NotFound."""
    operation = session.get(Operation, operation_id) if operation_id else None
    if operation is None:
        raise fail(NotFound, "operation", AdminErrorCode.OPERATION_NOT_FOUND)
    return operation


def _snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """Column values as JSON for the audit trail."""
    return {name: jsonable(value) for name, value in values.items()}


def create_operation(session: Session, principal: Principal, data: OperationInput) -> Operation:
    """Create an operation (no countries yet) and audit it."""
    check_admin(principal)
    values = validate_operation(session, data)
    operation = Operation(**values)
    session.add(operation)
    session.flush()
    audit(session, principal, AuditAction.CREATE, ENTITY, operation.code,
          after=_snapshot(values))
    return operation


def update_operation(session: Session, principal: Principal, operation_id: int,
                     data: OperationInput) -> tuple[str, ...]:
    """Change an operation's settings; return the names of the fields that changed."""
    check_admin(principal)
    operation = get_operation(session, operation_id)
    values = validate_operation(session, data, current=operation)
    changed = {name: value for name, value in values.items()
               if getattr(operation, name) != value}
    if not changed:
        return ()
    before = {name: getattr(operation, name) for name in changed}
    entity_id = operation.code
    for name, value in changed.items():
        setattr(operation, name, value)
    session.flush()
    # Pages cached per data version show the name, dates and status: a new version now.
    summaries.bump_versions(session.connection(), [operation.id])
    audit(session, principal, AuditAction.UPDATE, ENTITY, entity_id,
          before=_snapshot(before), after=_snapshot(changed))
    return tuple(changed)


@dataclass(frozen=True)
class SavedOperation:
    """The outcome of save_operation: the operation as saved, and what changed."""

    detail: OperationDetail
    created: bool
    changed: tuple[str, ...]


def save_operation(session: Session, principal: Principal, current_code: str | None,
                   data: OperationInput) -> SavedOperation:
    """Create the operation (no current code) or update the one with that code."""
    check_admin(principal)
    current = operation_detail(session, current_code) if current_code else None
    if current_code and current is None:
        raise fail(NotFound, "operation", AdminErrorCode.OPERATION_NOT_FOUND)
    if current is None:
        operation = create_operation(session, principal, data)
        created, changed = True, OPERATION_FIELDS
    else:
        created, changed = False, update_operation(session, principal, current.id, data)
        operation = get_operation(session, current.id)
    detail = operation_detail(session, operation.code)
    assert detail is not None  # noqa: S101 - just written in this transaction
    return SavedOperation(detail, created, changed)


def set_participants(session: Session, principal: Principal, operation_id: int,
                     participants: Sequence[ParticipantInput]) -> ParticipantsChange:
    """Make these countries (with their focal points) the operation's participants.

    Countries left out are removed, unless they have already reported (seizures or nil
    returns); the ports of removed countries leave the operation too.
    """
    check_admin(principal)
    operation = get_operation(session, operation_id)
    known = set(session.execute(select(Country.iso3)).scalars())
    errors: list[FieldError] = []
    wanted: dict[str, tuple[str, str]] = {}
    for index, participant in enumerate(participants):
        prefix = f"participants[{index}]."
        iso3 = clean_text(participant.country_iso3).upper()
        name = clean_text(participant.focal_point_name)
        contact = clean_text(participant.focal_point_contact)
        if not iso3:
            errors.append(FieldError(prefix + "country_iso3", AdminErrorCode.REQUIRED))
        elif iso3 not in known:
            errors.append(FieldError(prefix + "country_iso3", AdminErrorCode.UNKNOWN_COUNTRY,
                                     {"value": iso3[:8]}))
        elif iso3 in wanted:
            errors.append(FieldError(prefix + "country_iso3",
                                     AdminErrorCode.DUPLICATE_COUNTRY, {"country": iso3}))
        check_length(errors, prefix + "focal_point_name", name, MAX_FOCAL_NAME)
        check_length(errors, prefix + "focal_point_contact", contact, MAX_FOCAL_CONTACT)
        if iso3:
            wanted.setdefault(iso3, (name, contact))
    refuse(errors)

    current = {row.country_iso3: row for row in session.execute(
        select(OperationCountry).where(OperationCountry.operation_id == operation.id)).scalars()}
    removed = sorted(set(current) - set(wanted))
    if removed:
        reported = sorted(set(session.execute(union(
            select(Seizure.reporting_country).where(
                Seizure.operation_id == operation.id,
                Seizure.reporting_country.in_(removed)),
            select(DailyReport.country_iso3).where(
                DailyReport.operation_id == operation.id,
                DailyReport.country_iso3.in_(removed)),
        )).scalars()))
        refuse([FieldError("participants", AdminErrorCode.COUNTRY_HAS_REPORTS,
                           {"country": iso3}) for iso3 in reported])
    added = sorted(set(wanted) - set(current))
    changed_contacts = sorted(
        iso3 for iso3 in set(wanted) & set(current)
        if (current[iso3].focal_point_name, current[iso3].focal_point_contact) != wanted[iso3])
    if not (added or removed or changed_contacts):
        return ParticipantsChange()

    old = {iso3: (row.focal_point_name, row.focal_point_contact) for iso3, row in
           current.items()}
    ports_removed: list[str] = []
    if removed:
        ports = session.execute(
            select(Location.id, Location.code)
            .join(OperationLocation, OperationLocation.location_id == Location.id)
            .where(OperationLocation.operation_id == operation.id,
                   Location.country_iso3.in_(removed))).all()
        ports_removed = sorted(code for _id, code in ports)
        if ports:
            session.execute(delete(OperationLocation).where(
                OperationLocation.operation_id == operation.id,
                OperationLocation.location_id.in_([i for i, _c in ports])))
        session.execute(delete(OperationCountry).where(
            OperationCountry.operation_id == operation.id,
            OperationCountry.country_iso3.in_(removed)))
    for iso3 in changed_contacts:
        current[iso3].focal_point_name, current[iso3].focal_point_contact = wanted[iso3]
    if added:
        session.execute(insert(OperationCountry), [
            {"operation_id": operation.id, "country_iso3": iso3,
             "focal_point_name": wanted[iso3][0], "focal_point_contact": wanted[iso3][1]}
            for iso3 in added])
    session.flush()
    # The participating countries are counted on the cached pages too.
    summaries.bump_versions(session.connection(), [operation.id])

    def focal(rows: dict[str, tuple[str, str]], codes: list[str]) -> dict[str, list[str]]:
        return {iso3: list(rows[iso3]) for iso3 in codes}

    before = {"removed": focal(old, removed), "focal_points": focal(old, changed_contacts)}
    after = {"added": focal(wanted, added), "focal_points": focal(wanted, changed_contacts),
             "ports_removed": ports_removed, "countries": len(wanted)}
    audit(session, principal, AuditAction.PARTICIPANTS, ENTITY, operation.code,
          before=before, after=after)
    return ParticipantsChange(tuple(added), tuple(removed), tuple(changed_contacts),
                              tuple(ports_removed))


def set_operation_ports(session: Session, principal: Principal, operation_id: int,
                        location_codes: Sequence[str]) -> PortsChange:
    """Make these places (UN/LOCODEs or IATA codes) the operation's participating ports;
    each must lie in a participating country."""
    check_admin(principal)
    operation = get_operation(session, operation_id)
    codes = list(dict.fromkeys(clean_text(c).upper() for c in location_codes if
                               clean_text(c)))
    found = {row.code: row for row in session.execute(
        select(Location.id, Location.code, Location.country_iso3)
        .where(Location.code.in_(codes))).all()} if codes else {}
    taking_part = set(session.execute(select(OperationCountry.country_iso3).where(
        OperationCountry.operation_id == operation.id)).scalars())
    errors = []
    for index, code in enumerate(codes):
        row = found.get(code)
        if row is None:
            errors.append(FieldError(f"ports[{index}]", AdminErrorCode.UNKNOWN_LOCATION,
                                     {"value": code[:16]}))
        elif row.country_iso3 not in taking_part:
            errors.append(FieldError(f"ports[{index}]",
                                     AdminErrorCode.LOCATION_NOT_PARTICIPATING,
                                     {"location": code, "country": row.country_iso3}))
    refuse(errors)
    current = dict(session.execute(
        select(Location.code, Location.id)
        .join(OperationLocation, OperationLocation.location_id == Location.id)
        .where(OperationLocation.operation_id == operation.id)).all())
    added = sorted(set(codes) - set(current))
    removed = sorted(set(current) - set(codes))
    if not (added or removed):
        return PortsChange()
    if removed:
        session.execute(delete(OperationLocation).where(
            OperationLocation.operation_id == operation.id,
            OperationLocation.location_id.in_([current[c] for c in removed])))
    if added:
        session.execute(insert(OperationLocation), [
            {"operation_id": operation.id, "location_id": found[c].id} for c in added])
    session.flush()
    audit(session, principal, AuditAction.PORTS, ENTITY, operation.code,
          before={"removed": removed}, after={"added": added, "ports": len(codes)})
    return PortsChange(tuple(added), tuple(removed))


def operation_detail(session: Session, code: str | None) -> OperationDetail | None:
    """The settings, participants and port codes of the operation with that code."""
    if not code:
        return None
    operation = session.execute(
        select(Operation).where(Operation.code == code)).scalar_one_or_none()
    if operation is None:
        return None
    values = {name: getattr(operation, name) for name in OPERATION_FIELDS}
    participants = tuple(ParticipantInput(row.country_iso3, row.focal_point_name,
                                          row.focal_point_contact)
                         for row in session.execute(
                             select(OperationCountry)
                             .where(OperationCountry.operation_id == operation.id)
                             .order_by(OperationCountry.country_iso3)).scalars())
    ports = tuple(session.execute(
        select(Location.code)
        .join(OperationLocation, OperationLocation.location_id == Location.id)
        .where(OperationLocation.operation_id == operation.id)
        .order_by(Location.code)).scalars())
    return OperationDetail(operation.id, values, participants, ports)
