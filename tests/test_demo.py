"""The demo generator: realistic shape, inside its window, deterministic, on both databases."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from data_access.db import create_db_engine
from data_access.demo import generate_demo
from data_access.demo.scenarios import FRENCH_SPEAKING, PORTUGUESE_SPEAKING
from data_access.models import (
    DailyReport,
    Operation,
    OperationCountry,
    Seizure,
    SeizureItem,
    User,
)
from tests.conftest import DEMO_TODAY

SEIZURES = 600


def seizure_frame(engine: Engine, code: str) -> pd.DataFrame:
    """The seizures of one operation, without timestamps that depend on the clock."""
    with Session(engine) as session:
        op_id = session.execute(select(Operation.id).where(Operation.code == code)).scalar_one()
        rows = session.execute(
            select(Seizure.reporting_country, Seizure.seizure_date, Seizure.location_id,
                   Seizure.latitude, Seizure.longitude, Seizure.h3_res5, Seizure.transport_mode,
                   Seizure.national_reference, Seizure.origin_country,
                   Seizure.destination_country, Seizure.suspects_arrested)
            .where(Seizure.operation_id == op_id).order_by(Seizure.id)
        ).all()
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def demo_engine(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A demo database generated once for the module."""
    path = tmp_path_factory.mktemp("demo-test") / "demo.db"
    shutil.copy(sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    generate_demo(engine, seizures=SEIZURES, seed=11, password_hash="x", today=DEMO_TODAY)
    return engine


def test_active_operation_is_in_progress_today_with_the_asked_size(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        active = session.execute(
            select(Operation).where(Operation.status == "active")).scalar_one()
        assert active.start_date <= DEMO_TODAY <= active.end_date
        assert 26 <= (active.end_date - active.start_date).days + 1 <= 30
        count = session.execute(select(func.count()).where(
            Seizure.operation_id == active.id)).scalar_one()
        assert count == SEIZURES
        latest = session.execute(select(func.max(Seizure.seizure_date)).where(
            Seizure.operation_id == active.id)).scalar_one()
        earliest = session.execute(select(func.min(Seizure.seizure_date)).where(
            Seizure.operation_id == active.id)).scalar_one()
        assert active.start_date <= earliest and latest <= DEMO_TODAY
        closed = session.execute(select(Operation).where(Operation.status == "closed")).scalars()
        assert len(closed.all()) == 2


def test_about_130_countries_take_part_and_only_they_report(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        active_id = session.execute(
            select(Operation.id).where(Operation.status == "active")).scalar_one()
        participants = set(session.execute(select(OperationCountry.country_iso3).where(
            OperationCountry.operation_id == active_id)).scalars())
        reporting = set(session.execute(select(Seizure.reporting_country).where(
            Seizure.operation_id == active_id)).scalars())
    assert 120 <= len(participants) <= 140
    assert reporting <= participants
    assert len(reporting) > 40


def test_seizures_look_like_an_operation(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        items = session.execute(select(func.count(SeizureItem.id))).scalar_one()
        seizures = session.execute(select(func.count(Seizure.id))).scalar_one()
        modes = set(session.execute(select(Seizure.transport_mode).distinct()).scalars())
        arrests = session.execute(select(func.sum(Seizure.suspects_arrested))).scalar_one()
        located = session.execute(select(func.count()).where(
            Seizure.geo_precision != "country", Seizure.h3_res7.is_(None))).scalar_one()
        unlocated_with_cells = session.execute(select(func.count()).where(
            Seizure.geo_precision == "country", Seizure.h3_res3.is_not(None))).scalar_one()
        bad_base = session.execute(select(func.count()).where(
            SeizureItem.unit_code == "GRM",
            func.abs(SeizureItem.base_quantity - SeizureItem.quantity / 1000) > 1e-9,
        )).scalar_one()
    assert 1.2 < items / seizures < 1.6
    assert {"air_passenger", "sea_container", "road"} <= modes
    assert 0.05 < arrests / seizures < 0.4
    assert located == 0 and unlocated_with_cells == 0
    assert bad_base == 0


def test_daily_reports_cover_seizure_days_with_nil_returns_and_gaps(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        active = session.execute(
            select(Operation).where(Operation.status == "active")).scalar_one()
        reports = pd.DataFrame(session.execute(
            select(DailyReport.country_iso3, DailyReport.report_date, DailyReport.kind)
            .where(DailyReport.operation_id == active.id)).all())
        seizure_days = set(session.execute(
            select(Seizure.reporting_country, Seizure.seizure_date)
            .where(Seizure.operation_id == active.id).distinct()).all())
        participants = session.execute(select(func.count()).where(
            OperationCountry.operation_id == active.id)).scalar_one()
    reported = set(zip(reports["country_iso3"], reports["report_date"], strict=True))
    assert seizure_days <= reported
    assert (reports["kind"] == "nil").sum() > 0
    days = (DEMO_TODAY - active.start_date).days + 1
    assert len(reports) < participants * days  # some countries missed some days
    assert reports["report_date"].max() <= DEMO_TODAY


def test_demo_accounts_one_per_role_and_focal_point_per_country(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        users = session.execute(select(User)).scalars().all()
        participants = session.execute(select(func.count()).where(
            OperationCountry.operation_id == select(Operation.id).where(
                Operation.status == "active").scalar_subquery())).scalar_one()
    roles = pd.Series([u.role for u in users]).value_counts()
    assert roles["admin"] == roles["commander"] == roles["donor"] == 1
    assert roles["focal_point"] == participants
    assert all(u.is_demo for u in users)
    languages = {u.country_iso3: u.language for u in users if u.role == "focal_point"}
    assert all(languages[c] == "fr" for c in FRENCH_SPEAKING if c in languages)
    assert all(languages[c] == "pt" for c in PORTUGUESE_SPEAKING if c in languages)
    assert {"fr", "pt", "en"} <= set(languages.values())


def test_same_seed_and_date_give_the_same_operation(
    sqlite_template: Path, tmp_path: Path, demo_engine: Engine
) -> None:
    path = tmp_path / "again.db"
    shutil.copy(sqlite_template, path)
    again = create_db_engine(f"sqlite:///{path}")
    generate_demo(again, seizures=SEIZURES, seed=11, password_hash="x", today=DEMO_TODAY)
    code = f"THUNDER-{DEMO_TODAY.year}"
    pd.testing.assert_frame_equal(seizure_frame(demo_engine, code), seizure_frame(again, code))
    other = tmp_path / "other.db"
    shutil.copy(sqlite_template, other)
    different = create_db_engine(f"sqlite:///{other}")
    generate_demo(different, seizures=SEIZURES, seed=12, password_hash="x", today=DEMO_TODAY)
    assert not seizure_frame(demo_engine, code).equals(seizure_frame(different, code))


def test_second_run_refuses_unless_replace(demo_engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="--replace"):
        generate_demo(demo_engine, seizures=10, seed=1, password_hash="x", today=DEMO_TODAY)


def test_demo_runs_on_postgresql(pg_reference_engine: Engine) -> None:
    summary = generate_demo(pg_reference_engine, seizures=300, seed=3, password_hash="x",
                            today=dt.date(2026, 3, 1), replace=True)
    assert "THUNDER-2026" in summary.operations
    with Session(pg_reference_engine) as session:
        count = session.execute(select(func.count()).select_from(Seizure).join(Operation).where(
            Operation.code == "THUNDER-2026", Operation.is_demo)).scalar_one()
        assert count == 300
        # Ids were assigned by the generator: the sequence must have moved past them.
        operation = session.execute(select(Operation).where(
            Operation.code == "THUNDER-2026")).scalar_one()
        from tests.factories import make_seizure

        seizure = make_seizure(session, operation)
        assert seizure.id > 0
        session.rollback()
