"""What the request being served runs with: the app's settings, the signed-in principal and
the operations it may read. Imports nothing of the dashboard but the settings, so any
module may use it (the app factory stores the settings; nothing imports the factory)."""

from __future__ import annotations

import secrets

import flask
import flask_login

from dashboard.settings import Settings
from data_access.authentication import Principal
from data_access.scope import OperationScope, impact_scope, operation_scope

SETTINGS_KEY = "JOINTOPS_SETTINGS"


def store_settings(server: flask.Flask, settings: Settings) -> None:
    """Keep the app's settings on its Flask server (the app factory calls this once)."""
    server.config[SETTINGS_KEY] = settings


def current_settings() -> Settings:
    """Settings of the app serving the current request (or the active app context)."""
    return flask.current_app.config[SETTINGS_KEY]


def settings_of(server: flask.Flask) -> Settings | None:
    """Settings of a given Flask app, or None if it is not a jointops app."""
    return server.config.get(SETTINGS_KEY)


def settings_or_none() -> Settings | None:
    """Settings of the current app, or None outside an app (scripts, plain function calls)."""
    return settings_of(flask.current_app) if flask.has_app_context() else None


def current_principal() -> Principal | None:
    """The signed-in principal of this request, or None."""
    if not flask.has_request_context():
        return None
    user = flask_login.current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.principal


def current_role() -> str | None:
    """The role of the signed-in user, or None."""
    principal = current_principal()
    return principal.role if principal else None


def current_scope() -> OperationScope:
    """The live operations the signed-in user may read (none when signed out)."""
    return operation_scope(current_principal())


def current_impact_scope() -> OperationScope:
    """The operations whose released results the visitor may read on the impact pages."""
    return impact_scope(current_principal())


# The session's CSRF token for the app's plain HTML forms (login, logout, sign out
# everywhere); Dash callbacks are JSON posts, which a cross-site form cannot make.
CSRF_KEY = "csrf_token"
CSRF_FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's token, created on first use."""
    token = flask.session.get(CSRF_KEY)
    if not token:
        token = flask.session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_valid() -> bool:
    """Whether the posted form carries this session's token."""
    expected = flask.session.get(CSRF_KEY, "")
    given = flask.request.form.get(CSRF_FIELD, "")
    return bool(expected) and secrets.compare_digest(given, expected)
