"""Overview page: callbacks called as plain functions, and the commander's journey in Chromium."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

import dash
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from playwright.sync_api import expect
from sqlalchemy import select

from dashboard import ids
from dashboard.callbacks.filters import filter_choices, filters_to_url
from dashboard.callbacks.overview import (
    overview_heartbeat,
    refresh_now,
    show_commodities,
    show_daily,
    show_headline,
    show_hotspots,
    show_latest,
)
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.filters import SeizureFilters
from data_access.models import Operation, Seizure, SeizureItem, Taxon
from data_access.queries import overview as queries
from geo.cells import cells_for_point
from tests.auth_helpers import language_restored
from tests.callback_outputs import as_component, as_figure, text_of
from tests.conftest import ACTIVE, DEMO_TODAY
from tests.factories import make_operation, make_seizure, unique
from tests.request_helpers import key_for, signed_in

# Time a page may take to show its figures (a loaded test machine needs more than 5 s).
PAGE_TIMEOUT = 20_000


@pytest.fixture(autouse=True)
def patient_expect():
    """Give expect() assertions of this module PAGE_TIMEOUT, then restore the default."""
    expect.set_options(timeout=PAGE_TIMEOUT)
    yield
    expect.set_options(timeout=None)



def test_operations_are_offered_and_the_active_one_chosen(dash_app) -> None:
    with signed_in(dash_app):
        options, value, regions, countries, groups, terms, modes, low, high = filter_choices(
            "/", "")
        assert value == ACTIVE
        assert [o["value"] for o in options][0] == ACTIVE
        assert len(options) == 3
        assert 120 <= len(countries) <= 140 and len(regions) == 6
        assert {"mammals", "reptiles"} <= {g["value"] for g in groups}
        assert any(t["value"] == "SCA" for t in terms)
        assert low < high
        kept = filter_choices("/", "?operation=THUNDER-2025")[1]
        assert kept == "THUNDER-2025"
        unknown = filter_choices("/", "?operation=NOPE")[1]
        assert unknown == ACTIVE


def test_filter_choices_follow_new_operations_and_data(dash_app, app_settings) -> None:
    """The choices are cached, under the operations and the operation's data version."""
    factory = make_session_factory(create_db_engine(app_settings.database.url))
    with session_scope(factory) as session:
        operation = make_operation(session, start=dt.date(2001, 3, 1), countries=("KEN",))
        code, operation_id = operation.code, operation.id
    try:
        with signed_in(dash_app):
            before = filter_choices("/", f"?operation={code}")
            assert before[1] == code and before[5] == []  # no seizures: no commodities yet
            assert filter_choices("/", f"?operation={code}") == before
        with session_scope(factory) as session:
            make_seizure(session, session.get(Operation, operation_id))
            session.get(Operation, operation_id).name = "Renamed operation"
        with signed_in(dash_app):
            after = filter_choices("/", f"?operation={code}")
        assert after[5] and after[5] != before[5]
        assert any(o["value"] == code and "Renamed operation" in str(o["label"])
                   for o in after[0])
    finally:  # the demo database is shared: leave its operations as they were
        with session_scope(factory) as session:
            for seizure in session.execute(select(Seizure).where(
                    Seizure.operation_id == operation_id)).scalars():
                session.delete(seizure)  # through the ORM, so the summaries follow
            session.flush()
            session.delete(session.get(Operation, operation_id))


@contextmanager
def triggered_by(prop_id: str):
    """Run a callback function as Dash would when `prop_id` ("id.prop") changed (it reads
    dash.ctx, which is only set inside a callback request)."""
    token = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id,
                                                               "value": None}]))
    try:
        yield
    finally:
        context_value.reset(token)


def test_filters_go_into_the_url_and_reset_keeps_the_operation(dash_app) -> None:
    with signed_in(dash_app), \
            triggered_by(f"{ids.FILTER_REGIONS}.value"):
        search = filters_to_url(ACTIVE, "2026-11-12T00:00:00", None, ["ESA", "WCA"], [],
                                ["mammals"], [], ["road"], None, "")
        assert search == f"?operation={ACTIVE}&from=2026-11-12&region=ESA,WCA&group=mammals" \
                         "&mode=road"
        with pytest.raises(PreventUpdate):
            filters_to_url(ACTIVE, "2026-11-12", None, ["ESA", "WCA"], [], ["mammals"], [],
                           ["road"], None, search)
    with signed_in(dash_app), triggered_by(f"{ids.FILTER_RESET}.n_clicks"):
        assert filters_to_url(ACTIVE, "2026-11-12", None, ["ESA"], [], [], [], [], 1,
                              search) == f"?operation={ACTIVE}"


def test_headline_shows_day_and_counts(dash_app) -> None:
    with signed_in(dash_app):
        body = show_headline(key_for(dash_app, overview_heartbeat, f"?operation={ACTIVE}"))
    text = text_of(body)
    assert f"Thunder {DEMO_TODAY.year} (demo)" in text
    assert "Day 18 of 28" in text and "10 days left" in text
    assert "Demo data" in text
    assert re.search(r"Seizures\s+800", text)


def test_headline_counts_follow_the_filters(dash_app) -> None:
    with signed_in(dash_app):
        everything = show_headline(key_for(dash_app, overview_heartbeat,
                                           f"?operation={ACTIVE}"))
        mammals = show_headline(key_for(dash_app, overview_heartbeat,
                                        f"?operation={ACTIVE}&group=mammals"))
    total = int(re.search(r"Seizures\s+(\d+)", text_of(everything)).group(1))
    some = int(re.search(r"Seizures\s+(\d+)", text_of(mammals)).group(1))
    assert 0 < some < total


def test_refresh_without_new_data_sends_nothing(dash_app) -> None:
    key = key_for(dash_app, overview_heartbeat, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        again, updated = overview_heartbeat(f"?operation={ACTIVE}", 1, key)
    assert again is dash.no_update
    assert updated.startswith("updated ")
    changed = key_for(dash_app, overview_heartbeat, f"?operation={ACTIVE}&mode=road")
    assert changed != key


def test_headline_in_french_and_for_a_closed_operation(dash_app) -> None:
    key = key_for(dash_app, overview_heartbeat, "?operation=THUNDER-2025")
    with signed_in(dash_app, headers={"Accept-Language": "fr"}):
        body = show_headline(key)
    text = text_of(body)
    assert "Terminée le" in text and "Clôturée" in text and "Saisies" in text


def test_unknown_operation_gives_a_clear_message(dash_app) -> None:
    with signed_in(dash_app):
        body = show_headline(key_for(dash_app, overview_heartbeat, "?operation=NOPE"))
        assert "does not exist" in text_of(body)


@pytest.mark.browser
def test_commander_opens_overview_and_reads_the_operation_state(signed_in_as, watched_page,
                                                                live_server):
    page, watch = watched_page
    signed_in_as(page, "commander")
    expect(page.get_by_role("heading", name=f"Thunder {DEMO_TODAY.year} (demo)")).to_be_visible()
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()
    expect(page.get_by_text("Countries reported today")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^updated \d\d:\d\d:\d\d$"))).to_be_visible()
    assert any("/assets/vendor/bootstrap.min.css" in url for url in watch.requests)


@pytest.mark.browser
def test_commander_switches_language_and_stays_on_the_page(signed_in_as, watched_page, live_server,
                                                           demo_db_path):
    page, _watch = watched_page
    with language_restored(demo_db_path, "commander"):
        signed_in_as(page, "commander")
        expect(page.get_by_text("Day 18 of 28")).to_be_visible()
        page.get_by_role("link", name="FR", exact=True).click()
        expect(page.get_by_text("Jour 18 sur 28")).to_be_visible()
        expect(page.get_by_text("Pays ayant rendu compte aujourd'hui")).to_be_visible()
        page.get_by_role("link", name="PT", exact=True).click()
        expect(page.get_by_text("Dia 18 de 28")).to_be_visible()
        page.get_by_role("link", name="EN", exact=True).click()
        expect(page.get_by_text("Day 18 of 28")).to_be_visible()


@pytest.mark.browser
def test_commander_picks_a_closed_operation(signed_in_as, watched_page, live_server):
    page, _watch = watched_page
    signed_in_as(page, "commander")
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()
    page.locator(f"#{ids.OPERATION_PICKER}").click()
    page.locator(".dash-dropdown-option", has_text="Thunder 2025 (demo)").click()
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible()
    expect(page.get_by_text(re.compile("^Ended on"))).to_be_visible()


# --- Commodities, daily tallies, hotspots and latest entries -------------------------------

def test_headline_commodities_query(engine) -> None:
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        operation = make_operation(session, days=5)
        taxa = dict(session.execute(select(Taxon.scientific_name, Taxon.id)).all())

        def item(name: str, term: str, quantity: float, unit: str, base: float | None,
                 base_class: str | None, live: bool = False) -> SeizureItem:
            return SeizureItem(taxon_id=taxa[name], term_code=term, quantity=quantity,
                               unit_code=unit, base_quantity=base, base_class=base_class,
                               is_live=live, position=2)

        first = make_seizure(session, operation, quantity=12.5)  # ivory TUS 12.5 KIL
        first.items[0].base_quantity, first.items[0].base_class = 12.5, "mass"
        first.items.append(item("Elephas maximus", "IVC", 2500, "GRM", 2.5, "mass"))
        first.items.append(item("Loxodonta africana", "TUS", 3, "NUM", 3, "count"))
        second = make_seizure(session, operation, country="NGA",
                              date=operation.start_date + dt.timedelta(days=2))
        second.items[0].base_quantity, second.items[0].base_class = 1.0, "mass"
        second.items.append(item("Phataginus tricuspis", "SCA", 80, "KIL", 80, "mass"))
        second.items.append(item("Phataginus tricuspis", "LIV", 2, "NUM", 2, "count", True))
        second.items.append(item("Psittacus erithacus", "LIV", 5, "KIL", 5, "mass", True))
        second.items.append(item("Orchidaceae", "LIV", 40, "NUM", 40, "count", True))
        second.items.append(item("Pterocarpus erinaceus", "TIM", 12, "CUM", 12, "volume"))
        second.items.append(item("Pterocarpus erinaceus", "TIM", 900, "KIL", 900, "mass"))
        second.latitude, second.longitude = -1.32, 36.93
        for column, cell in cells_for_point(-1.32, 36.93).items():
            setattr(second, column, cell)
        second.created_at = first.created_at + dt.timedelta(minutes=5)
        operation_id = operation.id
        start = operation.start_date
    with session_scope(factory) as session:
        filters = SeizureFilters(operation_id=operation_id)
        totals = queries.headline_commodities(session, filters)
        assert totals.ivory_kg == pytest.approx(12.5 + 2.5 + 1.0)
        assert totals.ivory_pieces == 3
        assert totals.pangolin_scales_kg == 80
        # Live plants are not live animals.
        assert totals.live_animals == 2 and totals.live_lines_by_mass == 1
        assert (totals.timber_m3, totals.timber_kg) == (12, 900)
        only_pangolins = queries.headline_commodities(
            session, SeizureFilters(operation_id=operation_id, terms=("SCA",)))
        assert only_pangolins.pangolin_scales_kg == 80 and only_pangolins.ivory_kg == 0

        daily = queries.daily_seizures(session, filters)
        assert len(daily) == 5
        assert list(daily[queries.DailyColumns.SEIZURES]) == [1, 0, 1, 0, 0]
        narrowed = queries.daily_seizures(session, SeizureFilters(
            operation_id=operation_id, date_from=start + dt.timedelta(days=1)))
        assert len(narrowed) == 4 and narrowed[queries.DailyColumns.SEIZURES].sum() == 1

        cells = queries.hotspot_cells(session, filters)
        assert len(cells) == 1 and cells[queries.HotspotColumns.SEIZURES].item() == 1
        assert abs(cells[queries.HotspotColumns.LAT].item() - -1.32) < 2

        latest = queries.latest_entries(session, filters)
        assert list(latest.seizures[queries.LatestColumns.ISO3]) == ["NGA", "KEN"]
        assert len(latest.items) == 10
        assert latest.timezone == "Africa/Nairobi"
        assert queries.latest_entries(session, SeizureFilters(operation_id=-1)).seizures.empty


def test_overview_cards_figures_and_latest_entries(dash_app) -> None:
    key = key_for(dash_app, overview_heartbeat, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        cards = text_of(show_commodities(key))
        daily = as_figure(show_daily(key))
        hotspots = as_figure(show_hotspots(key))
        latest = as_component(show_latest(key))
        assert refresh_now(1, 7) == 8 and refresh_now(1, None) == 1
    assert re.search(r"Ivory\s+[\d,.]+\s+kg", cards)
    assert re.search(r"Pangolin scales\s+[\d,.]+\s+kg", cards)
    assert "Live animals" in cards and re.search(r"Timber\s+[\d,.]+\s+m³", cards)
    bars = daily.data[0]
    assert len(bars.x) == 28 and sum(bars.y) == 800
    assert daily.layout.yaxis.title.text == "Seizures (count)"
    assert hotspots.data[0].type == "scattermap" and 0 < len(hotspots.data[0].lat) <= 400
    assert hotspots.layout.map.style == "white-bg"
    assert hotspots.data[0].mode == "markers"  # no text: no glyphs fetched
    assert len(daily.to_json()) < 20_000 and len(hotspots.to_json()) < 60_000
    rows = latest.children[2].children
    assert len(rows) == 10


def test_overview_empty_states(dash_app) -> None:
    key = key_for(dash_app, overview_heartbeat, f"?operation={ACTIVE}&country=ATA")
    with signed_in(dash_app):
        assert "No seizures" in as_figure(show_daily(key)).layout.annotations[0].text
        assert "No seizure" in as_figure(show_hotspots(key)).layout.annotations[0].text
        assert "No seizures" in text_of(show_latest(key))
        unknown = key_for(dash_app, overview_heartbeat, "?operation=NOPE")
        assert "No operation" in as_figure(show_daily(unknown)).layout.annotations[0].text


@pytest.mark.browser
def test_new_seizure_appears_on_the_overview_after_refresh(signed_in_as, watched_page, live_server,
                                                           demo_db_path):
    page, _watch = watched_page
    signed_in_as(page, "commander", path="/?operation=THUNDER-2025")
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible()
    cards = page.locator(f"#{ids.OVERVIEW_HEADLINE}")
    expect(cards).to_contain_text(re.compile(r"Seizures\s*[\d,]+"))
    before = int(re.search(r"Seizures\s*([\d,]+)", cards.text_content()).group(1)
                 .replace(",", ""))
    expect(page.locator(f"#{ids.OVERVIEW_HOTSPOTS} .main-svg").first).to_be_visible()

    reference = unique("LIVE")
    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    factory = make_session_factory(engine)
    try:
        with session_scope(factory) as session:
            operation = session.execute(
                select(Operation).where(Operation.code == "THUNDER-2025")).scalar_one()
            make_seizure(session, operation, country="KEN", reference=reference,
                         quantity=32.5, date=operation.end_date)
        # Driven by the "Refresh now" button instead of waiting for the 30-second timer.
        page.get_by_role("button", name="Refresh now").click()
        expect(cards).to_contain_text(re.compile(rf"Seizures\s*{before + 1:,}"))
        first_entry = page.locator(f"#{ids.OVERVIEW_LATEST} tbody tr").first
        expect(first_entry).to_contain_text(reference)
        expect(first_entry).to_contain_text("32.5 kg")
    finally:
        # Leave the closed operation as the other tests expect it (an ORM delete, so that
        # the summary tables follow, as they do every write).
        with session_scope(factory) as session:
            session.delete(session.execute(
                select(Seizure).where(Seizure.national_reference == reference)).scalar_one())
        engine.dispose()
