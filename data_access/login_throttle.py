"""Sign-in throttling per client address and per account name, with exponential backoff.

Counted by name whether or not the account exists, so the answers and their timing say
nothing about which names are real. The per-account delay is bounded (ACCOUNT.max_delay):
an attacker can slow an account down but never lock its owner out for long, and the owner
signs in from another address once it has passed. The per-address delay grows much
further, which is what stops one client from spraying many accounts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.models import LoginThrottle, utcnow


@dataclass(frozen=True)
class Backoff:
    """How failures of one kind of key turn into a waiting time."""

    prefix: str
    free_failures: int  # failures allowed before any wait
    base_delay: dt.timedelta  # the first wait, doubled at each further failure
    max_delay: dt.timedelta
    forget_after: dt.timedelta  # failures older than this are forgotten

    def delay(self, failures: int) -> dt.timedelta:
        """The wait after this many consecutive failures."""
        over = failures - self.free_failures
        if over <= 0:
            return dt.timedelta(0)
        return min(self.max_delay, self.base_delay * 2 ** min(over - 1, 30))


ACCOUNT = Backoff("account:", free_failures=3, base_delay=dt.timedelta(seconds=2),
                  max_delay=dt.timedelta(seconds=60), forget_after=dt.timedelta(minutes=15))
ADDRESS = Backoff("address:", free_failures=5, base_delay=dt.timedelta(seconds=2),
                  max_delay=dt.timedelta(minutes=15), forget_after=dt.timedelta(hours=1))


def account_key(username: str) -> str:
    """The throttle key of an account name (case-insensitive, known or not)."""
    return ACCOUNT.prefix + username.strip().casefold()[:64]


def address_key(remote_addr: str) -> str:
    """The throttle key of a client address."""
    return ADDRESS.prefix + (remote_addr or "unknown")[:64]


def _keys(username: str, remote_addr: str) -> dict[str, Backoff]:
    return {account_key(username): ACCOUNT, address_key(remote_addr): ADDRESS}


def seconds_to_wait(session: Session, username: str, remote_addr: str,
                    now: dt.datetime | None = None) -> int:
    """Whole seconds before this name may be tried again from this address (0: now)."""
    now = now or utcnow()
    until = session.execute(select(LoginThrottle.blocked_until).where(
        LoginThrottle.key.in_(list(_keys(username, remote_addr))),
        LoginThrottle.blocked_until > now)).scalars().all()
    if not until:
        return 0
    return max(1, math.ceil((max(until) - now).total_seconds()))


def _upsert_statement(session: Session) -> Any:
    """The dialect's insert(), which has on_conflict_do_nothing()."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def record_failure(session: Session, username: str, remote_addr: str,
                   now: dt.datetime | None = None) -> dict[str, int]:
    """Count a failed sign-in for the name and the address and set their waits; return
    each key's failure count. Caller commits."""
    now = now or utcnow()
    insert = _upsert_statement(session)
    counts: dict[str, int] = {}
    for key, backoff in _keys(username, remote_addr).items():
        # Created if missing without racing another worker, then updated under a row lock.
        session.execute(insert(LoginThrottle).values(
            key=key, failures=0, last_failure_at=now).on_conflict_do_nothing())
        row = session.execute(select(LoginThrottle).where(LoginThrottle.key == key)
                              .with_for_update()).scalar_one()
        if now - row.last_failure_at > backoff.forget_after:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        wait = backoff.delay(row.failures)
        row.blocked_until = now + wait if wait else None
        counts[key] = row.failures
    return counts


def record_success(session: Session, username: str, now: dt.datetime | None = None) -> None:
    """Forget an account's failures after its owner signed in, and old rows of anyone.

    The address's count is kept: a client holding one valid account could otherwise wipe
    its count between guesses at others. Caller commits.
    """
    now = now or utcnow()
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key(username)))
    session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at < now - ADDRESS.forget_after))


def clear_account(session: Session, username: str) -> None:
    """Forget an account's failures (an administrator reset its password); caller commits."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key(username)))
