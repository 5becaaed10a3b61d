"""What every download route of the Flask side shares: one role decorator and one file
response.

The guard (dashboard/server/auth.py) only knows Dash pages and callbacks and sends anonymous
visitors to the login page; a download route declares its roles with @role_required, which
refuses (403, recorded in the audit trail) any other signed-in user, and anonymous visitors
too unless the route's `public` test lets them in (the donors' pages, `[impact] public`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import flask

from dashboard.access import ALL_ROLES
from dashboard.context import current_principal
from dashboard.database import write_session
from dashboard.i18n import _
from data_access import authentication

F = TypeVar("F", bound=Callable[..., flask.Response])


def refuse() -> flask.Response:
    """Refuse the request and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(), flask.request.path,
                                     flask.request.remote_addr or "")
    return flask.Response(_("You do not have access to this page."), status=403,
                          mimetype="text/plain")


def role_required(*roles: str, public: Callable[[], bool] | None = None) -> Callable[[F], F]:
    """Let the route run for a signed-in user of one of `roles`, and for anonymous visitors
    when `public()` says so; refuse everyone else."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown or not roles:
        raise ValueError(f"role_required() needs known roles, got {roles!r}")

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> flask.Response:
            principal = current_principal()
            allowed = principal.role in roles if principal is not None \
                else bool(public and public())
            return view(*args, **kwargs) if allowed else refuse()
        return guarded  # type: ignore[return-value]
    return decorate


def file_download(body: bytes, mimetype: str, filename: str) -> flask.Response:
    """A file the browser saves under `filename`, kept by no cache."""
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
