"""Writing seizures: create, update, withdraw, nil returns, and reopening a locked country.

Every function takes the acting Principal and checks it (data_access.entry_rules), validates
(data_access.validation), and writes exactly one audit event in the same transaction as the
change. The caller owns the transaction: run these inside `session_scope` (commit on
success, roll back on error). Refusals are exceptions carrying FieldErrors (codes, not
sentences) from data_access.errors: ValidationFailed, PermissionDenied, NotFound,
EntryLocked, VersionConflict, StateRefused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access.audit import record
from data_access.authentication import Principal
from data_access.entry_rules import (
    FOCAL_POINT,
    check_can_write,
    check_command_role,
    check_not_locked,
    check_operation_access,
    country_today,
    get_operation,
    local_today,
    participants,
    user_id,
)
from data_access.errors import (
    ErrorCode,
    FieldError,
    NotFound,
    NoticeCode,
    StateRefused,
    ValidationFailed,
    VersionConflict,
    fail,
)
from data_access.models import (
    AuditEvent,
    CountryReopening,
    DailyReport,
    Location,
    Operation,
    Seizure,
    SeizureItem,
    SeizureTransit,
    User,
    utcnow,
)
from data_access.validation import (
    CleanSeizure,
    ItemInput,
    ReferenceData,
    SeizureInput,
    is_blank,
    parse_date,
    validate_seizure,
)

ENTITY_SEIZURE = "seizure"
ENTITY_DAILY_REPORT = "daily_report"
ENTITY_REOPENING = "country_reopening"
ENTITY_IMPORT = "seizure_import"


class AuditAction:
    """Audit actions written by entry."""

    CREATE = "seizure.create"
    UPDATE = "seizure.update"
    WITHDRAW = "seizure.withdraw"
    NIL_RETURN = "daily_report.nil"
    IMPORT = "seizure.import"
    REOPEN = "country.reopen"
    REOPEN_CLOSE = "country.reopen_close"


@dataclass(frozen=True)
class WriteResult:
    """Outcome of a create or update: the seizure, and notices to show the user."""

    seizure: Seizure
    duplicate: bool = False
    notices: tuple[FieldError, ...] = ()

    @property
    def seizure_id(self) -> int:
        """Id of the seizure written (or found, for a duplicate submission)."""
        return self.seizure.id

    @property
    def version(self) -> int:
        """Version to send with the next edit."""
        return self.seizure.version


@dataclass(frozen=True)
class NilReturnResult:
    """Outcome of a nil return."""

    daily_report_id: int
    already_recorded: bool
    notices: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class SeizureRecord:
    """A stored seizure as the edit form needs it: its input, version and who changed it."""

    id: int
    data: SeizureInput
    version: int
    deleted: bool
    deleted_reason: str
    status: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    location_code: str | None


# ---------------------------------------------------------------------------------------
# Helpers


SNAPSHOT_COLUMNS = ("national_reference", "reporting_country", "seizure_date", "seizure_time",
                    "location_id", "latitude", "longitude", "geo_precision", "seizure_point",
                    "transport_mode", "detection_method", "concealment", "origin_country",
                    "export_country", "destination_country", "suspects_arrested", "notes",
                    "status", "version", "deleted", "deleted_reason")
SNAPSHOT_ITEM_COLUMNS = ("taxon_id", "term_code", "quantity", "unit_code", "is_live",
                         "estimated_value_usd")


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (dates and times as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date | dt.time) else value


def snapshot(seizure: Seizure) -> dict[str, Any]:
    """JSON-friendly picture of a seizure for the audit trail."""
    picture = {name: _plain(getattr(seizure, name)) for name in SNAPSHOT_COLUMNS}
    picture["transit_countries"] = [t.country_iso3 for t in seizure.transits]
    picture["items"] = [{name: getattr(i, name) for name in SNAPSHOT_ITEM_COLUMNS}
                        for i in seizure.items]
    return picture


def snapshots(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """snapshot() of many seizures at once, read with three plain queries."""
    pictures: dict[int, dict[str, Any]] = {}
    if not ids:
        return pictures
    columns = [getattr(Seizure, name) for name in SNAPSHOT_COLUMNS]
    for row in session.execute(select(Seizure.id, *columns).where(Seizure.id.in_(ids))):
        pictures[row[0]] = {name: _plain(value) for name, value in
                            zip(SNAPSHOT_COLUMNS, row[1:], strict=True)}
        pictures[row[0]].update(transit_countries=[], items=[])
    for sid, iso in session.execute(
            select(SeizureTransit.seizure_id, SeizureTransit.country_iso3)
            .where(SeizureTransit.seizure_id.in_(ids)).order_by(SeizureTransit.seizure_id,
                                                               SeizureTransit.position)):
        pictures[sid]["transit_countries"].append(iso)
    item_columns = [getattr(SeizureItem, name) for name in SNAPSHOT_ITEM_COLUMNS]
    for row in session.execute(
            select(SeizureItem.seizure_id, *item_columns)
            .where(SeizureItem.seizure_id.in_(ids)).order_by(SeizureItem.seizure_id,
                                                            SeizureItem.position)):
        pictures[row[0]]["items"].append(dict(zip(SNAPSHOT_ITEM_COLUMNS, row[1:],
                                                  strict=True)))
    return pictures


def _username(session: Session, uid: int | None) -> str:
    """Username of a user id ("" when none)."""
    if uid is None:
        return ""
    return session.execute(select(User.username).where(User.id == uid)).scalar_one_or_none() \
        or ""


def _audit(session: Session, principal: Principal, action: str, entity_type: str,
           entity_id: Any, before: dict[str, Any] | None, after: dict[str, Any] | None
           ) -> AuditEvent:
    """Write the change's audit event (same transaction)."""
    return record(session, actor=principal.username, user_id=user_id(principal),
                  action=action, entity_type=entity_type, entity_id=str(entity_id),
                  before=before, after=after)


def mark_day_reported(session: Session, principal: Principal, operation_id: int,
                      country: str, day: dt.date, now: dt.datetime) -> bool:
    """Record that the country reported seizures that day; True when a nil return was
    replaced."""
    report = session.execute(
        select(DailyReport).where(DailyReport.operation_id == operation_id,
                                  DailyReport.country_iso3 == country,
                                  DailyReport.report_date == day)).scalar_one_or_none()
    if report is None:
        session.add(DailyReport(operation_id=operation_id, country_iso3=country,
                                report_date=day, kind="report",
                                submitted_by=user_id(principal), submitted_at=now))
        return False
    if report.kind == "nil":
        report.kind = "report"
        report.submitted_by = user_id(principal)
        report.submitted_at = now
        return True
    return False


def _reference_taken(session: Session, clean: CleanSeizure, exclude_id: int | None
                     ) -> int | None:
    """Id of another seizure with the same national reference, if any."""
    query = select(Seizure.id).where(
        Seizure.operation_id == clean.operation_id,
        Seizure.reporting_country == clean.reporting_country,
        Seizure.national_reference == clean.national_reference)
    if exclude_id is not None:
        query = query.where(Seizure.id != exclude_id)
    return session.execute(query.limit(1)).scalar_one_or_none()


def _duplicate_reference(clean: CleanSeizure, other_id: int) -> ValidationFailed:
    """The refusal of a national reference already used."""
    return ValidationFailed([FieldError("national_reference", ErrorCode.DUPLICATE_REFERENCE,
                                        {"reference": clean.national_reference,
                                         "seizure_id": other_id})])


def _validated(session: Session, data: SeizureInput, operation: Operation,
               taking_part: frozenset[str], now: dt.datetime) -> CleanSeizure:
    """Validate against the reference data, or raise ValidationFailed."""
    ref = ReferenceData.load(session, location_ids=[data.location_id])
    country = (data.reporting_country or "").strip().upper()
    today = country_today(session, country, now)
    clean, errors = validate_seizure(data, operation=operation, ref=ref, today=today,
                                     participants=taking_part)
    if clean is None:
        raise ValidationFailed(errors)
    return clean


def _set_items(seizure: Seizure, clean: CleanSeizure) -> None:
    """Give a (new or emptied) seizure the clean items and transit countries."""
    seizure.items = [SeizureItem(position=i + 1, **item.columns())
                     for i, item in enumerate(clean.items)]
    seizure.transits = [SeizureTransit(position=i + 1, country_iso3=iso)
                        for i, iso in enumerate(clean.transit_countries)]


def _by_token(session: Session, token: str) -> Seizure | None:
    """The seizure created by a form instance's token."""
    return session.execute(
        select(Seizure).where(Seizure.submission_token == token)).scalar_one_or_none()


def _first_save(session: Session, token: str | None) -> WriteResult | None:
    """The answer to a form already saved under this token (a double click, a retry), or
    None when the token is new."""
    first = _by_token(session, token) if token else None
    if first is None:
        return None
    return WriteResult(first, duplicate=True,
                       notices=(FieldError("", NoticeCode.DUPLICATE_SUBMISSION),))


def _lock_seizure(session: Session, seizure_id: int) -> Seizure:
    """Load a seizure fresh from the database, row-locked where the database can."""
    seizure = session.execute(
        select(Seizure).where(Seizure.id == seizure_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if seizure is None:
        raise fail(NotFound, "", ErrorCode.SEIZURE_NOT_FOUND)
    return seizure


def _check_version(session: Session, seizure: Seizure, expected_version: int) -> None:
    """Refuse a save based on an older version, saying who changed it and when."""
    if seizure.version != expected_version:
        raise fail(VersionConflict, "", ErrorCode.VERSION_CONFLICT,
                   by=_username(session, seizure.updated_by or seizure.created_by),
                   at=seizure.updated_at.isoformat(), version=seizure.version)


# ---------------------------------------------------------------------------------------
# Writes


def create_seizure(session: Session, principal: Principal, data: SeizureInput, *,
                   submission_token: str | None = None, now: dt.datetime | None = None
                   ) -> WriteResult:
    """Record a new seizure; a token already used returns the first seizure unchanged."""
    now = now or utcnow()
    operation = get_operation(session, data.operation_id)
    taking_part = participants(session, operation.id)
    country = (data.reporting_country or "").strip().upper() or principal.country_iso3
    check_can_write(principal, operation, country, taking_part)
    token = (submission_token or "").strip()[:64] or None
    if (first := _first_save(session, token)) is not None:
        return first
    check_not_locked(session, operation, country or "", now)
    clean = _validated(session, data, operation, taking_part, now)
    if (other := _reference_taken(session, clean, None)) is not None:
        # The token answers before the reference: on PostgreSQL (read committed) the first
        # of a double click may have committed since the check above, and its reference is
        # this one. Read after the reference, the token sees that commit too.
        if (first := _first_save(session, token)) is not None:
            return first
        raise _duplicate_reference(clean, other)
    seizure = Seizure(**clean.columns(), status="provisional", created_by=user_id(principal),
                      created_at=now, updated_by=user_id(principal), updated_at=now,
                      version=1, deleted=False, deleted_reason="", submission_token=token)
    _set_items(seizure, clean)
    try:
        with session.begin_nested():
            session.add(seizure)
            session.flush()
    except IntegrityError:
        # Another request with the same token or reference won the race; the savepoint is
        # rolled back and the token is read again, so a double click answers as the first.
        if (first := _first_save(session, token)) is not None:
            return first
        if (other := _reference_taken(session, clean, None)) is not None:
            raise _duplicate_reference(clean, other) from None
        raise
    replaced = mark_day_reported(session, principal, operation.id, clean.reporting_country,
                                 clean.seizure_date, now)
    _audit(session, principal, AuditAction.CREATE, ENTITY_SEIZURE, seizure.id, None,
           {**snapshot(seizure), "replaced_nil_return": replaced})
    notices = (FieldError("seizure_date", NoticeCode.NIL_RETURN_REPLACED,
                          {"date": clean.seizure_date.isoformat()}),) if replaced else ()
    return WriteResult(seizure, notices=notices)


def update_seizure(session: Session, principal: Principal, seizure_id: int,
                   data: SeizureInput, *, expected_version: int,
                   now: dt.datetime | None = None) -> WriteResult:
    """Save an edit made on `expected_version`; refuse it if someone saved in between.

    The operation and reporting country of a seizure never change: those of `data` are
    ignored.
    """
    now = now or utcnow()
    seizure = _lock_seizure(session, seizure_id)
    operation = get_operation(session, seizure.operation_id)
    taking_part = participants(session, operation.id)
    check_can_write(principal, operation, seizure.reporting_country, taking_part)
    if seizure.deleted:
        raise fail(StateRefused, "", ErrorCode.SEIZURE_WITHDRAWN)
    _check_version(session, seizure, expected_version)
    check_not_locked(session, operation, seizure.reporting_country, now)
    data = SeizureInput(**{**data.__dict__, "operation_id": operation.id,
                           "reporting_country": seizure.reporting_country})
    clean = _validated(session, data, operation, taking_part, now)
    if (other := _reference_taken(session, clean, seizure.id)) is not None:
        raise _duplicate_reference(clean, other)
    before = snapshot(seizure)
    session.execute(delete(SeizureItem).where(SeizureItem.seizure_id == seizure.id))
    session.execute(delete(SeizureTransit).where(SeizureTransit.seizure_id == seizure.id))
    session.expire(seizure, ["items", "transits"])
    for name, value in clean.columns().items():
        setattr(seizure, name, value)
    _set_items(seizure, clean)
    # A verification vouched for what was reported; changed content needs a new one.
    seizure.status = "provisional"
    seizure.version = seizure.version + 1
    seizure.updated_at = now
    seizure.updated_by = user_id(principal)
    session.flush()
    replaced = mark_day_reported(session, principal, operation.id, seizure.reporting_country,
                                 clean.seizure_date, now)
    _audit(session, principal, AuditAction.UPDATE, ENTITY_SEIZURE, seizure.id, before,
           {**snapshot(seizure), "replaced_nil_return": replaced})
    notices = (FieldError("seizure_date", NoticeCode.NIL_RETURN_REPLACED,
                          {"date": clean.seizure_date.isoformat()}),) if replaced else ()
    return WriteResult(seizure, notices=notices)


def withdraw_seizure(session: Session, principal: Principal, seizure_id: int, *,
                     reason: str, expected_version: int, now: dt.datetime | None = None
                     ) -> Seizure:
    """Withdraw (soft-delete) a seizure with a stated reason."""
    now = now or utcnow()
    seizure = _lock_seizure(session, seizure_id)
    operation = get_operation(session, seizure.operation_id)
    check_can_write(principal, operation, seizure.reporting_country,
                    participants(session, operation.id))
    if seizure.deleted:
        raise fail(StateRefused, "", ErrorCode.SEIZURE_WITHDRAWN)
    _check_version(session, seizure, expected_version)
    check_not_locked(session, operation, seizure.reporting_country, now)
    reason = (reason or "").strip()
    if not reason:
        raise fail(ValidationFailed, "reason", ErrorCode.REQUIRED)
    before = snapshot(seizure)
    seizure.deleted = True
    seizure.deleted_reason = reason
    seizure.version = seizure.version + 1
    seizure.updated_at = now
    seizure.updated_by = user_id(principal)
    session.flush()
    _audit(session, principal, AuditAction.WITHDRAW, ENTITY_SEIZURE, seizure.id, before,
           snapshot(seizure))
    return seizure


def record_nil_return(session: Session, principal: Principal, operation_id: int,
                      country: str, report_date: dt.date | str, *,
                      now: dt.datetime | None = None) -> NilReturnResult:
    """Record that a country had no seizures on a day; refused when it has some."""
    now = now or utcnow()
    operation = get_operation(session, operation_id)
    country = (country or "").strip().upper()
    check_can_write(principal, operation, country, participants(session, operation.id))
    check_not_locked(session, operation, country, now)
    try:
        day = parse_date(report_date)
    except ValueError:
        raise fail(ValidationFailed, "report_date", ErrorCode.INVALID_DATE) from None
    today = country_today(session, country, now)
    if day < operation.start_date:
        raise fail(ValidationFailed, "report_date", ErrorCode.DATE_BEFORE_OPERATION,
                   start=operation.start_date.isoformat(), end=operation.end_date.isoformat())
    if day > operation.end_date:
        raise fail(ValidationFailed, "report_date", ErrorCode.DATE_AFTER_OPERATION,
                   start=operation.start_date.isoformat(), end=operation.end_date.isoformat())
    if day > today:
        raise fail(ValidationFailed, "report_date", ErrorCode.DATE_IN_FUTURE,
                   today=today.isoformat())
    count = session.execute(select(func.count(Seizure.id)).where(
        Seizure.operation_id == operation.id, Seizure.reporting_country == country,
        Seizure.seizure_date == day, Seizure.deleted.is_(False))).scalar_one()
    if count:
        raise fail(StateRefused, "report_date", ErrorCode.NIL_RETURN_HAS_SEIZURES,
                   count=count, date=day.isoformat())
    report = session.execute(select(DailyReport).where(
        DailyReport.operation_id == operation.id, DailyReport.country_iso3 == country,
        DailyReport.report_date == day)).scalar_one_or_none()
    if report is not None and report.kind == "nil":
        return NilReturnResult(report.id, True, (FieldError(
            "report_date", NoticeCode.NIL_RETURN_ALREADY_RECORDED, {"date": day.isoformat()}),))
    before = None
    if report is None:
        report = DailyReport(operation_id=operation.id, country_iso3=country, report_date=day,
                             kind="nil", submitted_by=user_id(principal), submitted_at=now)
        session.add(report)
    else:  # a day whose seizures were all withdrawn
        before = {"kind": report.kind}
        report.kind = "nil"
        report.submitted_by = user_id(principal)
        report.submitted_at = now
    session.flush()
    _audit(session, principal, AuditAction.NIL_RETURN, ENTITY_DAILY_REPORT, report.id, before,
           {"operation_id": operation.id, "country": country, "date": day.isoformat(),
            "kind": "nil"})
    return NilReturnResult(report.id, False)


def reopen_country(session: Session, principal: Principal, operation_id: int, country: str,
                   *, reason: str, until: dt.date | str | None = None,
                   now: dt.datetime | None = None) -> CountryReopening:
    """Let a country enter and edit again after the lock date (commanders and admins)."""
    now = now or utcnow()
    operation = get_operation(session, operation_id)
    check_command_role(principal, operation)
    country = (country or "").strip().upper()
    errors = []
    if country not in participants(session, operation.id):
        errors.append(FieldError("country", ErrorCode.COUNTRY_NOT_PARTICIPATING,
                                 {"country": country, "operation": operation.code}))
    reason = (reason or "").strip()
    if not reason:
        errors.append(FieldError("reason", ErrorCode.REQUIRED))
    open_until = None
    if not is_blank(until):
        try:
            open_until = parse_date(until)
        except ValueError:
            errors.append(FieldError("until", ErrorCode.INVALID_DATE))
        else:
            today = local_today(operation.timezone, now)
            if open_until < today:
                errors.append(FieldError("until", ErrorCode.DATE_IN_PAST,
                                         {"today": today.isoformat()}))
    if errors:
        raise ValidationFailed(errors)
    reopening = CountryReopening(operation_id=operation.id, country_iso3=country,
                                 open_until=open_until, active=True, reason=reason,
                                 reopened_by=user_id(principal), reopened_at=now)
    session.add(reopening)
    session.flush()
    _audit(session, principal, AuditAction.REOPEN, ENTITY_REOPENING, reopening.id, None,
           {"operation_id": operation.id, "country": country, "reason": reason,
            "until": open_until.isoformat() if open_until else None})
    return reopening


def close_reopening(session: Session, principal: Principal, reopening_id: int, *,
                    now: dt.datetime | None = None) -> CountryReopening:
    """End a reopening before its date (commanders and admins); the record stays."""
    now = now or utcnow()
    reopening = session.get(CountryReopening, reopening_id)
    if reopening is None:
        raise fail(NotFound, "", ErrorCode.REOPENING_NOT_FOUND)
    check_command_role(principal, get_operation(session, reopening.operation_id))
    if not reopening.active:
        return reopening
    reopening.active = False
    reopening.closed_by = user_id(principal)
    reopening.closed_at = now
    session.flush()
    _audit(session, principal, AuditAction.REOPEN_CLOSE, ENTITY_REOPENING, reopening.id,
           {"active": True}, {"active": False, "operation_id": reopening.operation_id,
                              "country": reopening.country_iso3})
    return reopening


# ---------------------------------------------------------------------------------------
# Reads for the form and the command centre


def load_seizure(session: Session, principal: Principal, seizure_id: int) -> SeizureRecord:
    """A seizure as the edit form shows it (focal points: their own country only)."""
    seizure = session.get(Seizure, seizure_id)
    if seizure is None:
        raise fail(NotFound, "", ErrorCode.SEIZURE_NOT_FOUND)
    operation = get_operation(session, seizure.operation_id)
    check_operation_access(principal, operation, participants(session, operation.id))
    if principal.role == FOCAL_POINT and seizure.reporting_country != principal.country_iso3:
        raise fail(NotFound, "", ErrorCode.SEIZURE_NOT_FOUND)
    location_code = session.execute(select(Location.code).where(
        Location.id == seizure.location_id)).scalar_one_or_none() if seizure.location_id \
        else None
    explicit = seizure.geo_precision == "coordinates"
    data = SeizureInput(
        operation_id=seizure.operation_id, reporting_country=seizure.reporting_country,
        national_reference=seizure.national_reference, seizure_date=seizure.seizure_date,
        seizure_point=seizure.seizure_point, transport_mode=seizure.transport_mode,
        detection_method=seizure.detection_method,
        items=tuple(ItemInput(i.taxon_id, i.term_code, i.quantity, i.unit_code, i.is_live,
                              i.estimated_value_usd) for i in seizure.items),
        seizure_time=seizure.seizure_time, location_id=seizure.location_id,
        latitude=seizure.latitude if explicit else None,
        longitude=seizure.longitude if explicit else None,
        concealment=seizure.concealment, origin_country=seizure.origin_country,
        export_country=seizure.export_country,
        transit_countries=tuple(t.country_iso3 for t in seizure.transits),
        destination_country=seizure.destination_country,
        suspects_arrested=seizure.suspects_arrested, notes=seizure.notes)
    return SeizureRecord(
        id=seizure.id, data=data, version=seizure.version, deleted=seizure.deleted,
        deleted_reason=seizure.deleted_reason, status=seizure.status,
        created_at=seizure.created_at, created_by=_username(session, seizure.created_by),
        updated_at=seizure.updated_at,
        updated_by=_username(session, seizure.updated_by or seizure.created_by),
        location_code=location_code)


class HistoryColumns:
    """Columns of seizure_history()."""

    AT = "at"
    USERNAME = "username"
    ACTION = "action"
    BEFORE = "before"
    AFTER = "after"
    ALL = (AT, USERNAME, ACTION, BEFORE, AFTER)


def seizure_history(session: Session, principal: Principal, seizure_id: int) -> pd.DataFrame:
    """Every recorded change of a seizure, oldest first (commanders and admins).

    Imports write one event per file; those that created or updated this seizure are
    included, with `before`/`after` narrowed to this seizure.
    """
    seizure = session.get(Seizure, seizure_id)
    if seizure is None:
        raise fail(NotFound, "", ErrorCode.SEIZURE_NOT_FOUND)
    check_command_role(principal, get_operation(session, seizure.operation_id))
    rows = [(e.at, e.username, e.action, e.before, e.after) for e in session.execute(
        select(AuditEvent).where(AuditEvent.entity_type == ENTITY_SEIZURE,
                                 AuditEvent.entity_id == str(seizure_id))).scalars()]
    key = str(seizure_id)
    for event in session.execute(select(AuditEvent).where(
            AuditEvent.entity_type == ENTITY_IMPORT,
            AuditEvent.entity_id == import_entity_id(seizure.operation_id,
                                                     seizure.reporting_country))).scalars():
        after = event.after or {}
        if key in (after.get("created") or {}) or key in (after.get("updated") or {}):
            rows.append((event.at, event.username, event.action,
                         (event.before or {}).get(key),
                         {"file": after.get("file"), **(after.get("created") or {}).get(
                             key, {}), **(after.get("updated") or {}).get(key, {})}))
    rows.sort(key=lambda r: r[0])
    return pd.DataFrame(rows, columns=list(HistoryColumns.ALL))


def import_entity_id(operation_id: int, country: str) -> str:
    """Audit entity id of the imports of one country in one operation."""
    return f"{operation_id}:{country}"
