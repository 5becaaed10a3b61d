"""Reporting page: the status rules, the query on both databases, the callbacks as
functions, and the commander's journey in Chromium."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine

from dashboard import ids
from dashboard.callbacks.reporting import (
    reporting_heartbeat,
    show_matrix,
    show_rates_and_absentees,
)
from dashboard.figures import reporting as figures
from data_access.compliance import (
    MatrixColumns,
    ReportColumns,
    Status,
    compliance_matrix,
    deadline_at,
    missing_days,
    not_reported_on,
    report_status,
    reporting_rates,
)
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.filters import SeizureFilters
from data_access.models import DailyReport, OperationCountry
from data_access.queries.reporting import CountryColumns, reporting_compliance
from tests.callback_outputs import as_component, as_figure, text_of
from tests.conftest import ACTIVE
from tests.factories import make_operation
from tests.request_helpers import key_for, signed_in

# Time a page may take to show its figures (a loaded test machine needs more than 5 s).
PAGE_TIMEOUT = 20_000


@pytest.fixture(autouse=True)
def patient_expect():
    """Give expect() assertions of this module PAGE_TIMEOUT, then restore the default."""
    expect.set_options(timeout=PAGE_TIMEOUT)
    yield
    expect.set_options(timeout=None)
NAIROBI = "Africa/Nairobi"  # UTC+3, no daylight saving
DAY = dt.date(2026, 11, 12)


def accentless(name: str) -> str:
    """Sort key of names as the page sorts them (accents ignored, case folded)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A UTC timestamp."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def local(day: dt.date, hour: int, minute: int, zone: str = NAIROBI) -> dt.datetime:
    """A local timestamp in a time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


# --- The status of one country-day -------------------------------------------------------

def test_report_before_the_deadline_is_on_time_and_keeps_its_kind() -> None:
    now = utc(DAY + dt.timedelta(days=3), 12)
    deadline = dt.time(20, 0)
    assert report_status(DAY, "report", local(DAY, 19, 59), deadline, NAIROBI, now) == \
        Status.REPORT
    assert report_status(DAY, "nil", local(DAY, 8, 0), deadline, NAIROBI, now) == Status.NIL
    # Exactly at the deadline is still on time; a minute later is late.
    assert report_status(DAY, "nil", local(DAY, 20, 0), deadline, NAIROBI, now) == Status.NIL
    assert report_status(DAY, "nil", local(DAY, 20, 1), deadline, NAIROBI, now) == Status.LATE


def test_late_across_midnight() -> None:
    now = utc(DAY + dt.timedelta(days=3), 12)
    deadline = dt.time(23, 30)
    # 00:15 the next morning in Nairobi is 21:15 UTC on the report's own date: late.
    after_midnight = local(DAY + dt.timedelta(days=1), 0, 15)
    assert after_midnight.astimezone(dt.UTC).date() == DAY
    assert report_status(DAY, "report", after_midnight, deadline, NAIROBI, now) == Status.LATE
    assert report_status(DAY, "report", local(DAY, 23, 29), deadline, NAIROBI, now) == \
        Status.REPORT


def test_the_deadline_is_judged_in_the_operations_time_zone() -> None:
    now = utc(DAY + dt.timedelta(days=3), 12)
    submitted = utc(DAY, 22, 30)  # 01:30 next day in Nairobi, 19:30 in Sao Paulo
    deadline = dt.time(23, 0)
    assert report_status(DAY, "nil", submitted, deadline, NAIROBI, now) == Status.LATE
    assert report_status(DAY, "nil", submitted, deadline, "UTC", now) == Status.NIL
    assert report_status(DAY, "nil", submitted, deadline, "America/Sao_Paulo", now) == \
        Status.NIL
    # Across a daylight-saving change the local deadline still holds (Brussels, 29 March).
    spring = dt.date(2026, 3, 29)
    assert deadline_at(spring, dt.time(20, 0), "Europe/Brussels").astimezone(dt.UTC) == \
        utc(spring, 18)


def test_not_yet_due_today_before_the_deadline_then_missing() -> None:
    deadline = dt.time(20, 0)
    morning = local(DAY, 10, 0).astimezone(dt.UTC)
    evening = local(DAY, 20, 5).astimezone(dt.UTC)
    assert report_status(DAY, None, None, deadline, NAIROBI, morning) == Status.NOT_DUE
    assert report_status(DAY, None, None, deadline, NAIROBI, evening) == Status.MISSING
    tomorrow = DAY + dt.timedelta(days=1)
    assert report_status(tomorrow, None, None, deadline, NAIROBI, evening) == Status.NOT_DUE
    # A report already in for today, before the deadline, counts as reported.
    assert report_status(DAY, "nil", local(DAY, 9, 0), deadline, NAIROBI, morning) == Status.NIL


def test_missing_for_a_past_day_without_a_report() -> None:
    now = local(DAY, 10, 0).astimezone(dt.UTC)
    yesterday = DAY - dt.timedelta(days=1)
    assert report_status(yesterday, None, None, dt.time(23, 59), NAIROBI, now) == \
        Status.MISSING


def test_matrix_rates_and_todays_absentees() -> None:
    days = [DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=1), DAY,
            DAY + dt.timedelta(days=1)]
    deadline = dt.time(20, 0)
    now = local(DAY, 12, 0).astimezone(dt.UTC)  # today, before the deadline
    reports = pd.DataFrame([
        ("KEN", days[0], "report", local(days[0], 18, 0)),
        ("KEN", days[1], "nil", local(days[1], 22, 0)),  # late
        ("KEN", DAY, "nil", local(DAY, 9, 0)),
        ("NGA", days[0], "nil", local(days[0], 19, 0)),
        ("XXX", days[0], "nil", local(days[0], 19, 0)),  # not a listed country: ignored
    ], columns=[ReportColumns.ISO3, ReportColumns.DATE, ReportColumns.KIND,
                ReportColumns.SUBMITTED_AT])
    matrix = compliance_matrix(reports, ["KEN", "NGA", "FRA"], days, deadline, NAIROBI, now)
    assert len(matrix) == 12
    status = matrix.set_index([MatrixColumns.ISO3, MatrixColumns.DATE])[MatrixColumns.STATUS]
    assert [status["KEN", d] for d in days] == [Status.REPORT, Status.LATE, Status.NIL,
                                                 Status.NOT_DUE]
    assert [status["NGA", d] for d in days] == [Status.NIL, Status.MISSING, Status.NOT_DUE,
                                                 Status.NOT_DUE]
    assert [status["FRA", d] for d in days] == [Status.MISSING, Status.MISSING,
                                                 Status.NOT_DUE, Status.NOT_DUE]
    late = matrix[matrix[MatrixColumns.STATUS] == Status.LATE].iloc[0]
    assert late[MatrixColumns.SUBMITTED_LOCAL].hour == 22  # shown in the operation's time

    rates = reporting_rates(matrix, DAY)
    assert (rates.reported_today, rates.expected_today) == (1, 3)
    assert rates.today_rate == pytest.approx(1 / 3)
    # Due cells: the two past days of three countries; reported: KEN x2 + NGA x1.
    assert (rates.due_cells, rates.reported_cells, rates.on_time_cells) == (6, 3, 2)
    assert (rates.late_cells, rates.missing_cells) == (1, 3)
    assert rates.overall_rate == pytest.approx(0.5)
    narrowed = reporting_rates(matrix, DAY, days[:1])
    assert (narrowed.due_cells, narrowed.reported_cells) == (3, 2)
    assert narrowed.reported_today == 1
    assert missing_days(matrix).to_dict() == {"KEN": 0, "NGA": 1, "FRA": 2}
    assert list(not_reported_on(matrix, DAY)[MatrixColumns.ISO3]) == ["NGA", "FRA"]


def test_rates_of_an_operation_not_started_or_ended() -> None:
    days = [DAY, DAY + dt.timedelta(days=1)]
    empty = pd.DataFrame(columns=[ReportColumns.ISO3, ReportColumns.DATE, ReportColumns.KIND,
                                  ReportColumns.SUBMITTED_AT])
    before = compliance_matrix(empty, ["KEN"], days, dt.time(20), NAIROBI, utc(DAY, 0) -
                               dt.timedelta(days=5))
    rates = reporting_rates(before, DAY - dt.timedelta(days=5))
    assert set(before[MatrixColumns.STATUS]) == {Status.NOT_DUE}
    assert rates.today_rate is None and rates.overall_rate is None
    after = compliance_matrix(empty, ["KEN"], days, dt.time(20), NAIROBI, utc(DAY, 0) +
                              dt.timedelta(days=5))
    rates = reporting_rates(after, DAY + dt.timedelta(days=5))
    assert not rates.today_in_window and rates.today_rate is None
    assert rates.overall_rate == 0.0 and rates.missing_cells == 2


# --- The query on SQLite and PostgreSQL --------------------------------------------------

def test_reporting_compliance_query(engine: Engine) -> None:
    factory = make_session_factory(engine)
    start = dt.date(2026, 11, 11)
    with session_scope(factory) as session:
        operation = make_operation(session, start=start, days=5,
                                   countries=("KEN", "NGA", "FRA"))
        operation.report_deadline = dt.time(23, 30)
        for link in session.query(OperationCountry).filter_by(operation_id=operation.id):
            link.focal_point_name = f"Focal {link.country_iso3}"
            link.focal_point_contact = f"fp-{link.country_iso3.lower()}@example.org, +254 1"
        day2 = start + dt.timedelta(days=1)
        session.add_all([
            DailyReport(operation_id=operation.id, country_iso3="KEN", report_date=start,
                        kind="report", submitted_at=local(start, 21, 0)),
            # 00:10 the next day in Nairobi: late across midnight.
            DailyReport(operation_id=operation.id, country_iso3="KEN", report_date=day2,
                        kind="nil", submitted_at=local(day2 + dt.timedelta(days=1), 0, 10)),
            DailyReport(operation_id=operation.id, country_iso3="NGA", report_date=day2,
                        kind="nil", submitted_at=local(day2, 12, 0)),
            DailyReport(operation_id=operation.id, country_iso3="FRA", report_date=day2,
                        kind="report", submitted_at=local(day2, 10, 0)),
        ])
        operation_id = operation.id
    now = local(day2, 15, 0).astimezone(dt.UTC)  # day 2, before its deadline
    with session_scope(factory) as session:
        data = reporting_compliance(session, SeizureFilters(operation_id=operation_id), now)
        assert data.today == day2 and data.phase == "in_progress"
        assert len(data.days) == 5 and len(data.matrix) == 15
        status = data.matrix.set_index([MatrixColumns.ISO3, MatrixColumns.DATE])[
            MatrixColumns.STATUS]
        assert status["KEN", start] == Status.REPORT
        assert status["KEN", day2] == Status.LATE
        assert status["NGA", start] == Status.MISSING
        assert status["NGA", day2] == Status.NIL
        assert status["FRA", day2] == Status.REPORT
        assert status["FRA", start + dt.timedelta(days=4)] == Status.NOT_DUE
        assert data.rates.reported_today == 3 and data.rates.expected_today == 3
        assert data.not_reported_today.empty
        # Regions: FRA is in Europe, KEN and NGA in Africa; ordered by region then name.
        assert list(data.countries[CountryColumns.REGION])[:1] != []
        assert data.countries.loc[data.countries[CountryColumns.ISO3] == "FRA",
                                  CountryColumns.FOCAL_POINT_NAME].item() == "Focal FRA"

        # On day 3 after its deadline, nobody has reported: all three are missing.
        later = local(start + dt.timedelta(days=2), 23, 45).astimezone(dt.UTC)
        data = reporting_compliance(session, SeizureFilters(operation_id=operation_id), later)
        absent = data.not_reported_today
        assert set(absent[CountryColumns.ISO3]) == {"KEN", "NGA", "FRA"}
        assert set(absent[CountryColumns.STATUS]) == {Status.MISSING}
        assert absent[CountryColumns.FOCAL_POINT_CONTACT].str.contains("@example.org").all()

        # The region and country filters narrow the countries; the dates narrow the days.
        europe = reporting_compliance(session, SeizureFilters(
            operation_id=operation_id, regions=("EUR",)), later)
        assert list(europe.countries[CountryColumns.ISO3]) == ["FRA"]
        assert set(europe.matrix[MatrixColumns.ISO3]) == {"FRA"}
        kenya = reporting_compliance(session, SeizureFilters(
            operation_id=operation_id, countries=("KEN",), date_from=day2, date_to=day2),
            later)
        assert kenya.days == (day2,) and len(kenya.matrix) == 1
        assert kenya.rates.due_cells == 1 and kenya.rates.late_cells == 1
        # Today's rate is about today even when the dates shown exclude it.
        assert kenya.rates.expected_today == 1

        assert reporting_compliance(session, SeizureFilters(operation_id=-1), later) is None

        # Before the start nothing is due; after the end nobody is expected today.
        early = reporting_compliance(session, SeizureFilters(operation_id=operation_id),
                                     utc(start - dt.timedelta(days=3), 12))
        assert early.phase == "not_started" and early.rates.today_rate is None
        assert Status.MISSING not in set(early.matrix[MatrixColumns.STATUS])
        assert early.rates.due_cells == 0
        assert "not started" in text_of(figures.not_reported_table(early))
        assert "—" in text_of(figures.rate_cards(early))
        ended = reporting_compliance(session, SeizureFilters(operation_id=operation_id),
                                     utc(start + dt.timedelta(days=30), 12))
        assert ended.phase == "ended" and ended.not_reported_today.empty
        assert not set(ended.matrix[MatrixColumns.STATUS]) & {Status.NOT_DUE}
        assert "no report is due today" in text_of(figures.not_reported_table(ended))


# --- Callbacks as functions on the demo app ----------------------------------------------

def test_rates_and_absentees_of_the_active_operation(dash_app) -> None:
    with signed_in(dash_app):
        rates, deadline, table = as_component(show_rates_and_absentees(
            key_for(dash_app, reporting_heartbeat, f"?operation={ACTIVE}"), figures.SORT_REGION))
    text = text_of(rates)
    assert "Reporting rate today" in text and "Overall reporting rate" in text
    assert re.search(r"Overall reporting rate\s+\d+%", text)
    assert "20:00 (Europe/Brussels)" in deadline
    table_text = text_of(table)
    assert "countries have not reported for" in table_text
    assert "(demo)" in table_text  # focal points' names
    rows = table.children[2].children
    regions = [text_of(r.children[0]) for r in rows]
    assert len(rows) >= 1 and regions == sorted(regions, key=regions.index)  # grouped


def test_absentees_sorted_by_name_and_filtered_by_region(dash_app) -> None:
    key = key_for(dash_app, reporting_heartbeat, f"?operation={ACTIVE}&region=EUR")
    with signed_in(dash_app):
        _rates, _deadline, table = as_component(
            show_rates_and_absentees(key, figures.SORT_NAME))
    if not hasattr(table, "children") or not isinstance(table.children, list):
        pytest.skip("every European country reported today in this demo draw")
    rows = table.children[2].children
    assert {text_of(r.children[0]) for r in rows} == {"Europe"}
    names = [text_of(r.children[1]) for r in rows]
    assert names == sorted(names, key=accentless)


def shown_matrix(*args):
    """show_matrix() with its figures as go.Figures."""
    header, figure = show_matrix(*args)
    return as_figure(header), as_figure(figure)


def test_matrix_figure_is_small_and_marks_every_status(dash_app) -> None:
    key = key_for(dash_app, reporting_heartbeat, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        header, figure = shown_matrix(key, figures.SORT_REGION)
        by_missing = shown_matrix(key, figures.SORT_MISSING)[1]
    heatmap = figure.data[0]
    assert 120 <= len(heatmap.y) <= 140 and len(heatmap.x) == 28
    symbols = {s for row in heatmap.text for s in row}
    assert {"●", "○", "✕", "·"} <= symbols  # not colour alone
    assert len(header.data[0].x) == 28
    assert any("Europe" in (a.text or "") for a in figure.layout.annotations)
    assert len(figure.to_json()) < 400_000
    # Most missing days first.
    first = list(by_missing.data[0].z[0])
    assert first.count(3) >= list(by_missing.data[0].z[-1]).count(3)


def test_closed_and_unknown_operations_say_so(dash_app) -> None:
    closed = key_for(dash_app, reporting_heartbeat, "?operation=THUNDER-2025")
    unknown = key_for(dash_app, reporting_heartbeat, "?operation=NOPE")
    with signed_in(dash_app, headers={"Accept-Language": "fr"}):
        rates, _deadline, table = show_rates_and_absentees(closed, figures.SORT_REGION)
        assert "Terminée le" in text_of(rates)
    with signed_in(dash_app):
        _rates, _deadline, table = show_rates_and_absentees(closed, figures.SORT_REGION)
        assert "no report is due today" in text_of(table)
        rates, _deadline, table = show_rates_and_absentees(unknown, figures.SORT_REGION)
        assert rates is None and "No operation" in text_of(table)
        _header, figure = shown_matrix(unknown, None)
        assert figure.layout.annotations[0].text.startswith("No operation")


def test_filter_matching_no_country_gives_a_message(dash_app) -> None:
    key = key_for(dash_app, reporting_heartbeat, f"?operation={ACTIVE}&country=ATA")
    with signed_in(dash_app):
        _rates, _deadline, table = show_rates_and_absentees(key, None)
        _header, figure = shown_matrix(key, None)
    assert "No participating country" in text_of(table)
    assert "No participating country" in figure.layout.annotations[0].text


# --- The commander's journey ---------------------------------------------------------------

@pytest.mark.browser
def test_commander_sees_who_has_not_reported_today(signed_in_as, watched_page, live_server,
                                                   demo_db_path):
    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    with session_scope(make_session_factory(engine)) as session:
        from data_access.queries.filter_options import resolve_operation
        from data_access.scope import EVERY_OPERATION
        operation = resolve_operation(session, ACTIVE, EVERY_OPERATION)
        data = reporting_compliance(session, SeizureFilters(operation_id=operation.id))
    engine.dispose()
    absent = data.not_reported_today.assign(
        region_key=data.not_reported_today[CountryColumns.REGION_NAME_EN].map(accentless),
        name_key=data.not_reported_today[CountryColumns.NAME_EN].map(accentless),
    ).sort_values(["region_key", "name_key"])
    page, _watch = watched_page
    signed_in_as(page, "commander", path="/reporting")
    expect(page.get_by_role("heading", name="Not reported today")).to_be_visible()
    expect(page.get_by_text("Reporting rate today")).to_be_visible()
    expect(page.locator(f"#{ids.REPORTING_MATRIX} .main-svg").first).to_be_visible()
    table = page.locator(f"#{ids.REPORTING_ABSENT} table")
    first = absent.iloc[0]
    expect(table.locator("tbody tr").first).to_contain_text(first[CountryColumns.NAME_EN])
    expect(table.locator("tbody tr").first).to_contain_text(
        first[CountryColumns.FOCAL_POINT_NAME])
    expect(table.locator("tbody tr")).to_have_count(len(absent))
    mail = table.locator("tbody tr").first.get_by_role("link").first
    assert mail.get_attribute("href").startswith("mailto:")
    # Sorting the list by country puts the alphabetically first absentee on top.
    page.locator(f"#{ids.REPORTING_ABSENT_SORT}").get_by_text("Country").click()
    by_name = sorted(absent[CountryColumns.NAME_EN], key=accentless)[0]
    expect(table.locator("tbody tr").first).to_contain_text(by_name)
