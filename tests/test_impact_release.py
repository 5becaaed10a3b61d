"""When the donors' figures change (issue 12, finding 12 and the last point of 13): with
`delay_days >= 0` only at daily release points and only when the risk is accepted in the
config; and an operation's rename shows at once despite the caches."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly
import pytest
from sqlalchemy import Engine, select

from dashboard.exports.impact_csv import export_csv_text
from dashboard.settings import load_settings
from data_access.admin.operations import OperationInput, operation_detail, update_operation
from data_access.authentication import principal_of
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import User
from data_access.queries import impact
from data_access.queries.impact import Release
from tests.test_impact import LAST_YEAR, add_operation, add_seizure, sessions


def config(tmp_path: Path, impact_section: str) -> Path:
    """A config file with this [impact] section."""
    path = tmp_path / "config.toml"
    path.write_text(f'[security]\nsecret_key_file = "secret"\n[impact]\n{impact_section}\n')
    return path


# --- the acknowledgement -------------------------------------------------------------------

@pytest.mark.parametrize("delay", [0, 3])
def test_a_delay_is_refused_without_accepting_the_risk(tmp_path: Path, delay: int) -> None:
    with pytest.raises(ValueError, match="accept_differencing_risk") as refused:
        load_settings(config(tmp_path, f"delay_days = {delay}"), env={})
    assert "delay_days = -1" in str(refused.value)
    accepted = load_settings(config(tmp_path, f"delay_days = {delay}\n"
                                              "accept_differencing_risk = true"), env={})
    assert accepted.impact.delay_days == delay


def test_ended_operations_only_needs_no_acknowledgement(tmp_path: Path) -> None:
    assert load_settings(config(tmp_path, "delay_days = -1"), env={}).impact.delay_days == -1


def test_the_shipped_config_loads() -> None:
    settings = load_settings(env={"JOINTOPS_SECRET_KEY": "k"})
    assert settings.impact.delay_days == -1 and not settings.impact.accept_differencing_risk


# --- release points ------------------------------------------------------------------------

def test_a_seizure_entered_today_does_not_move_the_figures_until_midnight(
        engine: Engine) -> None:
    today = dt.date(2024, 6, 20)
    release = Release(delay_days=0, today=today)
    with sessions(engine) as session:
        op = add_operation(session, start=today - dt.timedelta(days=9), days=28,
                           status="active")
        for back in (9, 8, 8, 7, 6, 6, 5, 3, 2, 2, 1, 1, 1, 1, 1):
            add_seizure(session, op, date=today - dt.timedelta(days=back))
        before = export_csv_text(impact.impact_report(session, op.code, release))
        # The probe's step: one new KEN seizure, reported the same day.
        add_seizure(session, op, country="KEN", date=today)
        after = export_csv_text(impact.impact_report(session, op.code, release))
        # At the next release point the day before is published whole.
        tomorrow = impact.impact_report(session, op.code, Release(delay_days=0,
                                                                  today=today + dt.timedelta(1)))
    assert before == after
    assert tomorrow.operation.released_to == today
    assert export_csv_text(tomorrow) != after


def test_the_release_point_is_midnight_of_today_minus_the_delay(engine: Engine) -> None:
    today = dt.date(2024, 6, 20)
    with sessions(engine) as session:
        op = add_operation(session, start=today - dt.timedelta(days=9), days=28,
                           status="active")
        add_seizure(session, op, date=today - dt.timedelta(days=5))
        for delay, last in ((0, today - dt.timedelta(days=1)), (3, today - dt.timedelta(4))):
            released = impact.released_operation(session, op.code,
                                                 Release(delay_days=delay, today=today))
            assert released.released_to == last and not released.complete
        # On the operation's first day nothing is released yet.
        first_day = impact.released_operation(session, op.code, Release(
            delay_days=0, today=op.start_date))
    assert first_day is None


# --- a rename shows at once ----------------------------------------------------------------

def test_a_renamed_operation_shows_its_new_name_on_the_impact_page(dash_app,
                                                                   app_settings) -> None:
    from dashboard.callbacks.impact import show_impact

    engine = create_db_engine(app_settings.database.url)
    factory = make_session_factory(engine)

    def rename(name: str) -> None:
        with session_scope(factory) as session:
            admin = principal_of(session, session.execute(
                select(User).where(User.username == "admin")).scalar_one())
            detail = operation_detail(session, LAST_YEAR)
            update_operation(session, admin, detail.id,
                             OperationInput(**{**detail.values, "name": name}))

    def page_text() -> str:
        with dash_app.server.test_request_context():
            body, _csv, _pdf = show_impact(LAST_YEAR)
        return json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder)

    with session_scope(factory) as session:
        old_name = operation_detail(session, LAST_YEAR).values["name"]
    assert old_name in page_text()  # now cached
    try:
        rename("Thunder 2025 renamed")
        assert "Thunder 2025 renamed" in page_text()
    finally:
        rename(old_name)
        engine.dispose()
    assert old_name in page_text()
