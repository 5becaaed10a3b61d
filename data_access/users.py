"""Accounts: create, list, disable and reset passwords, each change audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import login_sessions, login_throttle
from data_access.audit import record
from data_access.models import Country, User
from data_access.passwords import MIN_PASSWORD_LENGTH, hash_password
from data_access.vocab import ROLES

LANGUAGES = ("en", "fr", "pt")


class UserError(ValueError):
    """A request about an account that cannot be carried out, with the reason."""


@dataclass(frozen=True)
class UserSummary:
    """What an account listing shows (never the hash)."""

    username: str
    role: str
    country_iso3: str | None
    language: str | None
    active: bool
    is_demo: bool


def _check_password(password: str) -> None:
    """Refuse passwords that are too short to be safe."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def _actor_id(session: Session, actor: str, actor_id: int | None) -> int | None:
    """The acting user's id for the audit trail: the one given, else the account named
    `actor` (None for the command line, whose actor is not an account)."""
    if actor_id is not None:
        return actor_id if actor_id > 0 else None
    return session.execute(select(User.id).where(User.username == actor)).scalar_one_or_none()


def add_user(session: Session, *, username: str, password: str, role: str,
             country_iso3: str | None = None, language: str | None = None,
             full_name: str = "", actor: str = "jointops cli",
             actor_id: int | None = None) -> User:
    """Create an account after checking role, country and password; caller commits."""
    username = username.strip()
    if not username or len(username) > 64:
        raise UserError("the username must have 1 to 64 characters")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if language is not None and language not in LANGUAGES:
        raise UserError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    if role == "focal_point" and not country_iso3:
        raise UserError("a focal point needs a country (--country ISO3)")
    if country_iso3 is not None:
        country_iso3 = country_iso3.strip().upper()
        if session.get(Country, country_iso3) is None:
            raise UserError(f"unknown country {country_iso3!r}; give an ISO 3166 alpha-3 code")
    if session.execute(select(User.id).where(User.username == username)).first():
        raise UserError(f"the username {username!r} is taken")
    _check_password(password)
    user = User(username=username, password_hash=hash_password(password), role=role,
                country_iso3=country_iso3, language=language, full_name=full_name)
    session.add(user)
    session.flush()
    record(session, actor=actor, user_id=_actor_id(session, actor, actor_id),
           action="user.create", entity_type="user",
           entity_id=username, after={"role": role, "country": country_iso3,
                                      "language": language})
    return user


def _get(session: Session, username: str) -> User:
    """The account with that username, or UserError."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise UserError(f"no user named {username!r}")
    return user


def disable_user(session: Session, username: str, actor: str = "jointops cli",
                 actor_id: int | None = None) -> None:
    """Disable an account and end all its sessions."""
    user = _get(session, username)
    user.active = False
    user.session_epoch += 1
    login_sessions.end_user_sessions(session, user.id)
    record(session, actor=actor, user_id=_actor_id(session, actor, actor_id),
           action="user.disable", entity_type="user",
           entity_id=username, before={"active": True}, after={"active": False})


def set_password(session: Session, username: str, password: str,
                 actor: str = "jointops cli", actor_id: int | None = None) -> None:
    """Replace an account's password and end all its sessions."""
    _check_password(password)
    user = _get(session, username)
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    login_sessions.end_user_sessions(session, user.id)
    # The owner may sign in at once with the new password, whatever someone else tried.
    login_throttle.clear_account(session, username)
    record(session, actor=actor, user_id=_actor_id(session, actor, actor_id),
           action="user.set_password", entity_type="user",
           entity_id=username)


def list_users(session: Session) -> list[UserSummary]:
    """Every account, by username."""
    rows = session.execute(select(User).order_by(User.username)).scalars()
    return [UserSummary(u.username, u.role, u.country_iso3, u.language, u.active, u.is_demo)
            for u in rows]
