"""Accounts and roles enforced on the server for every page and every callback."""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access import ALL_ROLES, roles_of
from dashboard.app import create_app
from data_access.db import create_db_engine
from data_access.models import AuditEvent
from data_access.users import add_user, disable_user
from tests.auth_helpers import login, logout
from tests.factories import unique

ROLE_USERS = {"admin": "admin", "commander": "commander", "donor": "donor",
              "focal_point": "fp-ken"}
COMMAND = ("admin", "commander")
WRITERS = ("admin", "commander", "focal_point")
PAGES = {"/": COMMAND, "/map": COMMAND, "/species": COMMAND, "/daily": COMMAND,
         "/reporting": COMMAND, "/impact": ALL_ROLES, "/admin/operations": ("admin",),
         "/admin/users": ("admin",), "/admin/reference": ("admin",),
         "/report": WRITERS, "/report/upload": WRITERS, "/seizure": COMMAND}
INTERNAL = "_pages_"


def user_callbacks(dash_app) -> dict[str, dict[str, Any]]:
    """The app's callbacks other than Dash's own page router."""
    dash_app._setup_server()  # moves the registered callbacks into the app's map
    return {k: v for k, v in dash_app.callback_map.items() if INTERNAL not in k}


def _parse_id(raw: Any) -> Any:
    """A component id from the callback map (pattern-matching ids come as JSON text)."""
    if isinstance(raw, str) and raw.startswith("{"):
        return json.loads(raw)
    return raw


def _is_wildcard(component_id: Any) -> bool:
    """Whether an id is a pattern (ALL, MATCH, ALLSMALLER)."""
    return isinstance(component_id, dict) and any(isinstance(v, list)
                                                  for v in component_id.values())


def _output_spec(key: str) -> Any:
    """The request's description of one output ("id.property")."""
    raw_id, prop = key.rsplit(".", 1)
    component_id = _parse_id(raw_id)
    return [] if _is_wildcard(component_id) else {"id": component_id, "property": prop}


def callback_request(output: str, entry: dict[str, Any]) -> dict[str, Any]:
    """A well-formed /_dash-update-component body for a callback, inputs set to None."""
    def spec(items: list[dict[str, Any]]) -> list[Any]:
        values = []
        for item in items:
            component_id = _parse_id(item["id"])
            values.append([] if _is_wildcard(component_id) else
                          {"id": component_id, "property": item["property"], "value": None})
        return values

    if output.startswith(".."):
        outputs: Any = [_output_spec(k) for k in output.strip(".").split("...")]
    else:
        outputs = _output_spec(output)
    first = entry["inputs"][0]
    return {"output": output, "outputs": outputs, "inputs": spec(entry["inputs"]),
            "state": spec(entry.get("state", [])),
            "changedPropIds": [f"{first['id']}.{first['property']}"]}


def audit_actions(app_settings, action: str) -> list[AuditEvent]:
    """Audit events of one kind in the test app's database."""
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        return list(session.execute(select(AuditEvent).where(
            AuditEvent.action == action)).scalars())


def test_every_callback_declares_its_roles(dash_app) -> None:
    callbacks = user_callbacks(dash_app)
    assert callbacks, "no callbacks found: the map walk would prove nothing"
    undeclared = [k for k, v in callbacks.items() if roles_of(v["callback"]) is None]
    assert undeclared == [], f"callbacks without @allow(...): {undeclared}"


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_every_callback_refuses_roles_it_does_not_declare(dash_app, role: str | None) -> None:
    client = dash_app.server.test_client()
    if role:
        assert login(client, ROLE_USERS[role]).status_code == 302
    for output, entry in user_callbacks(dash_app).items():
        allowed = roles_of(entry["callback"])
        response = client.post("/_dash-update-component",
                               json=callback_request(output, entry))
        if role is None:
            assert response.status_code == 401, output
        elif role in allowed:
            assert response.status_code in (200, 204), (output, role, response.data[:300])
        else:
            assert response.status_code == 403, (output, role)


def test_undeclared_callback_is_refused_even_for_admin(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "admin")
    response = client.post("/_dash-update-component", json={
        "output": "nothing.children", "outputs": {"id": "nothing", "property": "children"},
        "inputs": [], "changedPropIds": []})
    assert response.status_code == 403


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_page_access_matrix(dash_app, role: str | None) -> None:
    client = dash_app.server.test_client()
    if role:
        login(client, ROLE_USERS[role])
    for path, roles in PAGES.items():
        response = client.get(path)
        if role is None:
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login?next=")
        elif role in roles:
            assert response.status_code == 200
        else:
            assert response.status_code == 403


def test_page_router_refuses_pages_of_other_roles(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "donor")
    router = next(k for k in dash_app.callback_map if INTERNAL in k and "_pages_content" in k)
    entry = dash_app.callback_map[router]
    body = callback_request(router, entry)
    for item in body["inputs"]:
        if item["property"] == "pathname":
            item["value"] = "/"
    assert client.post("/_dash-update-component", json=body).status_code == 403


def test_dash_api_needs_login(dash_app) -> None:
    client = dash_app.server.test_client()
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/_dash-dependencies").status_code == 401
    assert client.get("/assets/vendor/bootstrap.min.css").status_code == 200
    assert client.get("/login").status_code == 200


def test_login_sets_a_hardened_session_cookie_and_audits(dash_app, app_settings) -> None:
    client = dash_app.server.test_client()
    response = login(client, "commander")
    assert response.status_code == 302
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert any(e.username == "commander" for e in audit_actions(app_settings, "auth.login"))


def test_disabling_an_account_ends_its_sessions(dash_app, app_settings) -> None:
    engine = create_db_engine(app_settings.database.url)
    name = unique("leaver")
    with Session(engine) as session, session.begin():
        add_user(session, username=name, password="the right passphrase", role="commander")
    client = dash_app.server.test_client()
    # Its own address: the refused sign-in below counts towards the address's throttle.
    client.environ_base["REMOTE_ADDR"] = "198.51.100.77"
    login(client, name, "the right passphrase")
    assert client.get("/").status_code == 200
    with Session(engine) as session, session.begin():
        disable_user(session, name)
    assert client.get("/").status_code == 302
    assert login(client, name, "the right passphrase").status_code == 401


def test_idle_session_expires(dash_app, app_settings) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - app_settings.security.idle_timeout_minutes * 61
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    reasons = [e.after.get("reason") for e in audit_actions(app_settings, "auth.logout")]
    assert "idle" in reasons


def test_session_lifetime_is_absolute(dash_app, app_settings) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    with client.session_transaction() as session:
        session["login_at"] = time.time() - app_settings.security.session_lifetime_hours * 3601
    assert client.get("/").status_code == 302


def test_login_form_refuses_a_missing_csrf_token(dash_app) -> None:
    client = dash_app.server.test_client()
    response = client.post("/login", data={"username": "commander",
                                           "password": "whatever"})
    assert response.status_code == 400


def test_next_parameter_cannot_send_users_to_another_site(dash_app) -> None:
    client = dash_app.server.test_client()
    response = login(client, "commander", next_path="https://evil.example/")
    assert response.headers["Location"] == "/"


def test_logout_is_post_only_and_audited(dash_app, app_settings) -> None:
    client = dash_app.server.test_client()
    login(client, "admin")
    # A GET (a link or image from another site) does not end the session.
    client.get("/logout")
    assert client.get("/").status_code == 200
    # Nor does a post without the session's CSRF token (another site's form).
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    assert logout(client).status_code == 302
    assert client.get("/").status_code == 302
    assert any(e.username == "admin" and e.after.get("reason") == "logout"
               for e in audit_actions(app_settings, "auth.logout"))


def test_security_headers_on_pages_and_api(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    for path in ("/", "/login", "/_dash-layout"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp and "'unsafe-inline'" not in csp.split(";")[1]
        assert "http" not in csp  # no outside host allowed
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
    index = client.get("/").get_data(as_text=True)
    csp = client.get("/").headers["Content-Security-Policy"]
    # Every inline script Dash writes into the page is allowed by its hash, and only those.
    for script_hash in dash_app.csp_hashes():
        assert script_hash in csp
    assert "new DashRenderer" in index


# --- added with issue 5's finishing touches (security helper) ---------------------------


def test_page_matrix_covers_every_registered_page(dash_app) -> None:
    # A page added without deciding (here) who may open it fails this test.
    import dash

    registered = {p["path"] for p in dash.page_registry.values()}
    assert registered <= set(PAGES), f"pages missing from PAGES: {registered - set(PAGES)}"
    for page in dash.page_registry.values():
        assert set(page["roles"]) == set(PAGES[page["path"]]), page["path"]


def test_admin_actions_on_accounts_carry_the_actor_user_id(dash_app, app_settings) -> None:
    from data_access import admin
    from data_access.authentication import principal_of
    from data_access.models import User

    engine = create_db_engine(app_settings.database.url)
    name = unique("audited").lower()
    with Session(engine) as session, session.begin():
        actor = session.execute(select(User).where(User.username == "admin")).scalar_one()
        principal = principal_of(session, actor)
        admin.create_account(session, principal, admin.AccountInput(
            username=name, password="the right passphrase", role="donor"))
    with Session(engine) as session, session.begin():
        admin.reset_password(session, principal, name, "another right passphrase")
    with Session(engine) as session, session.begin():
        admin.disable_account(session, principal, name)
    with Session(engine) as session, session.begin():
        # The command line is no account: named, without an id.
        add_user(session, username=f"{name}-cli", password="the right passphrase",
                 role="donor")
    with Session(engine) as session:
        events = {e.action: e for e in session.execute(select(AuditEvent).where(
            AuditEvent.entity_id == name)).scalars()}
        cli = session.execute(select(AuditEvent).where(
            AuditEvent.entity_id == f"{name}-cli")).scalar_one()
    assert {a: (e.username, e.user_id) for a, e in events.items()} == {
        "user.create": ("admin", principal.id), "user.set_password": ("admin", principal.id),
        "user.disable": ("admin", principal.id)}
    assert (cli.username, cli.user_id) == ("jointops cli", None)


def test_seizure_page_callbacks_refuse_focal_points_and_donors(dash_app) -> None:
    callbacks = {k: v for k, v in user_callbacks(dash_app).items() if "seizure-" in k}
    assert len(callbacks) == 2
    for output, entry in callbacks.items():
        assert set(roles_of(entry["callback"])) == {"admin", "commander"}, output
        for role in ("focal_point", "donor"):
            client = dash_app.server.test_client()
            login(client, ROLE_USERS[role])
            body = callback_request(output, entry)
            for item in body["inputs"] + body["state"]:
                if isinstance(item, dict) and item["property"] == "data":
                    item["value"] = 1
            assert client.post("/_dash-update-component", json=body).status_code == 403


def test_csp_allows_no_eval_and_no_inline_script(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    csp = client.get("/").headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src "))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    assert script_src.split()[1] == "'self'"
    assert all(part.startswith("'sha256-") for part in script_src.split()[2:])


def test_a_new_app_serves_its_first_requests_in_parallel(dash_app, app_settings) -> None:
    """A browser asks a fresh worker for all the page's scripts at once: every one is served
    (Dash's first-request setup, if left to the first request, answered the others 500)."""
    client = dash_app.server.test_client()
    login(client, "commander")
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) >= 5
    fresh = create_app(app_settings)
    start = threading.Barrier(len(scripts))
    statuses: list[int] = []

    def fetch(path: str) -> None:
        browser = fresh.server.test_client()
        start.wait()
        statuses.append(browser.get(path).status_code)

    threads = [threading.Thread(target=fetch, args=(path,)) for path in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(scripts)
