"""The language switch of the navigation bar and the login page: /lang/<code>?next=...
(open to everyone: the login page offers it)."""

from __future__ import annotations

import flask

from dashboard import paths
from dashboard.i18n import LANGUAGE_COOKIE
from dashboard.server.redirects import safe_local_target
from dashboard.server.security import cookie_secure
from dashboard.settings import SUPPORTED_LANGUAGES

blueprint = flask.Blueprint("language_switch", __name__)


@blueprint.get(paths.language_route())
def switch_language(language: str) -> flask.Response:
    """Remember the chosen language and go back to the page the user was on."""
    # Only paths on this site: never redirect to another site named in the query string.
    response = flask.redirect(safe_local_target(flask.request.args.get(paths.NEXT_ARG)))
    if language in SUPPORTED_LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True, secure=cookie_secure())
        hook = flask.current_app.config.get("JOINTOPS_ON_LANGUAGE_CHANGE")
        if hook:
            hook(language)
    return response
