"""Commanders' verification of seizures (provisional -> verified, and back with a reason),
and the read of one seizure for the seizure page.

Only commanders (within the operations named on their account, if any) and admins may
verify or read a seizure here. Every change is one audit event in the change's own
transaction, with an optimistic version check like every other seizure write. Refusals are
the EntryError subclasses of data_access.errors, with codes the dashboard translates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access.authentication import Principal
from data_access.columns import CommonNames
from data_access.entry_rules import check_command_role, get_operation, user_id
from data_access.errors import (
    ErrorCode,
    NotFound,
    StateRefused,
    ValidationFailed,
    VerificationCode,
    fail,
)
from data_access.models import (
    CitesTerm,
    CitesUnit,
    Country,
    Location,
    Seizure,
    SeizureItem,
    SeizureTransit,
    Taxon,
    utcnow,
)
from data_access.seizures import (
    ENTITY_SEIZURE,
    _audit,
    _check_version,
    _lock_seizure,
    _username,
)

PROVISIONAL = "provisional"
VERIFIED = "verified"
MAX_REASON = 500


class VerificationAction:
    """Audit actions written here."""

    VERIFY = "seizure.verify"
    UNVERIFY = "seizure.unverify"


def _change_status(session: Session, principal: Principal, seizure_id: int,
                   expected_version: int, *, to: str, action: str, reason: str = "",
                   now: dt.datetime | None = None) -> Seizure:
    """Move a seizure to `to` after the scope, state and version checks; audit it."""
    now = now or utcnow()
    seizure = _lock_seizure(session, seizure_id)
    check_command_role(principal, get_operation(session, seizure.operation_id))
    if seizure.deleted:
        raise fail(StateRefused, "", ErrorCode.SEIZURE_WITHDRAWN)
    _check_version(session, seizure, expected_version)
    if seizure.status == to:
        code = VerificationCode.ALREADY_VERIFIED if to == VERIFIED \
            else VerificationCode.NOT_VERIFIED
        raise fail(StateRefused, "", code)
    before = {"status": seizure.status, "version": seizure.version}
    seizure.status = to
    seizure.version = seizure.version + 1
    seizure.updated_at = now
    seizure.updated_by = user_id(principal)
    session.flush()
    after = {"status": seizure.status, "version": seizure.version}
    if reason:
        after["reason"] = reason
    _audit(session, principal, action, ENTITY_SEIZURE, seizure.id, before, after)
    return seizure


def verify_seizure(session: Session, principal: Principal, seizure_id: int,
                   expected_version: int, *, now: dt.datetime | None = None) -> Seizure:
    """Mark a provisional seizure verified (commanders in scope and admins); caller commits."""
    return _change_status(session, principal, seizure_id, expected_version, to=VERIFIED,
                          action=VerificationAction.VERIFY, now=now)


def unverify_seizure(session: Session, principal: Principal, seizure_id: int,
                     expected_version: int, *, reason: str,
                     now: dt.datetime | None = None) -> Seizure:
    """Return a verified seizure to provisional, with the reason (same rules as verify)."""
    reason = (reason or "").strip()
    if not reason:
        raise fail(ValidationFailed, "reason", ErrorCode.REQUIRED)
    if len(reason) > MAX_REASON:
        raise fail(ValidationFailed, "reason", ErrorCode.TOO_LONG, max=MAX_REASON)
    return _change_status(session, principal, seizure_id, expected_version, to=PROVISIONAL,
                          action=VerificationAction.UNVERIFY, reason=reason, now=now)


class ItemColumns(CommonNames):
    """Columns of SeizureDetail.items."""

    POSITION = "position"
    SCIENTIFIC_NAME = "scientific_name"
    TERM = "term_code"
    LABEL_EN = "label_en"  # the CITES term's label
    LABEL_FR = "label_fr"
    LABEL_PT = "label_pt"
    QUANTITY = "quantity"
    UNIT = "unit_code"
    IS_LIVE = "is_live"
    VALUE_USD = "estimated_value_usd"
    ALL = (POSITION, SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES, TERM,
           LABEL_EN, LABEL_FR, LABEL_PT, QUANTITY, UNIT, IS_LIVE, VALUE_USD)


@dataclass(frozen=True)
class SeizureDetail:
    """One seizure as the commanders' seizure page shows it."""

    id: int
    operation_code: str
    operation_name: str
    operation_timezone: str
    reporting_country: str
    country_names: dict[str, str]  # name_en / name_fr / name_pt of the reporting country
    national_reference: str
    seizure_date: dt.date
    seizure_time: dt.time | None
    location_name: str | None
    location_code: str | None
    location_kind: str | None
    seizure_point: str
    transport_mode: str
    detection_method: str
    concealment: str
    origin_country: str | None
    export_country: str | None
    transit_countries: tuple[str, ...]
    destination_country: str | None
    suspects_arrested: int
    notes: str
    status: str
    version: int
    deleted: bool
    deleted_reason: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    items: pd.DataFrame  # ItemColumns


def seizure_detail(session: Session, principal: Principal, seizure_id: int) -> SeizureDetail:
    """A seizure with its items and names (commanders in scope and admins only)."""
    seizure = session.get(Seizure, seizure_id)
    if seizure is None:
        raise fail(NotFound, "", ErrorCode.SEIZURE_NOT_FOUND)
    operation = get_operation(session, seizure.operation_id)
    check_command_role(principal, operation)
    country = session.get(Country, seizure.reporting_country)
    location = session.get(Location, seizure.location_id) if seizure.location_id else None
    term, unit = aliased(CitesTerm), aliased(CitesUnit)
    rows = session.execute(
        select(SeizureItem.position, Taxon.scientific_name, Taxon.common_name_en,
               Taxon.common_name_fr, Taxon.common_name_pt, SeizureItem.term_code,
               term.label_en, term.label_fr, term.label_pt, SeizureItem.quantity,
               SeizureItem.unit_code, SeizureItem.is_live, SeizureItem.estimated_value_usd)
        .join(Taxon, Taxon.id == SeizureItem.taxon_id)
        .join(term, term.code == SeizureItem.term_code)
        .join(unit, unit.code == SeizureItem.unit_code)
        .where(SeizureItem.seizure_id == seizure.id).order_by(SeizureItem.position)).all()
    items = pd.DataFrame(rows, columns=list(ItemColumns.ALL))
    transits = tuple(session.execute(
        select(SeizureTransit.country_iso3).where(SeizureTransit.seizure_id == seizure.id)
        .order_by(SeizureTransit.position)).scalars())
    return SeizureDetail(
        id=seizure.id, operation_code=operation.code, operation_name=operation.name,
        operation_timezone=operation.timezone, reporting_country=seizure.reporting_country,
        country_names={"name_en": country.name_en, "name_fr": country.name_fr,
                       "name_pt": country.name_pt} if country else {},
        national_reference=seizure.national_reference, seizure_date=seizure.seizure_date,
        seizure_time=seizure.seizure_time,
        location_name=location.name if location else None,
        location_code=location.code if location else None,
        location_kind=location.kind if location else None,
        seizure_point=seizure.seizure_point, transport_mode=seizure.transport_mode,
        detection_method=seizure.detection_method, concealment=seizure.concealment,
        origin_country=seizure.origin_country, export_country=seizure.export_country,
        transit_countries=transits, destination_country=seizure.destination_country,
        suspects_arrested=seizure.suspects_arrested, notes=seizure.notes,
        status=seizure.status, version=seizure.version, deleted=seizure.deleted,
        deleted_reason=seizure.deleted_reason, created_at=seizure.created_at,
        created_by=_username(session, seizure.created_by), updated_at=seizure.updated_at,
        updated_by=_username(session, seizure.updated_by or seizure.created_by),
        items=items)
