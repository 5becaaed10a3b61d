"""Sign-in throttling (issue 12, finding 6): the same answers and timing for real and
unknown names, backoff per address and per account, never a lock an attacker controls."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.context import SETTINGS_KEY
from data_access import authentication
from data_access.db import create_db_engine
from data_access.models import AuditEvent
from tests.auth_helpers import login
from tests.factories import new_account, unique

PASSWORD = "the right passphrase"
THROTTLED = "Too many sign-in attempts"


def _address() -> str:
    """A client address no other test uses (throttles are per address)."""
    return f"203.0.{random.randint(0, 255)}.{random.randint(1, 254)}"


def _client(dash_app, address: str | None = None):
    client = dash_app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address or _address()
    return client


def _new_user(app_settings) -> str:
    return new_account(app_settings.database.url, PASSWORD, "donor")


def _answer(response, username: str) -> tuple[int, str]:
    """Status and error message of a refused login, with the name and numbers blanked."""
    html = response.get_data(as_text=True)
    alert = re.search(r'role="alert">([^<]*)<', html)
    text = (alert.group(1) if alert else "").replace(username, "NAME")
    return response.status_code, re.sub(r"\d+", "N", text)


def _rewind_throttles(app_settings, keys: list[str]) -> None:
    """Move the waits of these throttle keys into the past (time passing)."""
    from data_access.models import LoginThrottle

    engine = create_db_engine(app_settings.database.url)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with Session(engine) as session, session.begin():
        session.execute(update(LoginThrottle).where(LoginThrottle.key.in_(keys))
                        .values(blocked_until=past))
    engine.dispose()


def test_real_and_unknown_names_get_the_same_answers(dash_app, app_settings) -> None:
    real = _new_user(app_settings)
    unknown = unique("nobody").lower()
    answers = {}
    for name in (real, unknown):
        client = _client(dash_app)
        answers[name] = [_answer(login(client, name, "wrong passphrase"), name)
                         for _attempt in range(8)]
    assert answers[real] == answers[unknown]
    # Both are throttled after a few failures, with the same words.
    assert any(THROTTLED in text for _status, text in answers[real])


def test_real_and_unknown_names_do_the_same_work(dash_app, app_settings, monkeypatch) -> None:
    """An unknown name costs one password-hash check, like a real one (so the answer takes
    the same time; timing itself is not asserted here: it is machine noise in a test)."""
    checked: list[str] = []
    original = authentication.verify_password

    def counting(stored_hash: str, password: str) -> bool:
        checked.append(stored_hash)
        return original(stored_hash, password)

    monkeypatch.setattr(authentication, "verify_password", counting)
    real, unknown = _new_user(app_settings), unique("nobody").lower()
    answers = {}
    for name in (real, unknown):
        before = len(checked)
        response = login(_client(dash_app), name, "wrong passphrase")
        answers[name] = (response.status_code, len(checked) - before)
    assert answers[real] == answers[unknown] == (401, 1)
    # The unknown name was checked against a real Argon2 hash, as costly as an account's.
    assert checked[-1].startswith("$argon2") and checked[-2].startswith("$argon2")


def test_spraying_many_accounts_from_one_address_is_throttled(dash_app, app_settings) -> None:
    address = _address()
    sprayer = _client(dash_app, address)
    names = [_new_user(app_settings) for _i in range(11)]
    answers = [login(sprayer, name, "Password123!") for name in names]
    refused = [r for r in answers if r.status_code == 429]
    assert refused, "11 accounts x 1 wrong password were never throttled"
    assert all(THROTTLED in r.get_data(as_text=True) and int(r.headers["Retry-After"]) >= 1
               for r in refused)
    # Even a right password waits from that address; from another it goes through.
    assert login(sprayer, names[0], PASSWORD).status_code == 429
    assert login(_client(dash_app), names[0], PASSWORD).status_code == 302
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        events = session.execute(select(AuditEvent).where(
            AuditEvent.action == "auth.login_throttled")).scalars().all()
    engine.dispose()
    assert any(e.after["remote_addr"] == address for e in events)


def test_an_attacker_cannot_lock_the_owner_out(dash_app, app_settings) -> None:
    from data_access import login_throttle

    victim = _new_user(app_settings)
    attacker = _client(dash_app)
    for _attempt in range(12):
        login(attacker, victim, "guess")
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        from data_access.models import LoginThrottle

        row = session.get(LoginThrottle, login_throttle.account_key(victim))
        wait = (row.blocked_until - row.last_failure_at).total_seconds()
    engine.dispose()
    assert 0 < wait <= 60  # bounded, whatever the attacker keeps doing
    owner = _client(dash_app)
    assert login(owner, victim, PASSWORD).status_code == 429  # the account's backoff
    _rewind_throttles(app_settings, [login_throttle.account_key(victim)])
    assert login(owner, victim, PASSWORD).status_code == 302


def test_backoff_doubles_and_is_bounded() -> None:
    from data_access.login_throttle import ACCOUNT, ADDRESS

    delays = [ACCOUNT.delay(n).total_seconds() for n in range(1, 12)]
    assert delays[:ACCOUNT.free_failures] == [0] * ACCOUNT.free_failures
    assert delays[3:7] == [2, 4, 8, 16]
    assert max(delays) == 60 and ACCOUNT.delay(10_000).total_seconds() == 60
    assert ADDRESS.delay(10_000).total_seconds() == 15 * 60


def test_forwarded_address_counts_only_from_a_trusted_proxy(dash_app, app_settings) -> None:
    from data_access import login_throttle
    from data_access.models import LoginThrottle

    config = dash_app.server.config
    original = config[SETTINGS_KEY]
    proxy = "10.77.0.1"
    client_behind = _address()
    security = dataclasses.replace(original.security, trusted_proxies=(proxy,))
    config[SETTINGS_KEY] = dataclasses.replace(original, security=security)
    config["JOINTOPS_SECURITY"] = security
    try:
        via_proxy = _client(dash_app, proxy)
        via_proxy.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.18.0.9, {client_behind}"
        login(via_proxy, unique("nobody"), "wrong")
        forger = _client(dash_app)
        forger.environ_base["HTTP_X_FORWARDED_FOR"] = "198.18.0.10"
        login(forger, unique("nobody"), "wrong")
    finally:
        config[SETTINGS_KEY] = original
        config["JOINTOPS_SECURITY"] = original.security
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        assert session.get(LoginThrottle, login_throttle.address_key(client_behind))
        assert session.get(LoginThrottle, login_throttle.address_key(proxy)) is None
        assert session.get(LoginThrottle, login_throttle.address_key("198.18.0.10")) is None
    engine.dispose()
