"""Server-side login sessions: one row per signed-in browser, looked up on every request.

The signed cookie carries a random session id; the table holds its SHA-256. Logging out
deletes the row, "sign out everywhere" deletes all the rows of a user, so a copied cookie
stops working at once on every worker and machine sharing the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from data_access.audit import record
from data_access.models import LoginSession, utcnow

# "Last seen" is written at most this often per session, so that the per-request check
# stays a read (one primary-key lookup) on all but one request a minute.
LAST_SEEN_EVERY = dt.timedelta(minutes=1)


def new_session_id() -> str:
    """A fresh random session id for the cookie."""
    return secrets.token_urlsafe(32)


def _key(session_id: str) -> str:
    """The stored form of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(session: Session, user_id: int, session_id: str, lifetime: dt.timedelta,
                  remote_addr: str = "", now: dt.datetime | None = None) -> None:
    """Record a new login session and drop expired ones; caller commits."""
    now = now or utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    session.add(LoginSession(id=_key(session_id), user_id=user_id, created_at=now,
                             expires_at=now + lifetime, last_seen_at=now,
                             remote_addr=remote_addr[:64]))


def session_last_seen(session: Session, user_id: int, session_id: str,
                      now: dt.datetime | None = None) -> dt.datetime | None:
    """When a live session of this user was last seen, or None when it is revoked,
    expired or belongs to someone else."""
    now = now or utcnow()
    return session.execute(
        select(LoginSession.last_seen_at).where(
            LoginSession.id == _key(session_id), LoginSession.user_id == user_id,
            LoginSession.expires_at > now)).scalar_one_or_none()


def touch_session(session: Session, session_id: str, now: dt.datetime | None = None) -> None:
    """Mark a session as seen now; caller commits."""
    session.execute(update(LoginSession).where(LoginSession.id == _key(session_id))
                    .values(last_seen_at=now or utcnow()))


def end_session(session: Session, session_id: str) -> None:
    """Revoke one session (logout); caller commits."""
    session.execute(delete(LoginSession).where(LoginSession.id == _key(session_id)))


def end_user_sessions(session: Session, user_id: int) -> int:
    """Revoke every session of a user; return how many there were. Caller commits."""
    result = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return result.rowcount or 0


def count_user_sessions(session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """How many live sessions a user has."""
    rows = session.execute(select(LoginSession.id).where(
        LoginSession.user_id == user_id, LoginSession.expires_at > (now or utcnow())))
    return len(rows.all())


SIGN_OUT_EVERYWHERE = "auth.sign_out_everywhere"


def sign_out_everywhere(session: Session, user_id: int, username: str, *, actor: str,
                        actor_id: int | None, remote_addr: str = "",
                        action: str = SIGN_OUT_EVERYWHERE) -> int:
    """Revoke every session of a user and audit who did it; caller commits."""
    ended = end_user_sessions(session, user_id)
    record(session, actor=actor, user_id=actor_id, action=action,
           entity_type="user", entity_id=username[:64],
           after={"sessions_ended": ended, "remote_addr": remote_addr})
    return ended
