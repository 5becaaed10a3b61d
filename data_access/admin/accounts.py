"""Accounts as the administrator manages them: create, disable or enable, reset the
password, and assign a country and operations. Built on data_access.users, with error
codes instead of sentences and the acting administrator named in the audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import login_sessions, users
from data_access.admin.common import audit, check_admin, check_length, clean_text, refuse
from data_access.authentication import Principal
from data_access.errors import AdminErrorCode, FieldError, NotFound, ValidationFailed, fail
from data_access.models import Country, Operation, User, UserOperation
from data_access.passwords import MIN_PASSWORD_LENGTH
from data_access.vocab import ROLES

ENTITY = "user"
MAX_USERNAME = 64
MAX_FULL_NAME = 160
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
COMMANDER = "commander"
FOCAL_POINT = "focal_point"


class AuditAction:
    """Audit actions of account changes (create, disable and set_password are written by
    data_access.users)."""

    CREATE = "user.create"
    DISABLE = "user.disable"
    ENABLE = "user.enable"
    SET_PASSWORD = "user.set_password"
    ASSIGN = "user.assign"
    SIGN_OUT_EVERYWHERE = "user.sign_out_everywhere"


@dataclass(frozen=True)
class AccountInput:
    """A new account as entered in the form."""

    username: str | None
    password: str | None
    role: str | None
    country_iso3: str | None = None
    language: str | None = None
    full_name: str | None = ""


@dataclass(frozen=True)
class AccountDetail:
    """An account's role, country, operations and state, to fill the admin form."""

    username: str
    role: str
    country_iso3: str | None
    operation_codes: tuple[str, ...]
    active: bool
    sessions: int = 0  # browsers signed in now


class AccountColumns:
    """Columns of accounts_table()."""

    USERNAME = "username"
    FULL_NAME = "full_name"
    ROLE = "role"
    COUNTRY = "country_iso3"
    LANGUAGE = "language"
    OPERATIONS = "operations"  # codes the account is restricted to, comma-separated
    ACTIVE = "active"
    IS_DEMO = "is_demo"
    LAST_LOGIN = "last_login_at"
    ALL = (USERNAME, FULL_NAME, ROLE, COUNTRY, LANGUAGE, OPERATIONS, ACTIVE, IS_DEMO,
           LAST_LOGIN)


def _password_errors(password: str | None, field: str = "password") -> list[FieldError]:
    """Problems with a new password."""
    if not password:
        return [FieldError(field, AdminErrorCode.REQUIRED)]
    if len(password) < MIN_PASSWORD_LENGTH:
        return [FieldError(field, AdminErrorCode.PASSWORD_TOO_SHORT,
                           {"min": MIN_PASSWORD_LENGTH})]
    return []


def _country(session: Session, value: str | None, errors: list[FieldError]) -> str | None:
    """An optional ISO-3 country code, checked against the reference list."""
    iso3 = clean_text(value).upper()
    if not iso3:
        return None
    if session.get(Country, iso3) is None:
        errors.append(FieldError("country_iso3", AdminErrorCode.UNKNOWN_COUNTRY,
                                 {"value": iso3[:8]}))
        return None
    return iso3


def _user(session: Session, username: str | None) -> User:
    """The account with that username, or NotFound."""
    name = clean_text(username)
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none() \
        if name else None
    if user is None:
        raise fail(NotFound, "username", AdminErrorCode.USER_NOT_FOUND, username=name[:64])
    return user


def create_account(session: Session, principal: Principal, data: AccountInput) -> User:
    """Create an account (focal points need a country) and audit it."""
    check_admin(principal)
    errors: list[FieldError] = []
    username = clean_text(data.username)
    if not username:
        errors.append(FieldError("username", AdminErrorCode.REQUIRED))
    elif len(username) > MAX_USERNAME:
        errors.append(FieldError("username", AdminErrorCode.TOO_LONG, {"max": MAX_USERNAME}))
    elif not USERNAME_PATTERN.match(username):
        errors.append(FieldError("username", AdminErrorCode.USERNAME_FORMAT))
    elif session.execute(select(User.id).where(User.username == username)).first():
        errors.append(FieldError("username", AdminErrorCode.USERNAME_TAKEN,
                                 {"username": username}))
    role = clean_text(data.role)
    if not role:
        errors.append(FieldError("role", AdminErrorCode.REQUIRED))
    elif role not in ROLES:
        errors.append(FieldError("role", AdminErrorCode.UNKNOWN_CODE,
                                 {"value": role[:32], "allowed": list(ROLES)}))
    country = _country(session, data.country_iso3, errors)
    if role == FOCAL_POINT and not clean_text(data.country_iso3):
        errors.append(FieldError("country_iso3", AdminErrorCode.FOCAL_POINT_NEEDS_COUNTRY))
    language = clean_text(data.language) or None
    if language is not None and language not in users.LANGUAGES:
        errors.append(FieldError("language", AdminErrorCode.UNKNOWN_CODE,
                                 {"value": language[:8], "allowed": list(users.LANGUAGES)}))
    full_name = clean_text(data.full_name)
    check_length(errors, "full_name", full_name, MAX_FULL_NAME)
    errors += _password_errors(data.password)
    refuse(errors)
    try:
        return users.add_user(session, username=username, password=data.password or "",
                              role=role, country_iso3=country, language=language,
                              full_name=full_name, actor=principal.username)
    except users.UserError as exc:  # a rule of users.py we did not foresee
        raise ValidationFailed([FieldError("username", AdminErrorCode.UNKNOWN_CODE,
                                           {"value": str(exc)[:200]})]) from exc


def disable_account(session: Session, principal: Principal, username: str) -> None:
    """Disable an account and end its sessions (never one's own)."""
    check_admin(principal)
    user = _user(session, username)
    if user.id == principal.id:
        raise fail(ValidationFailed, "username", AdminErrorCode.CANNOT_DISABLE_SELF)
    if not user.active:
        raise fail(ValidationFailed, "username", AdminErrorCode.ALREADY_DISABLED,
                   username=user.username)
    users.disable_user(session, user.username, actor=principal.username)


def enable_account(session: Session, principal: Principal, username: str) -> None:
    """Let a disabled account sign in again."""
    check_admin(principal)
    user = _user(session, username)
    if user.active:
        raise fail(ValidationFailed, "username", AdminErrorCode.ALREADY_ACTIVE,
                   username=user.username)
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    audit(session, principal, AuditAction.ENABLE, ENTITY, user.username,
          before={"active": False}, after={"active": True})


def reset_password(session: Session, principal: Principal, username: str,
                   password: str | None) -> None:
    """Give an account a new password, ending its sessions and lifting any lock-out."""
    check_admin(principal)
    user = _user(session, username)
    refuse(_password_errors(password))
    users.set_password(session, user.username, password or "", actor=principal.username)


def sign_out_account(session: Session, principal: Principal, username: str) -> int:
    """End every session of an account at once (a lost laptop, a shared computer), and
    audit it; return how many sessions ended."""
    check_admin(principal)
    user = _user(session, username)
    return login_sessions.sign_out_everywhere(
        session, user.id, user.username, actor=principal.username,
        actor_id=principal.id if principal.id > 0 else None,
        action=AuditAction.SIGN_OUT_EVERYWHERE)


def assign_account(session: Session, principal: Principal, username: str,
                   country_iso3: str | None, operation_codes: Sequence[str] = ()
                   ) -> bool:
    """Set an account's country and the operations a commander is restricted to (none:
    all operations). Return whether anything changed."""
    check_admin(principal)
    user = _user(session, username)
    errors: list[FieldError] = []
    country = _country(session, country_iso3, errors)
    if user.role == FOCAL_POINT and not clean_text(country_iso3):
        errors.append(FieldError("country_iso3", AdminErrorCode.FOCAL_POINT_NEEDS_COUNTRY))
    codes = list(dict.fromkeys(clean_text(c).upper() for c in operation_codes
                               if clean_text(c)))
    if codes and user.role != COMMANDER:
        errors.append(FieldError("operations", AdminErrorCode.OPERATIONS_ONLY_FOR_COMMANDERS))
    found = dict(session.execute(select(Operation.code, Operation.id)
                                 .where(Operation.code.in_(codes))).all()) if codes else {}
    errors += [FieldError(f"operations[{i}]", AdminErrorCode.OPERATION_NOT_FOUND,
                          {"value": code[:32]})
               for i, code in enumerate(codes) if code not in found]
    refuse(errors)
    current = dict(session.execute(
        select(Operation.code, Operation.id)
        .join(UserOperation, UserOperation.operation_id == Operation.id)
        .where(UserOperation.user_id == user.id)).all())
    before = {"country": user.country_iso3, "operations": sorted(current)}
    after = {"country": country, "operations": sorted(codes)}
    if before == after:
        return False
    user.country_iso3 = country
    if set(codes) != set(current):
        session.execute(delete(UserOperation).where(UserOperation.user_id == user.id))
        if codes:
            session.execute(insert(UserOperation), [
                {"user_id": user.id, "operation_id": found[c]} for c in codes])
    session.flush()
    audit(session, principal, AuditAction.ASSIGN, ENTITY, user.username,
          before=before, after=after)
    return True


def account_detail(session: Session, username: str | None) -> AccountDetail | None:
    """An account's role, country, operations and state (None when unknown)."""
    name = clean_text(username)
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none() \
        if name else None
    if user is None:
        return None
    codes = tuple(session.execute(
        select(Operation.code).join(UserOperation, UserOperation.operation_id == Operation.id)
        .where(UserOperation.user_id == user.id).order_by(Operation.code)).scalars())
    return AccountDetail(user.username, user.role, user.country_iso3, codes, user.active,
                         login_sessions.count_user_sessions(session, user.id))


def accounts_table(session: Session) -> pd.DataFrame:
    """Every account with its restrictions and last login (AccountColumns), by username."""
    rows = session.execute(
        select(User.id, User.username, User.full_name, User.role, User.country_iso3,
               User.language, User.active, User.is_demo, User.last_login_at)
        .order_by(User.username)).all()
    restricted: dict[int, list[str]] = {}
    for user_id, code in session.execute(
            select(UserOperation.user_id, Operation.code)
            .join(Operation, Operation.id == UserOperation.operation_id)
            .order_by(Operation.code)).all():
        restricted.setdefault(user_id, []).append(code)
    c = AccountColumns
    return pd.DataFrame(
        [{c.USERNAME: r.username, c.FULL_NAME: r.full_name, c.ROLE: r.role,
          c.COUNTRY: r.country_iso3, c.LANGUAGE: r.language,
          c.OPERATIONS: ", ".join(restricted.get(r.id, [])), c.ACTIVE: bool(r.active),
          c.IS_DEMO: bool(r.is_demo), c.LAST_LOGIN: r.last_login_at} for r in rows],
        columns=list(c.ALL))
