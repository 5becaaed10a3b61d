"""Overview page: callbacks called as plain functions, and the commander's journey in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import dash
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks.filters import filter_choices, filters_to_url
from dashboard.callbacks.overview import overview_heartbeat, show_headline
from tests.auth_helpers import browser_login
from tests.conftest import DEMO_TODAY

ACTIVE = f"THUNDER-{DEMO_TODAY.year}"


def text_of(component) -> str:
    """All text inside a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_operations_are_offered_and_the_active_one_chosen(dash_app) -> None:
    with dash_app.server.test_request_context():
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


def test_filters_go_into_the_url_and_reset_keeps_the_operation(dash_app) -> None:
    with dash_app.server.test_request_context():
        search = filters_to_url(ACTIVE, "2026-11-12T00:00:00", None, ["ESA", "WCA"], [],
                                ["mammals"], [], ["road"], None, "")
        assert search == f"?operation={ACTIVE}&from=2026-11-12&region=ESA,WCA&group=mammals" \
                         "&mode=road"
        with pytest.raises(PreventUpdate):
            filters_to_url(ACTIVE, "2026-11-12", None, ["ESA", "WCA"], [], ["mammals"], [],
                           ["road"], None, search)


def key_for(dash_app, search: str) -> dict:
    """The live key the heartbeat gives for a URL query."""
    with dash_app.server.test_request_context():
        key, updated = overview_heartbeat(search, 0, None)
    assert updated.startswith("updated ")
    return key


def test_headline_shows_day_and_counts(dash_app) -> None:
    with dash_app.server.test_request_context():
        body = show_headline(key_for(dash_app, f"?operation={ACTIVE}"))
    text = text_of(body)
    assert f"Thunder {DEMO_TODAY.year} (demo)" in text
    assert "Day 18 of 28" in text and "10 days left" in text
    assert "Demo data" in text
    assert re.search(r"Seizures\s+800", text)


def test_headline_counts_follow_the_filters(dash_app) -> None:
    with dash_app.server.test_request_context():
        everything = show_headline(key_for(dash_app, f"?operation={ACTIVE}"))
        mammals = show_headline(key_for(dash_app, f"?operation={ACTIVE}&group=mammals"))
    total = int(re.search(r"Seizures\s+(\d+)", text_of(everything)).group(1))
    some = int(re.search(r"Seizures\s+(\d+)", text_of(mammals)).group(1))
    assert 0 < some < total


def test_refresh_without_new_data_sends_nothing(dash_app) -> None:
    key = key_for(dash_app, f"?operation={ACTIVE}")
    with dash_app.server.test_request_context():
        again, updated = overview_heartbeat(f"?operation={ACTIVE}", 1, key)
    assert again is dash.no_update
    assert updated.startswith("updated ")
    changed = key_for(dash_app, f"?operation={ACTIVE}&mode=road")
    assert changed != key


def test_headline_in_french_and_for_a_closed_operation(dash_app) -> None:
    key = key_for(dash_app, "?operation=THUNDER-2025")
    with dash_app.server.test_request_context(headers={"Accept-Language": "fr"}):
        body = show_headline(key)
    text = text_of(body)
    assert "Terminée le" in text and "Clôturée" in text and "Saisies" in text


def test_unknown_operation_gives_a_clear_message(dash_app) -> None:
    with dash_app.server.test_request_context():
        body = show_headline(key_for(dash_app, "?operation=NOPE"))
        assert "does not exist" in text_of(body)


@pytest.mark.browser
def test_commander_opens_overview_and_reads_the_operation_state(watched_page, live_server):
    page, watch = watched_page
    browser_login(page, live_server, "commander")
    expect(page.get_by_role("heading", name=f"Thunder {DEMO_TODAY.year} (demo)")).to_be_visible()
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()
    expect(page.get_by_text("Countries reported today")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^updated \d\d:\d\d:\d\d$"))).to_be_visible()
    assert any("/assets/vendor/bootstrap.min.css" in url for url in watch.requests)


@pytest.mark.browser
def test_commander_switches_language_and_stays_on_the_page(watched_page, live_server):
    page, _watch = watched_page
    browser_login(page, live_server, "commander")
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()
    page.get_by_role("link", name="FR").click()
    expect(page.get_by_text("Jour 18 sur 28")).to_be_visible()
    expect(page.get_by_text("Pays ayant rendu compte aujourd'hui")).to_be_visible()
    page.get_by_role("link", name="PT").click()
    expect(page.get_by_text("Dia 18 de 28")).to_be_visible()
    page.get_by_role("link", name="EN").click()
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()


@pytest.mark.browser
def test_commander_picks_a_closed_operation(watched_page, live_server):
    page, _watch = watched_page
    browser_login(page, live_server, "commander")
    expect(page.get_by_text("Day 18 of 28")).to_be_visible()
    page.locator(f"#{ids.OPERATION_PICKER}").click()
    page.locator(".dash-dropdown-option", has_text="Thunder 2025 (demo)").click()
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible()
    expect(page.get_by_text(re.compile("^Ended on"))).to_be_visible()
