"""Password login with throttling per client address and per account name; every attempt
leaves an audit event.

Unknown names, wrong passwords and disabled accounts get the same answer after the same
work (a password hash is always verified), and are throttled alike (data_access.
login_throttle), so neither the words nor the timing tell which names exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import login_throttle
from data_access.audit import record
from data_access.models import User, UserOperation, utcnow
from data_access.passwords import hash_password, needs_rehash, verify_password


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the rest of the app sees it (no secrets)."""

    id: int
    username: str
    role: str
    country_iso3: str | None
    language: str | None
    session_epoch: int
    # Operations a restricted commander may see; empty means all operations.
    operation_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a login attempt: the principal, or the reason and a delay to apply."""

    principal: Principal | None
    reason: str = ""  # "", "invalid" (unknown, wrong or disabled), "throttled"
    retry_after: int = 0  # seconds, when throttled


def principal_of(session: Session, user: User) -> Principal:
    """The principal for a user row, with its operation restrictions."""
    operation_ids = tuple(session.execute(
        select(UserOperation.operation_id).where(UserOperation.user_id == user.id)
        .order_by(UserOperation.operation_id)).scalars())
    return Principal(user.id, user.username, user.role, user.country_iso3, user.language,
                     user.session_epoch, operation_ids)


def load_principal(session: Session, user_id: int, epoch: int) -> Principal | None:
    """The principal of an active user whose sessions have not been ended since login."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return principal_of(session, user)


# A real hash to verify against when the username is unknown, so that the answer takes the
# same time whether or not the account exists.
_DUMMY_HASH = hash_password("not a real password, only for timing")


def authenticate(session: Session, username: str, password: str, *, remote_addr: str = "",
                 now: dt.datetime | None = None) -> LoginResult:
    """Check a username and password under the throttling rules; caller commits."""
    now = now or utcnow()
    name = username.strip()[:64]
    context = {"remote_addr": remote_addr}
    wait = login_throttle.seconds_to_wait(session, name, remote_addr, now)
    if wait:
        record(session, actor=name, action="auth.login_throttled", entity_type="user",
               entity_id=name, after={**context, "retry_after": wait})
        return LoginResult(None, "throttled", retry_after=wait)
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
    # The dummy hash for unknown names: the same work, so the same time, as a real check.
    password_ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not password_ok or not user.active:
        reason = ("unknown user" if user is None else
                  "wrong password" if not password_ok else "disabled")
        failures = login_throttle.record_failure(session, name, remote_addr, now)
        record(session, actor=name, user_id=user.id if user else None,
               action="auth.login_failed", entity_type="user", entity_id=name,
               after={**context, "reason": reason,
                      "account_failures": failures[login_throttle.account_key(name)],
                      "address_failures": failures[login_throttle.address_key(remote_addr)]})
        return LoginResult(None, "invalid")
    login_throttle.record_success(session, name, now)
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record(session, actor=user.username, user_id=user.id, action="auth.login",
           entity_type="user", entity_id=user.username, after=context)
    return LoginResult(principal_of(session, user))


def authenticate_sso(session: Session, username: str, *, remote_addr: str = "",
                     now: dt.datetime | None = None) -> LoginResult:
    """Sign in the account a trusted single sign-on proxy named (it checked the password);
    unknown and disabled accounts are refused. Caller commits."""
    now = now or utcnow()
    username = username.strip()[:64]
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    context = {"remote_addr": remote_addr, "method": "sso"}
    if user is None or not user.active:
        reason = "unknown user" if user is None else "disabled"
        record(session, actor=username, user_id=user.id if user else None,
               action="auth.sso_refused", entity_type="user", entity_id=username,
               after={**context, "reason": reason})
        return LoginResult(None, "invalid" if user is None else "disabled")
    user.last_login_at = now
    record(session, actor=user.username, user_id=user.id, action="auth.login_sso",
           entity_type="user", entity_id=user.username, after=context)
    return LoginResult(principal_of(session, user))


def record_sso_untrusted(session: Session, username: str, remote_addr: str) -> None:
    """Audit a single sign-on header that came from an address that is not a trusted proxy
    (it is ignored)."""
    record(session, actor=username.strip()[:64], action="auth.sso_refused",
           entity_type="user", entity_id=username.strip()[:64],
           after={"remote_addr": remote_addr, "method": "sso",
                  "reason": "untrusted address"})


def record_logout(session: Session, principal: Principal, reason: str) -> None:
    """Audit the end of a session (logout, idle timeout, lifetime reached)."""
    record(session, actor=principal.username, user_id=principal.id, action="auth.logout",
           entity_type="user", entity_id=principal.username, after={"reason": reason})


def record_denied(session: Session, principal: Principal | None, target: str,
                  remote_addr: str = "") -> None:
    """Audit a request refused for lack of rights."""
    record(session, actor=principal.username if principal else "anonymous",
           user_id=principal.id if principal else None, action="auth.denied",
           entity_type="request", entity_id=target[:64],
           after={"remote_addr": remote_addr, "role": principal.role if principal else None})


def set_language_preference(session: Session, user_id: int, language: str) -> None:
    """Save the language a user picked."""
    user = session.get(User, user_id)
    if user is not None:
        user.language = language
