"""Overview page: callbacks called as plain functions, and the commander's journey in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.callbacks.overview import load_operations, show_headline
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
        options, value = load_operations("/", None)
        assert value == ACTIVE
        assert [o["value"] for o in options][0] == ACTIVE
        assert len(options) == 3
        _, kept = load_operations("/", "THUNDER-2025")
        assert kept == "THUNDER-2025"
        _, unknown = load_operations("/", "NOPE")
        assert unknown == ACTIVE


def test_headline_shows_day_and_counts(dash_app) -> None:
    with dash_app.server.test_request_context():
        body, updated = show_headline(ACTIVE, 0)
    text = text_of(body)
    assert f"Thunder {DEMO_TODAY.year} (demo)" in text
    assert "Day 18 of 28" in text and "10 days left" in text
    assert "Demo data" in text
    assert re.search(r"Seizures\s+800", text)
    assert updated.startswith("updated ")


def test_headline_in_french_and_for_a_closed_operation(dash_app) -> None:
    with dash_app.server.test_request_context(headers={"Accept-Language": "fr"}):
        body, _ = show_headline("THUNDER-2025", 0)
    text = text_of(body)
    assert "Terminée le" in text and "Clôturée" in text and "Saisies" in text


def test_unknown_or_missing_operation_gives_a_clear_message(dash_app) -> None:
    with dash_app.server.test_request_context():
        body, _ = show_headline("NOPE", 0)
        assert "does not exist" in text_of(body)
        empty, _ = show_headline(None, 0)
        assert "jointops demo" in text_of(empty)


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
    page.get_by_label("Operation").click()
    page.locator(".dash-dropdown-option", has_text="Thunder 2025 (demo)").click()
    expect(page.get_by_role("heading", name="Thunder 2025 (demo)")).to_be_visible()
    expect(page.get_by_text(re.compile("^Ended on"))).to_be_visible()
