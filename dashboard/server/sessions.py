"""Server-side login sessions for Flask: started at login, checked on every request,
revoked at logout or everywhere (data_access.login_sessions holds the rows)."""

from __future__ import annotations

import datetime as dt

import flask

from dashboard.database import read_session, write_session
from data_access import login_sessions
from data_access.models import utcnow

SESSION_ID_KEY = "sid"


def start(user_id: int, lifetime: dt.timedelta, remote_addr: str) -> None:
    """Record a new session for the signed-in user and put its id in the cookie."""
    session_id = login_sessions.new_session_id()
    with write_session() as session:
        login_sessions.start_session(session, user_id, session_id, lifetime, remote_addr)
    flask.session[SESSION_ID_KEY] = session_id


def is_live(user_id: int) -> bool:
    """Whether this request's session is still recorded for this user (one primary-key
    read; "last seen" written at most once a minute)."""
    session_id = flask.session.get(SESSION_ID_KEY)
    if not isinstance(session_id, str) or not session_id:
        return False
    now = utcnow()
    with read_session() as session:
        last_seen = login_sessions.session_last_seen(session, user_id, session_id, now)
    if last_seen is None:
        return False
    if now - last_seen >= login_sessions.LAST_SEEN_EVERY:
        with write_session() as session:
            login_sessions.touch_session(session, session_id, now)
    return True


def end_current() -> None:
    """Revoke this request's session (logout, expiry)."""
    session_id = flask.session.get(SESSION_ID_KEY)
    if isinstance(session_id, str) and session_id:
        with write_session() as session:
            login_sessions.end_session(session, session_id)
