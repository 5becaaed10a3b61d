"""Stored XSS: text that users typed (seizure notes, references, concealment, names of
people, operations, places and focal points) is shown as text on every page that shows it,
never run as a script, parsed as HTML or Markdown, or used as a link target
(the CVE-2024-21485 class of Dash href injection).

The payloads live in an operation of their own, created for this module and removed after
it, so no other test ever counts them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import dash
import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from dashboard import ids
from dashboard.access import page_allows
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import (
    AuditEvent,
    DailyReport,
    Location,
    Operation,
    OperationCountry,
    OperationLocation,
    Seizure,
    SeizureItem,
    Taxon,
    User,
)
from tests.auth_helpers import login
from tests.conftest import DEMO_TODAY
from tests.factories import unique
from tests.live_keys import LIVE_PAGES, live_key
from tests.test_access import ROLE_USERS, callback_request, user_callbacks

SCRIPT = '<script>alert("xss-script")</script>'
IMG = '<img src=x onerror=alert("xss-img")>'
JS_LINK = "javascript:alert('xss-link')"
MARKDOWN = ("[click me](javascript:alert('xss-md')) **bold** <b>bold</b> "
            '<a href="javascript:alert(5)">a</a>')
JS_HREF = re.compile(r"^\s*javascript:", re.IGNORECASE)

# Browser waits: a busy machine (two cores, several test runs) can stall Chromium.
WAIT = 30_000


@dataclass(frozen=True)
class Payloads:
    """What was planted where."""

    operation_code: str
    operation_name: str
    seizure_id: int
    location_id: int
    reference: str
    notes: str
    concealment: str
    location_name: str
    full_name: str
    focal_point_names: tuple[str, str]
    username: str


@pytest.fixture(scope="module")
def planted(demo_db_path) -> Iterator[Payloads]:
    """An operation whose every free text attacks. It is active (the reporting page lists
    focal points only while an operation runs) but started long before the demo operation,
    so it is never anyone's default."""
    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    factory = make_session_factory(engine)
    code = unique("XSS")
    names = (f"{IMG} Amina", f"{MARKDOWN} Chidi")
    with session_scope(factory) as session:
        operation = Operation(code=code, name=f"{SCRIPT} Operation {code}",
                              start_date=DEMO_TODAY - dt.timedelta(days=60),
                              end_date=DEMO_TODAY + dt.timedelta(days=5),
                              status="active", timezone="UTC")
        session.add(operation)
        session.flush()
        operation_id = operation.id
        session.add_all([
            OperationCountry(operation_id=operation.id, country_iso3="KEN",
                             focal_point_name=names[0], focal_point_contact=JS_LINK),
            OperationCountry(operation_id=operation.id, country_iso3="NGA",
                             focal_point_name=names[1], focal_point_contact=SCRIPT)])
        location = Location(code=unique("X")[:8].replace("-", ""), name=f"{IMG} Port",
                            kind="airport", country_iso3="KEN", latitude=-1.32,
                            longitude=36.93)
        session.add(location)
        session.flush()
        session.add(OperationLocation(operation_id=operation.id, location_id=location.id))
        user = User(username=unique("xss-fp").lower(), password_hash="x", role="focal_point",
                    country_iso3="KEN", full_name=f"{SCRIPT} {IMG}")
        session.add(user)
        session.flush()
        user_id = user.id
        taxon = session.execute(select(Taxon.id).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        reference = f"<img src=x onerror=alert(3)>{code[-4:]}"
        notes = f"{SCRIPT}\n{MARKDOWN}\n{IMG}"
        seizure = Seizure(operation_id=operation.id, reporting_country="KEN",
                          seizure_date=operation.start_date + dt.timedelta(days=1),
                          location_id=location.id,
                          latitude=-1.32, longitude=36.93, geo_precision="location",
                          seizure_point="export", transport_mode="air_passenger",
                          detection_method="x_ray", concealment=JS_LINK,
                          national_reference=reference, notes=notes, created_by=user.id,
                          updated_by=user.id, status="provisional")
        seizure.items.append(SeizureItem(taxon_id=taxon, term_code="TUS", quantity=3,
                                         unit_code="KIL", base_quantity=3, base_class="mass"))
        session.add(seizure)
        session.flush()
        session.add(DailyReport(operation_id=operation.id, country_iso3="KEN",
                                report_date=seizure.seizure_date, kind="report"))
        # As update_seizure would record an edit of the notes.
        session.add(AuditEvent(user_id=user.id, username=user.username,
                               action="seizure.update",
                               entity_type="seizure", entity_id=str(seizure.id),
                               before={"notes": "first notes", "concealment": ""},
                               after={"notes": notes, "concealment": JS_LINK}))
        payloads = Payloads(code, operation.name, seizure.id, location.id, reference, notes,
                            JS_LINK, location.name, user.full_name, names, user.username)
    yield payloads
    with session_scope(factory) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.entity_type == "seizure",
                                                 AuditEvent.entity_id == str(payloads.seizure_id)))
        session.execute(delete(AuditEvent).where(AuditEvent.user_id == user_id))
        for report in session.execute(select(DailyReport).where(
                DailyReport.operation_id == operation_id)).scalars():
            session.delete(report)  # through the ORM, so the summaries follow
        session.delete(session.get(Seizure, payloads.seizure_id))
        session.flush()
        session.execute(delete(OperationLocation).where(
            OperationLocation.operation_id == operation_id))
        session.delete(session.get(Operation, operation_id))
        session.flush()
        session.delete(session.get(Location, payloads.location_id))
        session.delete(session.get(User, user_id))
    engine.dispose()


# ---------------------------------------------------------------------------------------
# Raw callback responses


def _walk(node: Any) -> Iterator[dict]:
    """Every dict in a JSON document (components, props, figures)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def unsafe_parts(body: Any) -> list[str]:
    """Link targets with javascript:, components that render raw HTML, in a response."""
    found = []
    for node in _walk(body):
        for key in ("href", "src", "action", "formAction"):
            if isinstance(node.get(key), str) and JS_HREF.match(node[key]):
                found.append(f"{key}={node[key]}")
        if node.get("dangerously_allow_html") or "dangerouslySetInnerHTML" in node:
            found.append(f"raw html in {node.get('type', node)}")
        if node.get("type") in ("Markdown", "Iframe") and "props" in node:
            found.append(f"{node['type']} component")
    return found


def test_unsafe_parts_finds_what_it_looks_for() -> None:
    body = {"response": {"x": {"children": [
        {"type": "A", "namespace": "dash_html_components",
         "props": {"href": " JavaScript:alert(1)", "children": "x"}},
        {"type": "Markdown", "props": {"children": "**x**", "dangerously_allow_html": True}}]}}}
    assert len(unsafe_parts(body)) == 3
    assert unsafe_parts({"props": {"href": "/seizure?id=1", "children": JS_LINK}}) == []


def _strings(body: Any) -> set[str]:
    """Every string value in a JSON document."""
    out: set[str] = set()
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.add(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def test_map_side_panel_returns_names_as_plain_text(dash_app, planted: Payloads) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    output, entry = next((k, v) for k, v in user_callbacks(dash_app).items()
                         if k.startswith(f"{ids.MAP_PANEL}."))
    body = callback_request(output, entry)
    search = f"?operation={planted.operation_code}"
    for item in body["inputs"]:
        if item["property"] == "clickData":
            item["value"] = {"points": [{"customdata": ["port", str(planted.location_id)]}]}
        else:
            item["value"] = live_key(client, dash_app, ids.MAP_LIVE, search)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    payload = response.get_json()
    assert unsafe_parts(payload) == []
    strings = _strings(payload)
    # The port's name arrives as a text child, character for character.
    assert any(planted.location_name in s for s in strings), sorted(strings)[:40]


@pytest.mark.parametrize("role", ["admin", "commander"])
def test_no_callback_answers_with_a_javascript_link(dash_app, planted: Payloads,
                                                    role: str) -> None:
    """Every callback this role may call, fed the planted operation's URL and ids."""
    client = dash_app.server.test_client()
    login(client, ROLE_USERS[role])
    search = f"?operation={planted.operation_code}"
    keys = {live.version: live_key(client, dash_app, live, search) for live in LIVE_PAGES}
    answered = 0
    for output, entry in user_callbacks(dash_app).items():
        body = callback_request(output, entry)
        for item in body["inputs"] + body["state"]:
            if not isinstance(item, dict):
                continue
            prop = item["property"]
            if prop == "search":
                item["value"] = search
            elif prop == "data" and item["id"] == ids.SEIZURE_ID:
                item["value"] = planted.seizure_id
            elif prop == "data" and item["id"] in keys:
                item["value"] = keys[item["id"]]
            elif prop == "pathname":
                item["value"] = "/"
        response = client.post("/_dash-update-component", json=body)
        if response.status_code != 200:
            continue
        answered += 1
        assert unsafe_parts(response.get_json()) == [], output
    assert answered > 10


# ---------------------------------------------------------------------------------------
# In the browser


SETTLED = """() => document.readyState === 'complete'
  && document.querySelector('#_pages_content') !== null
  && document.querySelectorAll('[data-dash-is-loading="true"]').length === 0"""

DOM_CHECK = """() => {
  const attrs = ['href', 'src', 'action', 'formaction', 'xlink:href'];
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (v && /^\\s*javascript:/i.test(v)) bad.push(el.tagName + ' ' + a + '=' + v);
    }
    for (const at of el.attributes) {
      if (/^on/i.test(at.name)) bad.push(el.tagName + ' ' + at.name);
    }
  }
  const imgs = [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x');
  const scripts = [...document.scripts].filter(s => s.text.includes('xss-'));
  return {bad, imgs: imgs.length, scripts: scripts.length,
          bold: [...document.querySelectorAll('b, strong')]
                  .filter(b => b.textContent === 'bold').length};
}"""


class Visit:
    """A browser page that records dialogs and every callback response."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.responses: list = []
        page.on("dialog", self._dialog)
        page.on("response", lambda r: self.responses.append(r)
                if "/_dash-update-component" in r.url else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str, literal: str | None = None) -> None:
        """Open a page, wait until it has settled (or shows `literal`), then check it."""
        self.responses.clear()
        self.page.goto(self.base + path)
        if literal is not None:
            expect(self.page.get_by_text(literal, exact=False).first).to_be_attached(timeout=WAIT)
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(SETTLED, timeout=WAIT)
        found = self.page.evaluate(DOM_CHECK)
        assert found == {"bad": [], "imgs": 0, "scripts": 0, "bold": 0}, (path, found)
        assert self.dialogs == [], (path, self.dialogs)
        for response in self.responses:
            try:
                body = json.loads(response.body() or b"null")
            except Exception:  # noqa: BLE001 - a response the page dropped on navigation
                continue
            assert unsafe_parts(body) == [], (path, response.url)


def _pages_for(role: str) -> list[str]:
    return sorted(p["path"] for p in dash.page_registry.values() if page_allows(p, role))


@pytest.mark.browser
def test_payloads_show_as_text_on_every_page_a_commander_or_admin_opens(signed_in_as,
        watched_page, live_server, planted: Payloads) -> None:
    page, _watch = watched_page
    visit = Visit(page, live_server)
    signed_in_as(page, "admin", path="/impact")
    op = f"?operation={quote(planted.operation_code)}"
    # Pages that show the planted text: it must be there, as typed.
    literal_pages = {
        f"/{op}": planted.reference,
        f"/reporting{op}": planted.focal_point_names[0],
        f"/seizure?id={planted.seizure_id}": planted.concealment,
        "/admin/users": planted.full_name,
        "/admin/operations": planted.operation_name,
    }
    for path, literal in literal_pages.items():
        visit.open(path, literal)
    # The seizure page shows the notes (with their line breaks) and the edit in the history.
    visit.open(f"/seizure?id={planted.seizure_id}", planted.reference)
    notes = page.locator(".seizure-notes")
    assert notes.text_content() == planted.notes
    expect(page.locator(f"#{ids.SEIZURE_HISTORY}")).to_contain_text(SCRIPT, timeout=WAIT)
    detail = page.locator(f"#{ids.SEIZURE_DETAIL}")
    expect(detail).to_contain_text(planted.location_name, timeout=WAIT)
    # The latest entries link to the seizure by its id, never by the typed reference.
    visit.open(f"/{op}", planted.reference)
    link = page.locator(f"#{ids.OVERVIEW_LATEST} a", has_text=planted.reference)
    assert link.get_attribute("href") == f"/seizure?id={planted.seizure_id}"
    latest = page.locator(f"#{ids.OVERVIEW_LATEST}")
    expect(latest).to_contain_text(planted.location_name, timeout=WAIT)
    # Every other page the admin may open, on the planted operation where it has a filter.
    for path in _pages_for("admin"):
        visit.open(path + op)
    assert visit.dialogs == []


@pytest.mark.browser
def test_payloads_never_run_for_a_focal_point_or_a_donor(signed_in_as, watched_page, live_server,
                                                          planted: Payloads) -> None:
    page, _watch = watched_page
    visit = Visit(page, live_server)
    op = f"?operation={quote(planted.operation_code)}"
    for role in ("focal_point", "donor"):
        page.context.clear_cookies()
        signed_in_as(page, ROLE_USERS[role], path="/impact")
        for path in _pages_for(role):
            visit.open(path + op)
    assert visit.dialogs == []
