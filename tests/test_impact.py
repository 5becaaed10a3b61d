"""Donors' impact pages: sanitisation in data_access (threshold, delay, no free text), the
callbacks as functions and over HTTP, the downloads, and the donor's journey in Chromium."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly
import pytest
from dash import dcc
from playwright.sync_api import expect
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.context import SETTINGS_KEY
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import (
    Location,
    Operation,
    Seizure,
    Taxon,
)
from data_access.queries import impact
from data_access.queries.impact import (
    ComparisonColumns,
    CountryColumns,
    DailyColumns,
    FlagshipColumns,
    GroupColumns,
    HeadlineColumns,
    Metrics,
    Release,
    Suppression,
)
from tests import factories
from tests.auth_helpers import login
from tests.callback_outputs import as_component, as_figure
from tests.conftest import ACTIVE, DEMO_TODAY
from tests.factories import Item, make_operation, make_seizure, unique

LAST_YEAR = "THUNDER-2025"
# What must never leave the database for donors.
FORBIDDEN_SQL = ("national_reference", "notes", "concealment", "location_id", "latitude",
                 "longitude", "h3_res", "username", "full_name", "focal_point", "description",
                 "deleted_reason", "lead_organisations", "created_by", "updated_by",
                 "submission_token", "seizure_time", "locations", "users")
ALLOWED_COLUMNS = {
    *HeadlineColumns.ALL, *CountryColumns.ALL, *GroupColumns.ALL, *FlagshipColumns.ALL,
    *DailyColumns.ALL, *ComparisonColumns.HEADLINE, *ComparisonColumns.DAILY,
}
NATIONAL_REFERENCE = re.compile(r"\b[A-Z]{2}-\d{4}-\d{5}\b")
SECRET_NOTE = "SECRET-NOTE-do-not-publish"
SECRET_PLACE = "SECRET-CONCEALMENT-in-a-hollow-log"


# --- helpers -----------------------------------------------------------------------------

def taxon_id(session: Session, **where: str) -> int:
    """The first taxon matching column == value conditions."""
    statement = select(Taxon.id).order_by(Taxon.scientific_name)
    for column, value in where.items():
        statement = statement.where(getattr(Taxon, column) == value)
    return session.execute(statement.limit(1)).scalar_one()


def add_operation(session: Session, *, start: dt.date, days: int = 10, status: str = "closed",
                  countries: tuple[str, ...] = ("KEN", "NGA", "FRA", "BEL")) -> Operation:
    """An operation whose internal fields (description, focal points) must never reach
    donors."""
    return make_operation(session, start=start, days=days, status=status, countries=countries,
                          code=unique("IMP"), name=f"Impact test {unique('N')}", timezone="UTC",
                          description="internal briefing, never for donors",
                          focal_point_name="Jane Secret")


def add_seizure(session: Session, operation: Operation, *, items: tuple[Item, ...] = (),
                arrests: int = 0, **changes) -> Seizure:
    """A seizure near Nairobi airport with free text that must never reach donors."""
    return make_seizure(session, operation, items=items, point=(-1.3192, 36.9278),
                        reference=unique("KE-REF"), notes=SECRET_NOTE,
                        concealment=SECRET_PLACE, suspects_arrested=arrests, **changes)


def ivory(session: Session, kg: float = 10.0) -> Item:
    """An item of raw ivory by weight."""
    return factories.ivory(session, kg)


def values(frame: pd.DataFrame) -> dict[str, tuple[object, str]]:
    """Headline metric -> (value, flag)."""
    return {r.metric: (r.value, r.suppressed) for r in frame.itertuples()}


def sessions(engine: Engine):
    """A session scope on an engine."""
    return session_scope(make_session_factory(engine))


# --- data access: sanitisation -------------------------------------------------------------

def test_counts_below_the_threshold_are_withheld(engine: Engine) -> None:
    with sessions(engine) as session:
        op = add_operation(session, start=dt.date(2020, 3, 1))
        for _i in range(7):
            add_seizure(session, op, country="KEN", arrests=1, items=(ivory(session),))
        for _i in range(2):
            add_seizure(session, op, country="NGA", date=op.start_date + dt.timedelta(days=1),
                        items=(ivory(session),))
        for _i in range(6):
            add_seizure(session, op, country="FRA", date=op.start_date + dt.timedelta(days=2),
                        items=(ivory(session),))
        release = Release(min_count=5, delay_days=-1, today=dt.date(2021, 1, 1))
        report = impact.impact_report(session, op.code, release)
    assert report is not None and report.operation.complete
    top = values(report.headline)
    assert top[Metrics.SEIZURES] == (15.0, "")
    assert top[Metrics.ARRESTS] == (7.0, "")
    assert top[Metrics.IVORY_KG] == (150.0, "")
    # Four participating countries, three with seizures: both below 5, so withheld.
    assert top[Metrics.COUNTRIES_WITH_SEIZURES][1] == Suppression.SMALL
    assert pd.isna(top[Metrics.COUNTRIES_WITH_SEIZURES][0])
    assert top[Metrics.SPECIES][1] == Suppression.SMALL

    countries = report.countries.set_index(CountryColumns.ISO3)
    assert countries.loc["KEN", CountryColumns.SEIZURES] == 7
    assert countries.loc["NGA", CountryColumns.SUPPRESSED] == Suppression.SMALL
    assert pd.isna(countries.loc["NGA", CountryColumns.SEIZURES])
    # NGA alone withheld: 15 - 7 - 6 would give it away, so FRA is withheld too.
    assert countries.loc["FRA", CountryColumns.SUPPRESSED] == Suppression.COMPLEMENT
    assert pd.isna(countries.loc["FRA", CountryColumns.SEIZURES])
    assert countries.loc["BEL", CountryColumns.SEIZURES] == 0

    days = report.daily.set_index(DailyColumns.DAY)
    assert len(days) == 10
    assert days.loc[1, DailyColumns.SEIZURES] == 7
    assert days.loc[2, DailyColumns.SUPPRESSED] == Suppression.SMALL
    assert days.loc[3, DailyColumns.SUPPRESSED] == Suppression.COMPLEMENT
    assert days.loc[4, DailyColumns.SEIZURES] == 0
    groups = report.groups.set_index(GroupColumns.GROUP)
    assert groups.loc["mammals", GroupColumns.SEIZURES] == 15


def test_threshold_is_configurable(engine: Engine) -> None:
    with sessions(engine) as session:
        op = add_operation(session, start=dt.date(2020, 4, 1))
        for _i in range(3):
            add_seizure(session, op, items=(ivory(session),))
        strict = impact.impact_report(session, op.code, Release(min_count=5,
                                                                 today=dt.date(2021, 1, 1)))
        loose = impact.impact_report(session, op.code, Release(min_count=1,
                                                                today=dt.date(2021, 1, 1)))
    assert values(strict.headline)[Metrics.SEIZURES][1] == Suppression.SMALL
    # Three ivory seizures: the weight is withheld too (fewer than 5 seizures behind it).
    assert values(strict.headline)[Metrics.IVORY_KG][1] == Suppression.SMALL
    assert values(loose.headline)[Metrics.SEIZURES] == (3.0, "")
    assert values(loose.headline)[Metrics.IVORY_KG] == (30.0, "")


def test_key_commodities_in_harmonised_units(engine: Engine) -> None:
    with sessions(engine) as session:
        op = add_operation(session, start=dt.date(2020, 5, 1))
        pangolin = taxon_id(session, family="Manidae")
        timber = taxon_id(session, display_group="timber")
        bird = taxon_id(session, display_group="birds")
        plant = taxon_id(session, display_group="plants")
        for _i in range(5):
            add_seizure(session, op, items=(
                ivory(session, 20.0),
                Item(pangolin, "SCA", 100.0, "KIL"),
                Item(timber, "TIM", 2.5, "CUM"),
                Item(bird, "LIV", 12, "NUM", live=True),
                Item(plant, "LIV", 50, "NUM", live=True),
                # Tusks by number: not a weight, so not in the ivory kilograms.
                Item(taxon_id(session, scientific_name="Loxodonta africana"), "TUS", 3, "NUM"),
            ))
        report = impact.impact_report(session, op.code, Release(today=dt.date(2021, 1, 1)))
    top = values(report.headline)
    assert top[Metrics.IVORY_KG] == (100.0, "")
    assert top[Metrics.PANGOLIN_SCALES_KG] == (500.0, "")
    assert top[Metrics.TIMBER_M3] == (12.5, "")
    assert top[Metrics.LIVE_ANIMALS] == (60.0, "")  # live plants are not animals
    flagships = report.flagships
    assert (flagships[FlagshipColumns.SCIENTIFIC_NAME] == "Loxodonta africana").any()


def test_delay_hides_a_live_operation(engine: Engine) -> None:
    today = dt.date(2024, 6, 20)
    with sessions(engine) as session:
        op = add_operation(session, start=today - dt.timedelta(days=9), days=28,
                           status="active")
        for back in (9, 8, 7, 6, 5, 1, 1, 1, 1, 1, 1, 0):
            add_seizure(session, op, date=today - dt.timedelta(days=back))
        after_end = Release(delay_days=-1, today=today)
        assert op.code not in {o.code for o in impact.releasable_operations(session,
                                                                             after_end)}
        assert impact.impact_report(session, op.code, after_end) is None
        # Three days' delay: the release point is midnight of the 17th, so seizures up to
        # the 16th only, and the report says so; with none, up to yesterday.
        delayed = impact.impact_report(session, op.code, Release(delay_days=3, today=today))
        same_day = impact.impact_report(session, op.code, Release(delay_days=0, today=today))
        # An operation that has not started yet has nothing to release.
        later = add_operation(session, start=today + dt.timedelta(days=3), status="planned")
        assert impact.released_operation(session, later.code,
                                         Release(delay_days=0, today=today)) is None
    assert delayed.operation.released_to == today - dt.timedelta(days=4)
    assert not delayed.operation.complete and delayed.operation.released_days == 6
    assert values(delayed.headline)[Metrics.SEIZURES] == (5.0, "")
    assert len(delayed.daily) == 6
    assert values(same_day.headline)[Metrics.SEIZURES] == (11.0, "")


def test_ended_operation_is_released_after_its_end(engine: Engine) -> None:
    start = dt.date(2019, 2, 1)
    with sessions(engine) as session:
        op = add_operation(session, start=start, days=5, status="active")
        add_seizure(session, op)
        on_last_day = Release(today=start + dt.timedelta(days=4))
        day_after = Release(today=start + dt.timedelta(days=5))
        assert impact.released_operation(session, op.code, on_last_day) is None
        released = impact.released_operation(session, op.code, day_after)
    assert released is not None and released.complete and released.released_days == 5


def test_comparison_aligns_earlier_operations_by_day(engine: Engine) -> None:
    with sessions(engine) as session:
        older = add_operation(session, start=dt.date(2010, 7, 1), days=6)
        newer = add_operation(session, start=dt.date(2011, 7, 4), days=8)
        for day in (0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1):
            add_seizure(session, older, date=older.start_date + dt.timedelta(days=day))
        for day in (0, 0, 0, 0, 0, 0, 2):
            add_seizure(session, newer, date=newer.start_date + dt.timedelta(days=day))
        report = impact.impact_report(session, newer.code, Release(today=dt.date(2012, 1, 1)),
                                      compare=5)
    assert report.compared[0] == newer.code and older.code in report.compared
    curve = report.comparison_daily
    old = curve[curve[ComparisonColumns.CODE] == older.code].set_index(ComparisonColumns.DAY)
    new = curve[curve[ComparisonColumns.CODE] == newer.code].set_index(ComparisonColumns.DAY)
    assert old.loc[1, ComparisonColumns.SEIZURES] == 5
    assert old.loc[2, ComparisonColumns.SEIZURES] == 6
    assert len(old) == 6 and len(new) == 8
    assert new.loc[3, ComparisonColumns.SUPPRESSED] == Suppression.SMALL
    table = report.comparison
    seizures = table[table[ComparisonColumns.METRIC] == Metrics.SEIZURES].set_index(
        ComparisonColumns.CODE)[ComparisonColumns.VALUE]
    assert seizures[older.code] == 11 and seizures[newer.code] == 7


def test_no_free_text_or_places_leave_the_database(engine: Engine) -> None:
    """Every statement the module sends is an aggregate and names no forbidden column, and
    the frames it returns hold only documented aggregate columns."""
    statements: list[str] = []

    def capture(_conn, _cursor, statement, _params, _context, _many) -> None:
        statements.append(statement)

    with sessions(engine) as session:
        op = add_operation(session, start=dt.date(2018, 9, 1))
        for _i in range(6):
            add_seizure(session, op, items=(ivory(session),), arrests=1)
        session.flush()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            release = Release(today=dt.date(2019, 1, 1))
            report = impact.impact_report(session, op.code, release)
            impact.releasable_operations(session, release)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    assert statements
    for statement in statements:
        lowered = statement.lower()
        for word in FORBIDDEN_SQL:
            assert word not in lowered, (word, statement)
        if "seizures" in lowered:
            assert re.search(r"\b(count|sum)\s*\(", lowered), statement
    frames = [report.headline, report.countries, report.groups, report.flagships,
              report.daily, report.comparison, report.comparison_daily]
    for frame in frames:
        assert set(frame.columns) <= ALLOWED_COLUMNS, frame.columns
        text = frame.to_json(default_handler=str)
        assert SECRET_NOTE not in text and SECRET_PLACE not in text
        assert "KE-REF" not in text and "Jane Secret" not in text


def test_suppress_hides_nothing_when_no_count_is_small() -> None:
    frame = pd.DataFrame({"n": [9, 5, 0], "flag": ["", "", ""]})
    out = impact.suppress(frame, "n", "flag", 5)
    assert out["n"].tolist() == [9, 5, 0] and set(out["flag"]) == {""}
    two = impact.suppress(pd.DataFrame({"n": [9, 2, 3], "flag": ""}), "n", "flag", 5)
    assert two["flag"].tolist() == ["", "small", "small"]


# --- the demo operations -------------------------------------------------------------------

def test_demo_releases_only_the_closed_operations(demo_db_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    try:
        with sessions(engine) as session:
            released = impact.releasable_operations(session, Release(today=DEMO_TODAY))
            assert [op.code for op in released] == [LAST_YEAR, "THUNDER-2024"]
            report = impact.impact_report(session, LAST_YEAR, Release(today=DEMO_TODAY))
            total = session.execute(select(Seizure).where(
                Seizure.operation_id == report.operation.id)).scalars().all()
    finally:
        engine.dispose()
    top = values(report.headline)
    assert top[Metrics.SEIZURES][0] == len(total)
    assert report.compared == (LAST_YEAR, "THUNDER-2024")
    countries = report.countries
    published = countries[CountryColumns.SEIZURES].dropna()
    assert published.sum() < len(total)
    assert (published == 0).any() or (published >= 5).all()
    assert not ((published > 0) & (published < 5)).any()
    assert countries[CountryColumns.SUPPRESSED].eq(Suppression.SMALL).any()


# --- callbacks -----------------------------------------------------------------------------

def demo_secrets(demo_db_path: Path) -> dict[str, list[str]]:
    """Strings of the demo database that must never reach a donor."""
    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    try:
        with Session(engine) as session:
            references = list(session.execute(select(Seizure.national_reference)).scalars())
            notes = [n for n in session.execute(select(Seizure.notes).distinct()).scalars()
                     if n and len(n) > 6]
            hidden = [c for c in session.execute(select(Seizure.concealment).distinct())
                      .scalars() if c and len(c) > 6]
            places = list(session.execute(select(Location.code, Location.name)).all())
    finally:
        engine.dispose()
    return {"references": references, "notes": notes, "concealment": hidden,
            "place_codes": [p[0] for p in places if len(p[0]) != 3],
            "place_names": [p[1] for p in places if len(p[1]) > 12]}


def assert_sanitised(text: str, secrets: dict[str, list[str]]) -> None:
    """No national reference, note, concealment, place or coordinate in a response."""
    assert not NATIONAL_REFERENCE.search(text), NATIONAL_REFERENCE.search(text)
    assert f"KE-{DEMO_TODAY.year}-" not in text and "KE-2025-" not in text
    for kind in ("notes", "concealment", "place_codes", "place_names"):
        for secret in secrets[kind]:
            assert f'"{secret}"' not in text and f">{secret}<" not in text, (kind, secret)
    for key in ('"lat"', '"lon"', '"latitude"', '"longitude"', "h3_"):
        assert key not in text


def test_operations_offered_are_the_released_ones(dash_app) -> None:
    from dashboard.callbacks.impact import impact_choices

    with dash_app.server.test_request_context():
        options, value = impact_choices("/impact", "")
        assert [o["value"] for o in options] == [LAST_YEAR, "THUNDER-2024"]
        assert value == LAST_YEAR
        assert impact_choices("/impact", "?operation=THUNDER-2024")[1] == "THUNDER-2024"
        # The live operation is not offered, even when asked for by URL.
        assert impact_choices("/impact", f"?operation={ACTIVE}")[1] == LAST_YEAR


def test_report_callback_is_sanitised(dash_app, demo_db_path) -> None:
    from dashboard.callbacks.impact import show_impact

    secrets = demo_secrets(demo_db_path)
    with dash_app.server.test_request_context():
        body, csv_href, pdf_href = show_impact(LAST_YEAR)
    text = json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder)
    assert_sanitised(text, secrets)
    assert "Thunder 2025 (demo)" in text and "Final results" in text
    assert "Thunder 2024 (demo)" in text  # the comparison
    assert "<5" in text
    assert csv_href == f"/impact/export.csv?operation={LAST_YEAR}"
    assert pdf_href == f"/impact/report.pdf?operation={LAST_YEAR}"
    tree = as_component(body)
    graphs = [c for c in (tree, *tree._traverse()) if isinstance(c, dcc.Graph)]
    figures = [as_figure(graph.figure) for graph in graphs]  # plotly validates each
    assert [f.data[0].type for f in figures] == ["choropleth", "bar", "bar", "bar", "scatter"]
    withheld = [t for f in figures for t in f.data if t.name == "Withheld"]
    assert withheld and all(t.marker.pattern.shape == "/" for t in withheld
                            if t.type == "bar")


def test_live_operation_is_not_shown(dash_app) -> None:
    from dashboard.callbacks.impact import show_impact

    with dash_app.server.test_request_context():
        body, csv_href, pdf_href = show_impact(ACTIVE)
        nothing = show_impact(None)
    assert "No published results" in json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder)
    assert csv_href is None and pdf_href is None
    assert "No results published yet" in json.dumps(nothing[0],
                                                    cls=plotly.utils.PlotlyJSONEncoder)


def test_report_in_french(dash_app) -> None:
    from dashboard.callbacks.impact import show_impact

    with dash_app.server.test_request_context(headers={"Accept-Language": "fr"}):
        body, _csv, _pdf = show_impact(LAST_YEAR)
    text = json.dumps(body, cls=plotly.utils.PlotlyJSONEncoder)
    assert "Saisies" in text


def dash_request(output: str, outputs: list[dict], inputs: list[dict]) -> dict:
    """A /_dash-update-component body as the browser sends it."""
    return {"output": output, "outputs": outputs, "inputs": inputs, "state": [],
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}


REPORT_REQUEST = dash_request(
    f"..{ids.IMPACT_BODY}.children...{ids.IMPACT_CSV}.href...{ids.IMPACT_PDF}.href..",
    [{"id": ids.IMPACT_BODY, "property": "children"},
     {"id": ids.IMPACT_CSV, "property": "href"},
     {"id": ids.IMPACT_PDF, "property": "href"}],
    [{"id": ids.IMPACT_OPERATION, "property": "value", "value": LAST_YEAR}],
)


@pytest.mark.parametrize("username", ["donor", "fp-ken", "commander", "admin"])
def test_raw_callback_response_is_sanitised(dash_app, demo_db_path, username) -> None:
    client = dash_app.server.test_client()
    assert login(client, username).status_code == 302
    response = client.post("/_dash-update-component", json=REPORT_REQUEST)
    assert response.status_code == 200, response.data[:300]
    text = response.get_data(as_text=True)
    assert "Thunder 2025 (demo)" in text
    assert_sanitised(text, demo_secrets(demo_db_path))


def test_donor_sees_only_the_impact_page(dash_app) -> None:
    client = dash_app.server.test_client()
    response = login(client, "donor")
    assert response.headers["Location"] == "/impact"
    assert client.get("/impact").status_code == 200
    assert client.get("/").status_code == 403
    for role_user in ("fp-ken", "commander", "admin"):
        other = dash_app.server.test_client()
        login(other, role_user)
        assert other.get("/impact").status_code == 200


def test_anonymous_visitors_need_an_account_unless_published(dash_app, app_settings,
                                                            monkeypatch) -> None:
    from dashboard.server import auth

    client = dash_app.server.test_client()
    page = client.get("/impact")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert client.post("/_dash-update-component", json=REPORT_REQUEST).status_code == 401

    public = replace(app_settings, impact=replace(app_settings.impact, public=True))
    original = auth.guard_request
    monkeypatch.setattr(auth, "guard_request", lambda app, _settings: original(app, public))
    monkeypatch.setitem(dash_app.server.config, SETTINGS_KEY, public)
    assert client.get("/impact").status_code == 200
    response = client.post("/_dash-update-component", json=REPORT_REQUEST)
    assert response.status_code == 200
    assert "Thunder 2025 (demo)" in response.get_data(as_text=True)
    # Other pages and callbacks stay closed.
    assert client.get("/").status_code == 302


def test_reports_are_cached_until_the_data_changes(dash_app, monkeypatch) -> None:
    from dashboard.server import cache, impact_reports

    counted = []
    count = impact_reports.impact.impact_report

    def counting(*args, **kwargs):
        counted.append(args[1])
        return count(*args, **kwargs)

    monkeypatch.setattr(impact_reports.impact, "impact_report", counting)
    dash_app.server.extensions[cache.EXTENSION_KEY].clear()
    with dash_app.server.test_request_context():
        first = impact_reports.load_report(LAST_YEAR)
        again = impact_reports.load_report(LAST_YEAR)
        assert counted == [LAST_YEAR]  # the second one came from the app's cache
        assert again.headline.equals(first.headline)
        assert impact_reports.load_report("THUNDER-2024").operation.code == "THUNDER-2024"
        assert impact_reports.load_report(ACTIVE) is None
        monkeypatch.setattr(impact_reports.filter_options, "data_version",
                            lambda _session, _operation_id: "edited since")
        changed = impact_reports.load_report(LAST_YEAR)
    assert counted == [LAST_YEAR, "THUNDER-2024", LAST_YEAR]
    assert changed.headline.equals(first.headline)


# --- downloads ---------------------------------------------------------------------------

def ensure_export_routes(server) -> None:
    """The app factory registers the downloads' blueprint."""
    from dashboard.server import impact_downloads as impact_export

    assert impact_export.CSV_ENDPOINT in server.view_functions
    assert impact_export.PDF_ENDPOINT in server.view_functions


@pytest.fixture
def export_server(dash_app):
    """The app's server with the impact downloads."""
    ensure_export_routes(dash_app.server)
    return dash_app.server


def test_csv_export_is_sanitised(export_server, demo_db_path) -> None:
    client = export_server.test_client()
    login(client, "donor")
    response = client.get(f"/impact/export.csv?operation={LAST_YEAR}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8-sig")
    assert_sanitised(text, demo_secrets(demo_db_path))
    rows = list(csv.DictReader(io.StringIO(text)))
    sections = {r["section"] for r in rows}
    assert {"operation", "headline", "country", "species_group", "day", "comparison",
            "comparison_day"} <= sections
    headline = {r["key"]: r for r in rows if r["section"] == "headline"}
    assert float(headline["seizures"]["value"]) > 100
    small = [r for r in rows if r["section"] == "country" and r["shown_as"] == "<5"]
    assert small and all(r["value"] == "" for r in small)
    for r in rows:
        if r["section"] == "country" and r["value"]:
            assert float(r["value"]) == 0 or float(r["value"]) >= 5


def test_pdf_report_is_made_on_the_server(export_server) -> None:
    client = export_server.test_client()
    login(client, "fp-ken")
    response = client.get(f"/impact/report.pdf?operation={LAST_YEAR}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and len(response.data) > 5_000
    french = export_server.test_client()
    login(french, "donor")
    french.set_cookie("jointops_lang", "fr")
    assert french.get(f"/impact/report.pdf?operation={LAST_YEAR}").status_code == 200


def test_downloads_refuse_what_is_not_released(export_server) -> None:
    client = export_server.test_client()
    login(client, "donor")
    assert client.get(f"/impact/export.csv?operation={ACTIVE}").status_code == 404
    assert client.get("/impact/report.pdf?operation=NOPE").status_code == 404
    assert client.get("/impact/export.csv").status_code == 404


def test_downloads_need_an_account_unless_published(export_server, app_settings,
                                                   monkeypatch) -> None:
    from dashboard.server import impact_downloads as impact_export

    anonymous = export_server.test_client()
    for path in ("/impact/export.csv", "/impact/report.pdf"):
        response = anonymous.get(f"{path}?operation={LAST_YEAR}")
        assert response.status_code in (302, 401, 403)
        assert not response.data.startswith(b"%PDF") and b"headline" not in response.data
    # The routes check on their own too (whatever the guard in front of them lets through).
    with export_server.test_request_context(f"/impact/export.csv?operation={LAST_YEAR}"):
        assert impact_export.export_csv_view().status_code == 403
    public = replace(app_settings, impact=replace(app_settings.impact, public=True))
    monkeypatch.setitem(export_server.config, SETTINGS_KEY, public)
    with export_server.test_request_context(f"/impact/report.pdf?operation={LAST_YEAR}"):
        response = impact_export.report_pdf_view()
        assert response.status_code == 200 and response.data.startswith(b"%PDF")


# --- the donor's journey -------------------------------------------------------------------

@pytest.mark.browser
def test_donor_sees_only_the_impact_page_and_prints_it(signed_in_as, watched_page, live_server,
                                                       dash_app,
                                                       tmp_path):
    ensure_export_routes(dash_app.server)
    page, _watch = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in_as(page, "donor")
    expect(page).to_have_url(re.compile(r"/impact$"))
    nav_links = page.locator(f"#{ids.NAVBAR} .nav-link")
    expect(nav_links).to_have_count(1)
    expect(nav_links.first).to_have_text("Impact")
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible(
        timeout=15_000)
    expect(page.get_by_text("Final results: all 30 days of the operation.")).to_be_visible()
    expect(page.get_by_text("Compared with earlier operations")).to_be_visible()
    page.wait_for_selector(".impact-report .js-plotly-plot .main-svg")
    expect(page.locator(f"#{ids.IMPACT_PDF}")).to_have_attribute(
        "href", f"/impact/report.pdf?operation={LAST_YEAR}")
    page.screenshot(path=str(tmp_path / "donor-screen.png"), full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(f"#{ids.NAVBAR}")).to_be_hidden()
    expect(page.locator(f"#{ids.IMPACT_CONTROLS}")).to_be_hidden()
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "donor-print.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (tmp_path / "donor-print.pdf").write_bytes(pdf)
