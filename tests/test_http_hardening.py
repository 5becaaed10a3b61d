"""Smaller HTTP holes (issue 12, finding 13 a-d): logout needs the CSRF token, cookies are
Secure behind TLS with HSTS on demand, over-long requests are refused with our headers by
a real `jointops serve`, and a donor's callback graph names no administrator's component."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.context import SETTINGS_KEY
from tests.auth_helpers import CSRF, language_restored, login
from tests.served import served_demo

SECURITY_KEY = "JOINTOPS_SECURITY"
PROXY = "10.66.0.1"


@contextmanager
def security_settings(dash_app, **changes) -> Iterator[None]:
    """Run with changed [security] settings in the session's app."""
    config = dash_app.server.config
    original = config[SETTINGS_KEY]
    security = dataclasses.replace(original.security, **changes)
    config[SETTINGS_KEY] = dataclasses.replace(original, security=security)
    config[SECURITY_KEY] = security
    try:
        yield
    finally:
        config[SETTINGS_KEY] = original
        config[SECURITY_KEY] = original.security


def _login_cookies(client, **request) -> list[str]:
    """Set-Cookie headers of a login made with these request options."""
    page = client.get("/login", **request)
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": "commander",
                                           "password": "demo-password-for-tests",
                                           "csrf_token": token}, **request)
    assert response.status_code == 302
    return response.headers.getlist("Set-Cookie")


def _cookie(cookies: list[str], name: str) -> str:
    return next(c for c in cookies if c.startswith(f"{name}="))


# --- (a) logout needs the session's CSRF token ----------------------------------------------

def test_a_cross_site_form_cannot_log_the_user_out(dash_app) -> None:
    client = dash_app.server.test_client()
    login(client, "commander")
    for forged in ({}, {"csrf_token": ""}, {"csrf_token": "from-another-site"}):
        assert client.post("/logout", data=forged).status_code == 400
        assert client.get("/").status_code == 200


# --- (b) Secure cookies behind TLS, HSTS on demand ------------------------------------------

def test_cookies_are_not_secure_over_plain_http_by_default(dash_app) -> None:
    assert dash_app.server.config[SETTINGS_KEY].security.session_cookie_secure == "auto"
    cookies = _login_cookies(dash_app.server.test_client())
    assert "Secure" not in _cookie(cookies, "session")


def test_cookies_are_secure_over_https(dash_app, demo_db_path) -> None:
    client = dash_app.server.test_client()
    cookies = _login_cookies(client, base_url="https://localhost")
    assert "Secure" in _cookie(cookies, "session")
    assert "Secure" in _cookie(cookies, "jointops_lang") if any(
        c.startswith("jointops_lang=") for c in cookies) else True
    # Switching is saved on the account: put the commander's language back afterwards.
    with language_restored(demo_db_path, "commander"):
        switched = client.get("/lang/fr?next=/", base_url="https://localhost")
    assert "Secure" in _cookie(switched.headers.getlist("Set-Cookie"), "jointops_lang")


def test_forwarded_proto_counts_only_from_a_trusted_proxy(dash_app) -> None:
    with security_settings(dash_app, trusted_proxies=(PROXY,)):
        via_proxy = _login_cookies(dash_app.server.test_client(), headers={
            "X-Forwarded-Proto": "https"}, environ_base={"REMOTE_ADDR": PROXY})
        forged = _login_cookies(dash_app.server.test_client(), headers={
            "X-Forwarded-Proto": "https"}, environ_base={"REMOTE_ADDR": "192.0.2.200"})
    assert "Secure" in _cookie(via_proxy, "session")
    assert "Secure" not in _cookie(forged, "session")


def test_secure_can_be_forced_either_way(dash_app) -> None:
    with security_settings(dash_app, session_cookie_secure=True):
        assert "Secure" in _cookie(_login_cookies(dash_app.server.test_client()), "session")
    with security_settings(dash_app, session_cookie_secure=False):
        cookies = _login_cookies(dash_app.server.test_client(), base_url="https://localhost")
        assert "Secure" not in _cookie(cookies, "session")


def test_hsts_is_off_by_default_and_sent_over_https_when_set(dash_app) -> None:
    client = dash_app.server.test_client()
    assert "Strict-Transport-Security" not in client.get(
        "/login", base_url="https://localhost").headers
    with security_settings(dash_app, hsts_seconds=31536000):
        secure = client.get("/login", base_url="https://localhost").headers
        plain = client.get("/login").headers
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain


def test_settings_refuse_bad_transport_values(tmp_path: Path) -> None:
    from dashboard.settings import load_settings

    for line in ('session_cookie_secure = "yes"', "hsts_seconds = -1"):
        path = tmp_path / "config.toml"
        path.write_text(f"[security]\n{line}\n")
        with pytest.raises(ValueError):
            load_settings(path, env={"JOINTOPS_SECRET_KEY": "x"})


# --- (c) over-long requests answered with our headers by a real served process -------------

@pytest.fixture(scope="module")
def served(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """`jointops serve` (gunicorn, one worker) on a copy of the demo database; its port."""
    with served_demo(demo_db_path, tmp_path_factory.mktemp("hardening-server"),
                     "hardening-secret", "--workers", "1") as (url, _copy):
        yield int(url.rsplit(":", 1)[1])


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str]]:
    """Send raw bytes; return the answer's status and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split()[1]), headers


def _has_our_headers(headers: dict[str, str]) -> bool:
    return (headers.get("X-Content-Type-Options") == "nosniff"
            and "default-src 'self'" in headers.get("Content-Security-Policy", "")
            and headers.get("X-Frame-Options") == "DENY")


@pytest.mark.parametrize("length", [4200, 6000, 8000])
def test_served_over_long_request_line_gets_our_headers(served: int, length: int) -> None:
    path = "/" + "a" * length
    status, headers = _raw(served, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 414
    assert _has_our_headers(headers), headers


def test_served_too_many_or_too_large_headers_get_our_headers(served: int) -> None:
    many = "".join(f"X-H{i}: v\r\n" for i in range(150))
    status, headers = _raw(served, f"GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n".encode())
    assert status == 431 and _has_our_headers(headers), headers
    big = "X-Big: " + "b" * 8100 + "\r\n"
    status, headers = _raw(served, f"GET / HTTP/1.1\r\nHost: x\r\n{big}\r\n".encode())
    assert status == 431 and _has_our_headers(headers), headers


def test_served_normal_request_still_works(served: int) -> None:
    status, headers = _raw(served, b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 200 and _has_our_headers(headers)


def test_past_gunicorns_own_maximum_it_answers_itself(served: int) -> None:
    # Documented limit: beyond 8190 bytes gunicorn refuses before any app code runs, with
    # its own short page (no script, nothing reflected but sizes).
    status, headers = _raw(served, f"GET /{'a' * 9000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 414 and "Content-Security-Policy" not in headers


# --- (d) the callback graph a donor receives -----------------------------------------------

ADMIN_IDS = {value for name, value in vars(ids).items()
             if name.startswith("ADMIN_") and isinstance(value, str)}


def test_donor_dependencies_name_no_admin_component(dash_app) -> None:
    assert len(ADMIN_IDS) > 20
    donor = dash_app.server.test_client()
    login(donor, "donor")
    text = donor.get("/_dash-dependencies").get_data(as_text=True)
    named = sorted(i for i in ADMIN_IDS if f'"{i}' in text or f"{i}." in text)
    assert named == [], named
    assert "impact" in text and "_pages_content" in text


def test_each_role_gets_exactly_the_callbacks_it_may_call(dash_app) -> None:
    from dashboard.access import roles_of
    from tests.test_access import ROLE_USERS, user_callbacks

    callbacks = user_callbacks(dash_app)
    for role, username in ROLE_USERS.items():
        client = dash_app.server.test_client()
        login(client, username)
        served = {c["output"] for c in client.get("/_dash-dependencies").get_json()}
        allowed = {k for k, v in callbacks.items() if role in roles_of(v["callback"])}
        assert served - {k for k in served if "_pages_" in k} == allowed, role
