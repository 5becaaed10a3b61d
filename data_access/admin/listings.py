"""What the admin screens list and offer: operations with their counts, countries, places."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.columns import Names
from data_access.models import (
    Country,
    Location,
    Operation,
    OperationCountry,
    OperationLocation,
    Seizure,
)


class OperationTableColumns:
    """Columns of operations_table()."""

    CODE = "code"
    NAME = "name"
    START = "start_date"
    END = "end_date"
    TIMEZONE = "timezone"
    DEADLINE = "report_deadline"
    LOCK = "lock_date"
    STATUS = "status"
    IS_DEMO = "is_demo"
    COUNTRIES = "countries"
    PORTS = "ports"
    SEIZURES = "seizures"
    ALL = (CODE, NAME, START, END, TIMEZONE, DEADLINE, LOCK, STATUS, IS_DEMO, COUNTRIES,
           PORTS, SEIZURES)


class CountryChoiceColumns(Names):
    """Columns of country_choices()."""

    ISO3 = "iso3"
    ALL = (ISO3, *Names.NAMES)


class LocationChoiceColumns:
    """Columns of location_choices()."""

    CODE = "code"
    NAME = "name"
    KIND = "kind"
    COUNTRY = "country_iso3"
    ALL = (CODE, NAME, KIND, COUNTRY)


def operations_table(session: Session) -> pd.DataFrame:
    """Every operation with its settings and counts of countries, ports and seizures,
    newest first (OperationTableColumns)."""
    def count_by_operation(column, model, *where):  # noqa: ANN001, ANN202 - local helper
        return (select(model.operation_id, func.count(column).label("n"))
                .where(*where).group_by(model.operation_id).subquery())

    countries = count_by_operation(OperationCountry.country_iso3, OperationCountry)
    ports = count_by_operation(OperationLocation.location_id, OperationLocation)
    seizures = count_by_operation(Seizure.id, Seizure, Seizure.deleted.is_(False))
    rows = session.execute(
        select(Operation.code, Operation.name, Operation.start_date, Operation.end_date,
               Operation.timezone, Operation.report_deadline, Operation.lock_date,
               Operation.status, Operation.is_demo,
               func.coalesce(countries.c.n, 0), func.coalesce(ports.c.n, 0),
               func.coalesce(seizures.c.n, 0))
        .outerjoin(countries, countries.c.operation_id == Operation.id)
        .outerjoin(ports, ports.c.operation_id == Operation.id)
        .outerjoin(seizures, seizures.c.operation_id == Operation.id)
        .order_by(Operation.start_date.desc(), Operation.code)).all()
    return pd.DataFrame(rows, columns=list(OperationTableColumns.ALL))


def country_choices(session: Session) -> pd.DataFrame:
    """Every country with its names (CountryChoiceColumns), by ISO-3 code."""
    rows = session.execute(select(Country.iso3, Country.name_en, Country.name_fr,
                                  Country.name_pt).order_by(Country.iso3)).all()
    return pd.DataFrame(rows, columns=list(CountryChoiceColumns.ALL))


def location_choices(session: Session, countries: Sequence[str] | None = None, *,
                     search: str = "", codes: Sequence[str] | None = None,
                     limit: int | None = None) -> pd.DataFrame:
    """Places (LocationChoiceColumns) by country then name: in these countries, whose code
    or name contains `search`, among `codes`; at most `limit`."""
    query = select(Location.code, Location.name, Location.kind, Location.country_iso3)
    if countries is not None:
        query = query.where(Location.country_iso3.in_(list(countries)))
    if codes is not None:
        query = query.where(Location.code.in_(list(codes)))
    text = search.strip()[:60]
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Location.code.ilike(pattern, escape="\\")
                            | Location.name.ilike(pattern, escape="\\"))
    query = query.order_by(Location.country_iso3, Location.name, Location.code)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=list(LocationChoiceColumns.ALL))
