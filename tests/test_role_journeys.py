"""Each role in headless Chromium: signs in, sees exactly its menu, cannot open another
role's page by URL or by the app's own router; a donor prints the impact page."""

from __future__ import annotations

import re

import dash
import pytest
from playwright.sync_api import expect

from dashboard import ids
from dashboard.access import ALL_ROLES, page_allows
from dashboard.ui.shell import nav_pages
from tests.test_access import ROLE_USERS

# The menus as agreed, in order. A page registered in the menu that is not listed here
# fails the tests below, so adding one means deciding who sees it. "/report" (the focal
# points' entry page) is listed ahead of its arrival; pages not registered (yet) are left
# out of the comparison.
MENUS: dict[str, list[str]] = {
    "admin": ["/", "/map", "/species", "/daily", "/reporting", "/report", "/impact",
              "/admin/operations"],
    "commander": ["/", "/map", "/species", "/daily", "/reporting", "/report", "/impact"],
    "focal_point": ["/report", "/impact"],
    "donor": ["/impact"],
}
FORBIDDEN_TEXT = "You do not have access to this page."

# Browser waits: a busy machine (two cores, several test runs) can stall Chromium.
WAIT = 30_000


def expected_menu(role: str) -> list[str]:
    """The agreed menu, limited to the pages that exist."""
    paths = {p["path"] for p in dash.page_registry.values()}
    return [path for path in MENUS[role] if path in paths]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_menus_follow_the_page_declarations(dash_app, role: str) -> None:
    # The registry's declaration (what the navbar and the guard both read) is the agreed
    # menu, and every page in it may be opened by the role.
    derived = nav_pages(role)
    assert [p["path"] for p in derived] == expected_menu(role)
    assert all(page_allows(p, role) for p in derived)


@pytest.mark.browser
@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_sees_exactly_its_menu_and_nothing_else(signed_in_as, watched_page, live_server,
                                                          role: str) -> None:
    page, _watch = watched_page
    signed_in_as(page, ROLE_USERS[role])
    menu = page.locator(f"#{ids.NAV_COLLAPSE} .navbar-nav .nav-link")
    expect(menu.first).to_be_attached(timeout=WAIT)
    shown = [(link.get_attribute("href"), link.inner_text().strip()) for link in menu.all()]
    assert [href for href, _label in shown] == expected_menu(role)
    assert [label for _href, label in shown] == [p["name"] for p in nav_pages(role)]
    # Signed in, the user lands on the first page of their menu.
    assert page.url.removeprefix(live_server).split("?")[0] == expected_menu(role)[0]


@pytest.mark.browser
@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_cannot_open_other_roles_pages_by_url(signed_in_as, page, live_server,
                                                        role: str) -> None:
    signed_in_as(page, ROLE_USERS[role])
    forbidden = sorted(p["path"] for p in dash.page_registry.values()
                       if not page_allows(p, role))
    assert forbidden or role == "admin"
    for path in forbidden:
        response = page.goto(f"{live_server}{path}")
        assert response.status == 403, path
        expect(page.get_by_text(FORBIDDEN_TEXT)).to_be_visible(timeout=WAIT)
    allowed = sorted(p["path"] for p in dash.page_registry.values() if page_allows(p, role))
    for path in allowed:
        assert page.goto(f"{live_server}{path}").status == 200, path


@pytest.mark.browser
def test_donor_cannot_reach_the_command_centre_through_the_app_router(signed_in_as, page,
                                                                      live_server):
    signed_in_as(page, "donor")
    expect(page.locator(f"#{ids.NAVBAR}")).to_be_visible(timeout=WAIT)
    # Navigate inside the single-page app, as a crafted link would: the router's request
    # for the page is refused on the server and nothing of the page arrives.
    with page.expect_response(lambda r: "_dash-update-component" in r.url
                              and r.request.post_data is not None
                              and "_pages_content" in r.request.post_data
                              and '"/admin/users"' in r.request.post_data) as refused:
        page.evaluate("""() => {
            window.history.pushState({}, '', '/admin/users');
            window.dispatchEvent(new PopStateEvent('popstate'));
        }""")
    assert refused.value.status == 403
    assert page.locator(f"#{ids.ADMIN_USERS_TABLE}").count() == 0


@pytest.mark.browser
def test_donor_opens_the_impact_page_and_prints_it(signed_in_as, watched_page, live_server) -> None:
    page, _watch = watched_page
    signed_in_as(page, "donor", path="/impact")
    expect(page.locator(".impact-controls")).to_be_visible(timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
    expect(page.locator(f"#{ids.NAVBAR}")).to_be_visible(timeout=WAIT)
    page.emulate_media(media="print")
    # The print stylesheet keeps the report and drops the screen's furniture.
    expect(page.locator(f"#{ids.NAVBAR}")).to_be_hidden(timeout=WAIT)
    expect(page.locator(".impact-controls")).to_be_hidden(timeout=WAIT)
    for button in page.locator("main button, main .btn").all():
        expect(button).to_be_hidden(timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages
    page.emulate_media(media="screen")
    expect(page.locator(f"#{ids.NAVBAR}")).to_be_visible(timeout=WAIT)
