"""Single sign-on behind a proxy: the username header is trusted only from the proxies."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from dashboard.context import SETTINGS_KEY
from dashboard.server.auth import is_trusted_proxy
from data_access.db import create_db_engine
from data_access.users import add_user, disable_user
from tests.factories import unique
from tests.test_access import audit_actions

HEADER = "X-Remote-User"
PROXY = "10.20.30.40"
PROXY_NET = "192.0.2.0/28"


@pytest.fixture
def sso(dash_app) -> Iterator[None]:
    """Switch the single sign-on mode on in the session's app, and off again after."""
    config = dash_app.server.config
    original = config[SETTINGS_KEY]
    security = dataclasses.replace(original.security, sso_header=HEADER,
                                   trusted_proxies=(PROXY, PROXY_NET))
    config[SETTINGS_KEY] = dataclasses.replace(original, security=security)
    try:
        yield
    finally:
        config[SETTINGS_KEY] = original


def _get(client, path: str, remote: str, username: str | None):
    headers = {HEADER: username} if username else {}
    return client.get(path, headers=headers, environ_base={"REMOTE_ADDR": remote})


def _events(app_settings, action: str, username: str) -> list:
    return [e for e in audit_actions(app_settings, action) if e.username == username]


def test_trusted_proxy_addresses_and_networks() -> None:
    trusted = (PROXY, PROXY_NET, "2001:db8::/64")
    assert is_trusted_proxy(PROXY, trusted)
    assert is_trusted_proxy("192.0.2.14", trusted)
    assert not is_trusted_proxy("192.0.2.16", trusted)
    assert is_trusted_proxy("2001:db8::5", trusted)
    assert not is_trusted_proxy("10.20.30.41", trusted)
    assert not is_trusted_proxy("", trusted)
    assert not is_trusted_proxy("not an address", trusted)
    assert is_trusted_proxy(f"::ffff:{PROXY}", trusted)
    assert not is_trusted_proxy("::ffff:10.20.30.41", trusted)


def test_header_from_a_trusted_proxy_signs_the_user_in(dash_app, app_settings, sso) -> None:
    client = dash_app.server.test_client()
    response = _get(client, "/", PROXY, "commander")
    assert response.status_code == 200
    # Inside the proxy's network too, and the session then carries on without the header.
    client = dash_app.server.test_client()
    assert _get(client, "/map", "192.0.2.3", "commander").status_code == 200
    assert _get(client, "/daily", "192.0.2.3", None).status_code == 200
    logins = _events(app_settings, "auth.login_sso", "commander")
    assert {e.after["remote_addr"] for e in logins} >= {PROXY, "192.0.2.3"}
    assert all(e.after["method"] == "sso" and e.user_id for e in logins)


def test_sso_login_starts_a_new_session(dash_app, sso) -> None:
    client = dash_app.server.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _get(client, "/", PROXY, "admin")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] and session["login_at"] == session["last_seen"]


def test_sso_login_keeps_the_role_checks(dash_app, sso) -> None:
    client = dash_app.server.test_client()
    assert _get(client, "/impact", PROXY, "donor").status_code == 200
    assert _get(client, "/", PROXY, "donor").status_code == 403
    assert _get(client, "/admin/users", PROXY, "donor").status_code == 403


def test_header_from_any_other_address_is_ignored_and_audited(dash_app, app_settings,
                                                              sso) -> None:
    client = dash_app.server.test_client()
    for remote in ("198.51.100.9", "127.0.0.1", "192.0.2.16"):
        response = _get(client, "/", remote, "admin")
        assert response.status_code == 302, remote
        assert response.headers["Location"].startswith("/login")
    api = client.post("/_dash-update-component", json={}, headers={HEADER: "admin"},
                      environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert api.status_code == 401
    refused = [e.after["remote_addr"] for e in _events(app_settings, "auth.sso_refused",
                                                       "admin")
               if e.after["reason"] == "untrusted address"]
    assert {"198.51.100.9", "127.0.0.1", "192.0.2.16"} <= set(refused)


def test_unknown_or_disabled_accounts_are_refused(dash_app, app_settings, sso) -> None:
    engine = create_db_engine(app_settings.database.url)
    name = unique("sso-leaver").lower()
    with Session(engine) as session, session.begin():
        add_user(session, username=name, password="the right passphrase", role="commander")
    client = dash_app.server.test_client()
    assert _get(client, "/", PROXY, name).status_code == 200
    with Session(engine) as session, session.begin():
        disable_user(session, name)
    # Disabling ends the session, and the proxy's header cannot open a new one.
    assert _get(client, "/", PROXY, name).status_code == 403
    ghost = unique("nobody").lower()
    assert _get(dash_app.server.test_client(), "/", PROXY, ghost).status_code == 403
    reasons = {e.after["reason"] for e in _events(app_settings, "auth.sso_refused", name)}
    assert reasons == {"disabled"}
    assert [e.after["reason"] for e in _events(app_settings, "auth.sso_refused", ghost)] \
        == ["unknown user"]


def test_proxy_switching_user_ends_the_first_session(dash_app, sso) -> None:
    client = dash_app.server.test_client()
    assert _get(client, "/admin/users", PROXY, "admin").status_code == 200
    assert _get(client, "/admin/users", PROXY, "commander").status_code == 403
    assert _get(client, "/", PROXY, None).status_code == 200  # still the commander


def test_sso_is_off_by_default(dash_app, app_settings) -> None:
    assert app_settings.security.sso_header == ""
    client = dash_app.server.test_client()
    response = client.get("/", headers={HEADER: "admin", "Remote-User": "admin"},
                          environ_base={"REMOTE_ADDR": PROXY})
    assert response.status_code == 302
