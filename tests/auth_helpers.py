"""Signing in from tests: with Flask's test client and with a Playwright page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import select, update

from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import User
from tests.conftest import DEMO_PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def login(client: FlaskClient, username: str, password: str = DEMO_PASSWORD,
          next_path: str = "/"):
    """Post the login form as a browser would (fetching its CSRF token first)."""
    page = client.get("/login")
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": next_path})


def session_csrf(client: FlaskClient) -> str:
    """The CSRF token of the client's session (what the navbar's forms carry)."""
    with client.session_transaction() as session:
        return session.get("csrf_token", "")


def logout(client: FlaskClient, everywhere: bool = False):
    """Post the navbar's sign-out form (or "sign out everywhere") with its CSRF token."""
    path = "/logout/everywhere" if everywhere else "/logout"
    return client.post(path, data={"csrf_token": session_csrf(client)})


def browser_login(page, base_url: str, username: str, password: str = DEMO_PASSWORD,
                  path: str = "/") -> None:
    """Sign in through the login form in the browser and land on `path`."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(base_url) + r"/.*"))


@contextmanager
def language_restored(db_path, username: str) -> Iterator[None]:
    """Put back a user's saved language after a test that switches it (the switch is saved
    on the account, and other tests rely on the browser's Accept-Language instead)."""
    engine = create_db_engine(f"sqlite:///{db_path}")
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        before = session.execute(select(User.language).where(User.username == username)
                                 ).scalar_one()
    try:
        yield
    finally:
        with session_scope(factory) as session:
            session.execute(update(User).where(User.username == username)
                            .values(language=before))
        engine.dispose()


def open_signed_in(page, storage_state: dict, base_url: str, path: str = "/") -> None:
    """Open `path` in a browser page that holds the cookies of a saved sign-in."""
    page.context.add_cookies(storage_state["cookies"])
    page.goto(f"{base_url}{path}")
