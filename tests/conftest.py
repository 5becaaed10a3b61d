"""Shared fixtures: real SQLite files, a real PostgreSQL schema per run, one app per session.

PostgreSQL comes from JOINTOPS_TEST_DATABASE_URL (the Makefile and .ci/run set it to the
local server); each test run works in its own schema, dropped at the end, so runs cannot
see each other's rows.
"""

from __future__ import annotations

import os

# Before any data_access import: authentication hashes its dummy password when imported.
# Cheap Argon2 parameters for the whole run, the servers it starts included.
os.environ["JOINTOPS_TEST_CHEAP_ARGON2"] = "1"

import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from dashboard.settings import Settings, load_settings, with_database
from data_access import schema
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.demo import generate_demo
from data_access.passwords import hash_password
from data_access.queries.operations import operation_today
from data_access.reference import sync_reference_data

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "JOINTOPS_TEST_DATABASE_URL"
# Demo data is built around the demo operation's own today, so that "day 18 of 28" holds
# whatever the calendar says when the tests run.
DEMO_TODAY = operation_today("Europe/Brussels")
DEMO_PASSWORD = "demo-password-for-tests"
# The demo's running operation (the demo also holds last year's, THUNDER-<year - 1>).
ACTIVE = f"THUNDER-{DEMO_TODAY.year}"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-default-apps", "--disable-sync"]


def pytest_configure(config: pytest.Config) -> None:
    """Fail early and clearly when PostgreSQL was asked for but is unreachable."""
    url = os.environ.get(PG_ENV)
    if not url:
        return
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means the run cannot go on
        raise pytest.UsageError(f"{PG_ENV} is set but PostgreSQL is unreachable: {exc}") from exc


def prepare_database(engine: Engine) -> None:
    """Migrate an empty database and load the reference data."""
    schema.upgrade(engine)
    with session_scope(make_session_factory(engine)) as session:
        sync_reference_data(session)


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL schema for this test run (skipped without the env var)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set")
    name = f"jointops_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated and loaded with reference data once per session."""
    path = tmp_path_factory.mktemp("template") / "reference.db"
    engine = create_db_engine(f"sqlite:///{path}")
    prepare_database(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_reference_engine(pg_schema_url: str) -> Iterator[Engine]:
    """The run's PostgreSQL schema, migrated and loaded with reference data once."""
    engine = create_db_engine(pg_schema_url)
    prepare_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database with reference data, on SQLite (own file) and on PostgreSQL.

    On PostgreSQL the schema is shared by the run; tests that write there use their own
    operation codes, usernames and references so they cannot collide.
    """
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        eng = create_db_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
    else:
        yield request.getfixturevalue("pg_reference_engine")


@pytest.fixture
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database (no schema yet)."""
    eng = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """An SQLite file with the demo operations (small, fixed date), built once."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    generate_demo(engine, seizures=800, seed=7, password_hash=hash_password(DEMO_PASSWORD),
                  today=DEMO_TODAY)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def app_settings(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the test app: the project's config on the demo database."""
    env = {"JOINTOPS_SECRET_KEY": "test-secret-key"}
    settings = load_settings(ROOT / "config.toml", env=env)
    return with_database(settings, f"sqlite:///{demo_db_path}")


@pytest.fixture(scope="session")
def dash_app(app_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    """The one Dash app of the session (Dash callbacks are process-global), keeping uploads
    in a folder of its own (not the checkout's var/uploads, shared by parallel workers)."""
    from dashboard.app import create_app
    from dashboard.uploads.store import UPLOAD_DIR_KEY

    app = create_app(app_settings)
    app.server.config[UPLOAD_DIR_KEY] = str(tmp_path_factory.mktemp("uploads"))
    return app


@pytest.fixture(scope="session")
def live_server(dash_app) -> Iterator[str]:
    """The app served on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Playwright drives Debian's Chromium, headless, with no background networking."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def signed_in_as(browser, live_server: str):
    """Open a page as a demo user, signed in once per user and worker through the login form
    and reused as Playwright storage state, for journeys that are not about signing in.
    Journeys that sign out (or out everywhere) use their own login and account."""
    from tests.auth_helpers import browser_login, open_signed_in

    states: dict[str, tuple[dict, str]] = {}

    def open_as(page, username: str, path: str | None = None) -> None:
        """Open `path`, or without one the page signing in leads this user to."""
        if username not in states:
            context = browser.new_context()
            login_page = context.new_page()
            browser_login(login_page, live_server, username)
            # The path only: the page may already have written its filters in the query.
            states[username] = (context.storage_state(), urlsplit(login_page.url).path)
            context.close()
        state, start = states[username]
        open_signed_in(page, state, live_server, start if path is None else path)

    return open_as


@dataclass
class PageWatch:
    """What a browser page did that a test must check: errors and requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def watched_page(page, live_server: str):
    """A Playwright page that records console errors and any request leaving the app."""
    watch = PageWatch()
    app_host = urlsplit(live_server).netloc

    def on_request(request) -> None:
        watch.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != app_host:
            watch.outside_requests.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error"
            else None)
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    page.set_default_timeout(15_000)
    yield page, watch
    assert watch.outside_requests == [], f"requests left the app: {watch.outside_requests}"
    assert watch.console_errors == [], f"console errors: {watch.console_errors}"


# Fixtures defined next to the helpers that use them.
from tests.report_helpers import own_operation  # noqa: E402, F401
