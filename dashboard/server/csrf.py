"""The session's CSRF token for the app's plain HTML forms (login, logout, sign out
everywhere); Dash callbacks are JSON posts, which a cross-site form cannot make."""

from __future__ import annotations

import secrets

import flask

CSRF_KEY = "csrf_token"
FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's token, created on first use."""
    token = flask.session.get(CSRF_KEY)
    if not token:
        token = flask.session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_valid() -> bool:
    """Whether the posted form carries this session's token."""
    expected = flask.session.get(CSRF_KEY, "")
    given = flask.request.form.get(FIELD, "")
    return bool(expected) and secrets.compare_digest(given, expected)
