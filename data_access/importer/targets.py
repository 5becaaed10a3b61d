"""Which operation and country a user may upload a seizure spreadsheet for.

Focal points: the operations their country takes part in, and only their own country.
Commanders (restricted ones only in their operations) and admins: every operation and
each of its participating countries. Donors: nothing. The importer checks the same rules
again when it runs (entry_rules.check_can_write); these lists only fill the choices.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from data_access.authentication import Principal
from data_access.columns import Names
from data_access.entry_rules import FOCAL_POINT, WRITER_ROLES
from data_access.models import Country, Operation, OperationCountry
from data_access.scope import operation_scope


class TargetOperationColumns:
    """Columns of upload_operations()."""

    ID = "id"
    CODE = "code"
    NAME = "name"
    START = "start_date"
    END = "end_date"
    STATUS = "status"
    ALL = (ID, CODE, NAME, START, END, STATUS)


class TargetCountryColumns(Names):
    """Columns of upload_countries()."""

    ISO3 = "iso3"
    ALL = (ISO3, *Names.NAMES)


def upload_operations(session: Session, principal: Principal,
                      today: dt.date | None = None) -> pd.DataFrame:
    """Operations the principal may import into: active ones covering today first, then
    the most recent."""
    if principal.role not in WRITER_ROLES:
        return pd.DataFrame(columns=list(TargetOperationColumns.ALL))
    today = today or dt.date.today()
    covering = case(((Operation.start_date <= today) & (Operation.end_date >= today), 0),
                    else_=1)
    active_first = case((Operation.status == "active", 0), else_=1)
    query = (select(Operation.id, Operation.code, Operation.name, Operation.start_date,
                    Operation.end_date, Operation.status)
             .order_by(active_first, covering, Operation.start_date.desc(), Operation.code))
    query = query.where(operation_scope(principal).condition())
    return pd.DataFrame(session.execute(query).all(),
                        columns=list(TargetOperationColumns.ALL))


def upload_countries(session: Session, principal: Principal,
                     operation_id: int) -> pd.DataFrame:
    """Participating countries of the operation the principal may import for."""
    allowed = upload_operations(session, principal)
    if operation_id not in set(allowed[TargetOperationColumns.ID]):
        return pd.DataFrame(columns=list(TargetCountryColumns.ALL))
    query = (select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt)
             .join(OperationCountry, OperationCountry.country_iso3 == Country.iso3)
             .where(OperationCountry.operation_id == operation_id)
             .order_by(Country.name_en))
    if principal.role == FOCAL_POINT:
        query = query.where(Country.iso3 == principal.country_iso3)
    return pd.DataFrame(session.execute(query).all(), columns=list(TargetCountryColumns.ALL))
