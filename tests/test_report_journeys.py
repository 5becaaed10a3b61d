"""Focal points at work on /report in headless Chromium: a two-item seizure entered in
French and found in "Our entries", a nil return, and a mistake corrected, edited and
withdrawn. Each journey writes into an operation of its own (tests/report_helpers.py), so
the shared demo data other tests count stays as it was."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dashboard import ids
from data_access.entry_rules import country_today
from data_access.models import DailyReport
from tests.auth_helpers import browser_login, language_restored
from tests.report_helpers import OwnOperation, seizures_of

WAIT = 15_000
GRID = f"#{ids.REPORT_GRID}"


def pick(page: Page, label: str, option: str, *, typed: str | None = None, nth: int = 0,
         exact: bool = False) -> None:
    """Choose in a dropdown found by its label, typing to search when asked."""
    page.get_by_label(label, exact=exact).nth(nth).click()
    if typed:
        page.locator(".dash-dropdown-search").fill(typed)
    page.locator(".dash-dropdown-option", has_text=option).first.click()
    if page.locator(".dash-dropdown-search").count():
        page.keyboard.press("Escape")


def select_row(page: Page, reference: str) -> None:
    """Tick a seizure in Our entries (again if a grid refresh cleared the tick)."""
    edit = page.get_by_role("button", name="Edit the selected seizure")
    page.wait_for_load_state("networkidle")  # a grid refresh in flight would clear the tick
    for _attempt in range(3):
        row = page.locator(f"{GRID} .ag-row", has_text=reference)
        checkbox = row.locator("input[type=checkbox]").first
        if not checkbox.is_checked():
            checkbox.click()
        try:
            expect(edit).to_be_enabled(timeout=3_000)
            return
        except AssertionError:
            continue
    expect(edit).to_be_enabled()


def open_entry_page(page: Page, live_server: str, own: OwnOperation, language: str) -> None:
    """Sign in as Kenya's focal point, in a language, on the entry page of `own`."""
    browser_login(page, live_server, "fp-ken", path="/report")
    page.goto(f"{live_server}/lang/{language}?next=/report")
    operation_label = {"fr": "Opération", "en": "Operation"}[language]
    pick(page, operation_label, own.name)
    expect(page.locator(f"#{ids.REPORT_COUNTRY}")).to_contain_text("KEN", timeout=WAIT)


@pytest.mark.browser
def test_focal_point_enters_a_two_item_seizure_in_french_and_finds_it_in_our_entries(
        watched_page, live_server, own_operation, demo_db_path):
    page, _watch = watched_page
    with language_restored(demo_db_path, "fp-ken"):
        open_entry_page(page, live_server, own_operation, "fr")
        expect(page.get_by_role("heading", name="Déclarer des saisies")).to_be_visible()
        page.get_by_label("Référence nationale").fill("KE-FR-0001")
        pick(page, "Point de saisie", "Exportation")
        pick(page, "Mode de transport", "Passager aérien")
        pick(page, "Méthode de détection", "Rayons X")
        page.get_by_text("Niveau pays seulement").click()
        # Species are found by their French common names.
        pick(page, "Espèces", "Loxodonta africana", typed="éléphant d'afrique")
        pick(page, "Terme CITES (ce qui a été saisi)", "(TUS)", typed="TUS")
        page.get_by_label("Quantité").fill("12,5".replace(",", "."))
        pick(page, "Unité", "(KIL)")
        page.get_by_role("button", name="Ajouter un autre article").click()
        expect(page.locator(".jo-item-line")).to_have_count(2)
        pick(page, "Espèces", "Manis", typed="pangolin", nth=1)
        pick(page, "Terme CITES (ce qui a été saisi)", "(SCA)", typed="SCA", nth=1)
        page.get_by_label("Quantité").nth(1).fill("30")
        pick(page, "Unité", "(KIL)", nth=1)
        page.get_by_role("button", name="Enregistrer la saisie").click()
        expect(page.get_by_text(re.compile("Saisie KE-FR-0001 enregistrée"))).to_be_visible(
            timeout=WAIT)
        # The form is empty again, ready for the next seizure; the grid lists the new one.
        expect(page.get_by_label("Référence nationale")).to_have_value("")
        row = page.locator(f"{GRID} .ag-row", has_text="KE-FR-0001")
        expect(row).to_be_visible(timeout=WAIT)
        expect(row).to_contain_text("Loxodonta africana; Manis")
        expect(row).to_contain_text("Provisoire")
    (seizure,) = seizures_of(own_operation)
    assert seizure.reporting_country == "KEN" and seizure.geo_precision == "country"
    assert sorted((i.term_code, i.quantity, i.unit_code) for i in seizure.items) == [
        ("SCA", 30.0, "KIL"), ("TUS", 12.5, "KIL")]


@pytest.mark.browser
def test_focal_point_submits_a_nil_return(watched_page, live_server, own_operation):
    page, _watch = watched_page
    open_entry_page(page, live_server, own_operation, "en")
    status = page.locator(f"#{ids.REPORT_DAY_STATUS}")
    expect(status).to_contain_text("Nothing reported yet", timeout=WAIT)
    page.get_by_role("button", name=re.compile("^Nil return for ")).click()
    expect(page.get_by_text("Nil return recorded.")).to_be_visible(timeout=WAIT)
    expect(status).to_contain_text("Nil return recorded for", timeout=WAIT)
    with own_operation.factory() as session:
        reports = session.execute(select(DailyReport.report_date, DailyReport.kind).where(
            DailyReport.operation_id == own_operation.operation_id)).all()
        kenya_today = country_today(session, "KEN")  # the page's default date
    assert reports == [(kenya_today, "nil")]


@pytest.mark.browser
def test_focal_point_corrects_a_mistake_then_edits_and_withdraws_the_seizure(
        watched_page, live_server, own_operation):
    page, _watch = watched_page
    open_entry_page(page, live_server, own_operation, "en")
    pick(page, "Seizure point", "Import")
    pick(page, "Transport mode", "Air cargo")
    pick(page, "Detection method", "Sniffer dog")
    page.get_by_text("Country level only").click()
    pick(page, "Species", "Loxodonta africana", typed="loxodonta afr")
    pick(page, "CITES term (what was seized)", "(TUS)", typed="TUS")
    page.get_by_label("Quantity").fill("-4")
    pick(page, "Unit", "(KIL)")
    page.get_by_role("button", name="Save seizure").click()
    # Errors next to the fields, nothing lost.
    expect(page.get_by_text("This field is required.")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("The quantity must be greater than zero.")).to_be_visible()
    expect(page.get_by_label("Quantity")).to_have_value("-4")
    assert seizures_of(own_operation) == []
    page.get_by_label("National reference").fill("KE-FIX-0001")
    page.get_by_label("Quantity").fill("4")
    page.get_by_role("button", name="Save seizure").click()
    expect(page.get_by_text(re.compile("Seizure KE-FIX-0001 saved"))).to_be_visible(
        timeout=WAIT)
    # Edit it from the grid.
    select_row(page, "KE-FIX-0001")
    page.get_by_role("button", name="Edit the selected seizure").click()
    expect(page.get_by_role("heading", name="Edit seizure KE-FIX-0001")).to_be_visible(
        timeout=WAIT)
    expect(page.get_by_label("Quantity")).to_have_value("4")
    page.get_by_label("Quantity").fill("6")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes to seizure KE-FIX-0001 saved.")).to_be_visible(
        timeout=WAIT)
    # Withdraw it, with a reason.
    # The grid refreshes after a save and drops the selection: wait for that first.
    expect(page.get_by_role("button", name="Edit the selected seizure")).to_be_disabled(
        timeout=WAIT)
    select_row(page, "KE-FIX-0001")
    page.get_by_label("Reason for withdrawing").fill("Entered twice")
    page.get_by_role("button", name="Withdraw the selected seizure").click()
    expect(page.get_by_text("Seizure KE-FIX-0001 withdrawn.")).to_be_visible(timeout=WAIT)
    expect(page.locator(f"{GRID} .ag-row", has_text="KE-FIX-0001")).to_have_count(0)
    (seizure,) = seizures_of(own_operation)
    assert seizure.deleted and seizure.deleted_reason == "Entered twice"
    assert seizure.version == 3 and seizure.items[0].quantity == 6
