"""Calling callbacks as plain functions on behalf of a signed-in user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import flask
import flask_login
from sqlalchemy import select

from dashboard.database import read_session
from data_access.authentication import principal_of
from data_access.models import User


class _TestUser(flask_login.UserMixin):
    """What Flask-Login holds for a signed-in request: the principal."""

    def __init__(self, principal) -> None:
        self.principal = principal


@contextmanager
def signed_in(dash_app, username: str = "commander", **request_args) -> Iterator[None]:
    """A request context of the test app in which `username` is signed in (the pages'
    callbacks resolve operations for the signed-in user, as in a real request)."""
    with dash_app.server.test_request_context(**request_args):
        with read_session() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            principal = principal_of(session, user)
        flask.g._login_user = _TestUser(principal)
        yield


def key_for(dash_app, heartbeat: Callable[..., tuple[dict, str]], search: str,
            username: str = "commander") -> dict:
    """The live key a page's heartbeat callback gives for a URL query string."""
    with signed_in(dash_app, username):
        key, updated = heartbeat(search, 0, None)
    assert updated.startswith("updated "), updated
    return key
