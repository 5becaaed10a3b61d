"""The filter bar in the browser: a filter narrows what the page shows, goes into the URL,
survives a reload (a bookmark) and does not rebuild the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard import ids

CALLBACK_PATH = "/_dash-update-component"
# The headline once its figures have arrived (before that it holds only a placeholder).
FILLED = re.compile(r"Seizures\s*[\d,]+.*Distinct species\s*[\d,]+", re.S | re.I)


def _changed_text(page, locator, before: str, seconds: float = 15) -> str:
    """The locator's filled-in text once it differs from `before` (a loading overlay also
    changes the text for a moment, so both conditions are checked on the same reading)."""
    for _ in range(int(seconds * 5)):
        text = locator.text_content()
        if text != before and FILLED.search(text):
            return text
        page.wait_for_timeout(200)
    raise AssertionError(f"the text did not change from {before!r}")


@pytest.mark.browser
def test_commander_filters_overview_by_taxon_group_and_bookmarks_it(signed_in_as, watched_page,
                                                                    live_server):
    page, watch = watched_page
    signed_in_as(page, "commander")
    # Opened without ?operation=: the bar writes the active operation into the URL.
    expect(page).to_have_url(re.compile(r"\?operation=THUNDER-"), timeout=15_000)
    headline = page.locator(f"#{ids.OVERVIEW_HEADLINE}")
    expect(headline).to_have_text(FILLED)
    expect(page.get_by_text(re.compile(r"^updated \d\d:\d\d:\d\d$"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    before = headline.text_content()
    posts_before = sum(CALLBACK_PATH in url for url in watch.requests)

    page.locator(f"#{ids.FILTER_GROUPS}").click()
    page.locator(".dash-dropdown-option", has_text="Birds").click()
    expect(page).to_have_url(re.compile(r"[?&]group=birds"))
    filtered = _changed_text(page, headline, before)
    # One filter change: the URL callback, the heartbeat and the page's figures; the page
    # router does not rebuild the page (that would re-run the filter bar's choices too).
    posts = sum(CALLBACK_PATH in url for url in watch.requests) - posts_before
    assert posts <= 12, f"{posts} callback calls for one filter change"

    page.reload()
    expect(page.locator(f"#{ids.FILTER_GROUPS}")).to_contain_text("Birds")
    expect(headline).to_have_text(filtered)
