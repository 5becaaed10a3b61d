"""Model constraints hold in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access.models import DailyReport, User
from tests.factories import make_operation, make_seizure, unique


def test_one_daily_report_per_country_per_day(engine: Engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        day = operation.start_date
        session.add(DailyReport(operation_id=operation.id, country_iso3="KEN", report_date=day,
                                kind="nil"))
        session.flush()
        session.add(DailyReport(operation_id=operation.id, country_iso3="KEN", report_date=day,
                                kind="report"))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_national_reference_unique_per_operation_and_country(engine: Engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        make_seizure(session, operation, country="KEN", reference="KE-1")
        # The same reference from another country is a different case.
        make_seizure(session, operation, country="NGA", reference="KE-1")
        with pytest.raises(IntegrityError):
            make_seizure(session, operation, country="KEN", reference="KE-1")
        session.rollback()


@pytest.mark.parametrize("quantity", [0, -3.5])
def test_item_quantity_must_be_positive(engine: Engine, quantity: float) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        with pytest.raises(IntegrityError):
            make_seizure(session, operation, quantity=quantity)
        session.rollback()


def test_coded_columns_refuse_unknown_values(engine: Engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        seizure = make_seizure(session, operation)
        seizure.transport_mode = "teleport"
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_operation_window_must_not_end_before_it_starts(engine: Engine) -> None:
    with Session(engine) as session:
        with pytest.raises(IntegrityError):
            make_operation(session, start=dt.date(2026, 1, 10), days=-2)
        session.rollback()


def test_focal_point_needs_a_country(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(User(username=unique("fp"), password_hash="x", role="focal_point"))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_unknown_country_is_refused_by_foreign_key(engine: Engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        with pytest.raises(IntegrityError):
            make_seizure(session, operation, country="XXX")
        session.rollback()


def test_timestamps_come_back_in_utc(engine: Engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session)
        paris = dt.timezone(dt.timedelta(hours=1))
        report = DailyReport(operation_id=operation.id, country_iso3="FRA",
                             report_date=operation.start_date, kind="nil",
                             submitted_at=dt.datetime(2026, 11, 11, 21, 30, tzinfo=paris))
        session.add(report)
        session.flush()
        session.expire_all()
        stored = session.get(DailyReport, report.id)
        assert stored.submitted_at == dt.datetime(2026, 11, 11, 20, 30, tzinfo=dt.UTC)
        assert stored.submitted_at.utcoffset() == dt.timedelta(0)
        session.rollback()
