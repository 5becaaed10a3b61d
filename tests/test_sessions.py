"""Server-side sessions (issue 12, finding 2): logging out, or signing out everywhere,
ends the session for every copy of the cookie, on every worker."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.db import create_db_engine
from data_access.models import AuditEvent, User
from tests.auth_helpers import login, logout
from tests.factories import new_account
from tests.test_access import callback_request, user_callbacks

PASSWORD = "the right passphrase"
COOKIE = "session"


def _new_user(app_settings, role: str = "commander") -> str:
    return new_account(app_settings.database.url, PASSWORD, role)


def _copy_of_cookie(dash_app, client):
    """A second browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    thief = dash_app.server.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def _any_callback(dash_app, role: str = "commander") -> tuple[str, dict]:
    """A callback the role may call, and a well-formed request for it."""
    for output, entry in user_callbacks(dash_app).items():
        if role in (entry["callback"].jointops_roles or ()) and "language-link" in output:
            return output, callback_request(output, entry)
    raise AssertionError("no callback found")


def _events(app_settings, action: str, entity: str) -> list[AuditEvent]:
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        events = list(session.execute(select(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.entity_id == entity)).scalars())
    engine.dispose()
    return events


def test_copied_cookie_is_refused_after_logout(dash_app, app_settings) -> None:
    name = _new_user(app_settings)
    client = dash_app.server.test_client()
    assert login(client, name, PASSWORD).status_code == 302
    thief = _copy_of_cookie(dash_app, client)
    _output, body = _any_callback(dash_app)
    assert thief.get("/").status_code == 200
    assert thief.post("/_dash-update-component", json=body).status_code == 200
    assert logout(client).status_code == 302
    assert thief.get("/").status_code == 302
    assert thief.post("/_dash-update-component", json=body).status_code == 401
    assert thief.get("/_dash-layout").status_code == 401


def test_sign_out_everywhere_ends_every_session_of_the_user(dash_app, app_settings) -> None:
    name = _new_user(app_settings)
    laptop, phone, other = (dash_app.server.test_client() for _i in range(3))
    login(laptop, name, PASSWORD)
    login(phone, name, PASSWORD)
    login(other, "commander")
    copy = _copy_of_cookie(dash_app, phone)
    assert phone.get("/").status_code == 200
    assert logout(laptop, everywhere=True).status_code == 302
    for browser in (laptop, phone, copy):
        assert browser.get("/").status_code == 302
    assert other.get("/").status_code == 200  # someone else's session is untouched
    events = _events(app_settings, "auth.sign_out_everywhere", name)
    assert len(events) == 1 and events[0].username == name
    assert events[0].after["sessions_ended"] == 2
    # The user signs in again as usual.
    assert login(phone, name, PASSWORD).status_code == 302
    assert phone.get("/").status_code == 200


def test_sign_out_everywhere_needs_the_session_csrf_token(dash_app, app_settings) -> None:
    name = _new_user(app_settings)
    client = dash_app.server.test_client()
    login(client, name, PASSWORD)
    assert client.post("/logout/everywhere").status_code == 400
    assert client.post("/logout/everywhere", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/").status_code == 200
    client.get("/logout/everywhere")  # a link or an image from another site
    assert client.get("/").status_code == 200


def test_account_menu_posts_both_forms_with_the_csrf_token(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "donor")
    with client.session_transaction() as session:
        token = session["csrf_token"]
    forms = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Form":
                fields = json.dumps(props.get("children"))
                forms[props.get("action")] = (props.get("method"), token in fields)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(client.get("/_dash-layout").get_json())
    assert forms == {"/logout": ("post", True), "/logout/everywhere": ("post", True)}


def _sign_out_request(dash_app, username: str) -> dict:
    output = next(k for k in user_callbacks(dash_app) if k.startswith("admin-user-sign-out"))
    body = callback_request(output, user_callbacks(dash_app)[output])
    body["inputs"][0]["value"] = 1
    body["state"][0]["value"] = username
    return body


def test_admin_signs_a_user_out_everywhere(dash_app, app_settings) -> None:
    name = _new_user(app_settings, role="donor")
    user = dash_app.server.test_client()
    login(user, name, PASSWORD)
    admin = dash_app.server.test_client()
    login(admin, "admin")
    response = admin.post("/_dash-update-component", json=_sign_out_request(dash_app, name))
    assert response.status_code == 200
    assert "1 session ended" in response.get_data(as_text=True)
    assert user.get("/impact").status_code == 302
    assert admin.get("/admin/users").status_code == 200
    events = _events(app_settings, "user.sign_out_everywhere", name)
    assert [(e.username, e.after["sessions_ended"]) for e in events] == [("admin", 1)]


@pytest.mark.parametrize("role", ["commander", "donor", "focal_point"])
def test_only_administrators_sign_others_out(dash_app, app_settings, role: str) -> None:
    name = _new_user(app_settings, role="donor")
    user = dash_app.server.test_client()
    login(user, name, PASSWORD)
    caller = dash_app.server.test_client()
    login(caller, {"commander": "commander", "donor": "donor", "focal_point": "fp-ken"}[role])
    body = _sign_out_request(dash_app, name)
    assert caller.post("/_dash-update-component", json=body).status_code == 403
    assert user.get("/impact").status_code == 200


def test_disabling_revokes_the_rows_too(dash_app, app_settings) -> None:
    from data_access.login_sessions import count_user_sessions
    from data_access.users import disable_user

    name = _new_user(app_settings)
    client = dash_app.server.test_client()
    login(client, name, PASSWORD)
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session, session.begin():
        user_id = session.execute(select(User.id).where(User.username == name)).scalar_one()
        assert count_user_sessions(session, user_id) == 1
        disable_user(session, name)
    with Session(engine) as session:
        assert count_user_sessions(session, user_id) == 0
    engine.dispose()
    assert client.get("/").status_code == 302


@pytest.mark.browser
def test_user_signs_out_everywhere_from_the_account_menu(browser, live_server, app_settings
                                                         ) -> None:
    from playwright.sync_api import expect

    from tests.auth_helpers import browser_login

    name = _new_user(app_settings, role="donor")
    laptop, phone = browser.new_context(), browser.new_context()
    try:
        first, second = laptop.new_page(), phone.new_page()
        for page in (first, second):
            browser_login(page, live_server, name, PASSWORD, path="/impact")
            expect(page.locator(".account-menu")).to_be_visible(timeout=30_000)
        first.locator(".account-menu .dropdown-toggle").click()
        first.get_by_role("button", name="Sign out everywhere").click()
        first.wait_for_url(f"{live_server}/login")
        second.goto(f"{live_server}/impact")
        expect(second.get_by_label("Username")).to_be_visible(timeout=30_000)
        assert "/login" in second.url
    finally:
        laptop.close()
        phone.close()


@pytest.mark.browser
def test_user_signs_out_from_the_account_menu(page, live_server, app_settings) -> None:
    from playwright.sync_api import expect

    from tests.auth_helpers import browser_login

    name = _new_user(app_settings, role="donor")
    browser_login(page, live_server, name, PASSWORD, path="/impact")
    page.locator(".account-menu .dropdown-toggle").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/impact")
    expect(page.get_by_label("Username")).to_be_visible(timeout=30_000)
