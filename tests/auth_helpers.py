"""Signing in from tests: with Flask's test client and with a Playwright page."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import DEMO_PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def login(client: FlaskClient, username: str, password: str = DEMO_PASSWORD,
          next_path: str = "/"):
    """Post the login form as a browser would (fetching its CSRF token first)."""
    page = client.get("/login")
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": next_path})


def browser_login(page, base_url: str, username: str, password: str = DEMO_PASSWORD,
                  path: str = "/") -> None:
    """Sign in through the login form in the browser and land on `path`."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(base_url) + r"/.*"))
