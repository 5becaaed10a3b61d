"""Accounts on the Dash server: login, sessions, and the server-side guard on every page
and every callback (a callback is a public POST endpoint, so hiding a link is not enough).

A session is a signed cookie *and* a row in login_sessions (dashboard.server.sessions), checked on
every request: logging out or "sign out everywhere" deletes rows, so a copied cookie stops
working at once, on every worker.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import dash
import flask
import flask_login

from dashboard import access, paths
from dashboard.context import (
    csrf_token,
    csrf_valid,
    current_principal,
    current_role,
    current_settings,
)
from dashboard.database import read_session, write_session
from dashboard.i18n import LANGUAGE_NAMES, _, current_language, ngettext
from dashboard.server import callback_graph, sessions
from dashboard.server.redirects import safe_local_target
from dashboard.server.router_guard import (
    MalformedCallbackRequest,
    callback_payload,
    is_internal_output,
    is_router_output,
    page_at,
    router_pathname,
)
from dashboard.server.security import (
    client_address,
    cookie_secure,
    is_trusted_proxy,
    proxy_networks,
)
from dashboard.settings import SUPPORTED_LANGUAGES, Settings
from data_access import authentication, login_sessions
from data_access.authentication import Principal

# Re-exported: the single sign-on tests and older callers import them from here.
__all__ = ["is_trusted_proxy", "proxy_networks"]

# Paths anyone may fetch: the login page, language switch, static files of the app.
PUBLIC_PREFIXES = (paths.ASSETS_PREFIX, "/_dash-component-suites/", paths.LANGUAGE_PREFIX,
                   "/_favicon.ico")
PUBLIC_PATHS = (paths.LOGIN, paths.HEALTH)
# The plain HTML page of the login form and of refusals (dashboard/server/templates).
PAGE_TEMPLATE = "page.html"
DASH_API_PREFIX = "/_dash-"
UPDATE_COMPONENT = "/_dash-update-component"
DEPENDENCIES = "/_dash-dependencies"


class SessionUser(flask_login.UserMixin):
    """The Flask-Login user: a principal plus the id that ties it to its session epoch."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    def get_id(self) -> str:
        # Includes the epoch: disabling the account or resetting its password bumps the
        # epoch and so ends every existing session ("log out everywhere").
        return f"{self.principal.id}:{self.principal.session_epoch}"


def _load_user(user_id: str) -> SessionUser | None:
    """Flask-Login loader: the active user whose session epoch still matches."""
    try:
        raw_id, raw_epoch = user_id.split(":")
        uid, epoch = int(raw_id), int(raw_epoch)
    except ValueError:
        return None
    if not sessions.is_live(uid):  # logged out, signed out everywhere, or expired
        return None
    with read_session() as session:
        principal = authentication.load_principal(session, uid, epoch)
    return SessionUser(principal) if principal else None


def _remote_addr() -> str:
    """The address of the peer that connected (a proxy, when there is one)."""
    return flask.request.remote_addr or ""


def _session_expired(settings: Settings) -> str | None:
    """Why the current session has expired (idle or lifetime), or None."""
    now = time.time()
    login_at = flask.session.get("login_at", 0)
    last_seen = flask.session.get("last_seen", 0)
    if now - login_at > settings.security.session_lifetime_hours * 3600:
        return "lifetime"
    if now - last_seen > settings.security.idle_timeout_minutes * 60:
        return "idle"
    return None


def _end_session(reason: str) -> None:
    """Log the user out and audit why."""
    principal = current_principal()
    sessions.end_current()
    flask_login.logout_user()
    flask.session.clear()
    if principal:
        with write_session() as session:
            authentication.record_logout(session, principal, reason)


def _deny(target: str, status: int = 403) -> flask.Response:
    """Refuse a request and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(), target, _remote_addr())
    if flask.request.path.startswith(DASH_API_PREFIX):
        return flask.Response('{"error": "forbidden"}', status=status,
                              mimetype="application/json")
    return flask.Response(_forbidden_page(), status=status, mimetype="text/html")


def _callback_roles(app: dash.Dash, output: str) -> tuple[str, ...] | None:
    """Roles declared for the callback that writes `output` (None: undeclared)."""
    entry = app.callback_map.get(output)
    if entry is None:
        return None
    return access.roles_of(entry.get("callback"))


def _page_for_path(app: dash.Dash, path: str) -> dict[str, Any] | None:
    """The registered page Dash serves at a URL path, found as Dash's router finds it."""
    try:
        return page_at(app, path)
    except MalformedCallbackRequest:
        return None


def _bad_request(output: str, message: str) -> flask.Response:
    """Refuse a malformed callback request with a clear JSON answer, and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(),
                                     f"bad request {output[:100]}", client_address())
    return flask.Response(json.dumps({"error": "bad request", "message": message}),
                          status=400, mimetype="application/json")


def _router_page(app: dash.Dash, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The page a Dash router request would render (None: Dash's "not found" page)."""
    if not is_router_output(payload["output"]) or payload["output"] not in app.callback_map:
        # e.g. _pages_dummy.children: a clientside callback the server cannot run.
        raise MalformedCallbackRequest("this callback does not run on the server")
    return page_at(app, router_pathname(app, payload))


def _guard_callback(app: dash.Dash) -> flask.Response | None:
    """Refuse a callback request unless the user's role is declared on that callback."""
    raw = flask.request.get_json(silent=True)
    output = str(raw.get("output", "")) if isinstance(raw, dict) else ""
    try:
        payload = callback_payload(raw)
        if is_internal_output(output):
            # Dash's page router renders a page: that page's own roles decide.
            page = _router_page(app, payload)
            if page is not None and not access.page_allows(page, current_role()):
                return _deny(f"page {page.get('path')}")
            return None
    except MalformedCallbackRequest as exc:
        return _bad_request(output, str(exc))
    roles = _callback_roles(app, output)
    # Default deny: a callback without a declaration is refused for everyone.
    if roles is None or current_role() not in roles:
        return _deny(f"callback {output}")
    return None


def _publicly_allowed(app: dash.Dash, path: str) -> bool:
    """With `[impact] public = true`: the pages marked public, their callbacks, and what the
    Dash front end needs to run them."""
    if path in ("/_dash-layout", DEPENDENCIES):
        return True
    view = flask.current_app.view_functions.get(flask.request.endpoint or "")
    if view is not None and access.is_public_when_enabled(view):
        return True
    if path == UPDATE_COMPONENT:
        try:
            payload = callback_payload(flask.request.get_json(silent=True))
            if is_internal_output(payload["output"]):
                page = _router_page(app, payload)
                return bool(page and page.get("public_when_enabled"))
        except MalformedCallbackRequest:
            return False
        entry = app.callback_map.get(payload["output"])
        return bool(entry and entry.get("callback")
                    and access.is_public_when_enabled(entry["callback"]))
    page = _page_for_path(app, path)
    return bool(page and page.get("public_when_enabled"))


def _login(principal: Principal, settings: Settings) -> None:
    """Start a new session for a principal (nothing from before the login survives)."""
    flask.session.clear()
    sessions.start(principal.id, dt.timedelta(hours=settings.security.session_lifetime_hours),
                   client_address())
    flask_login.login_user(SessionUser(principal))
    flask.session["login_at"] = flask.session["last_seen"] = time.time()
    csrf_token()  # a fresh token for the new session's forms


def _sso_login(settings: Settings) -> flask.Response | None:
    """Single sign-on: trust the configured header's username only from a trusted proxy.

    A header from any other address is ignored (and audited); an unknown or disabled
    account named by a trusted proxy is refused with 403.
    """
    header = settings.security.sso_header
    username = flask.request.headers.get(header, "").strip() if header else ""
    if not username:
        return None
    remote = _remote_addr()
    if not is_trusted_proxy(remote, settings.security.trusted_proxies):
        with write_session() as session:
            authentication.record_sso_untrusted(session, username, remote)
        return None
    principal = current_principal()
    if principal is not None and principal.username == username:
        return None
    if principal is not None:  # the proxy now speaks for someone else
        _end_session("sso user changed")
    with write_session() as session:
        result = authentication.authenticate_sso(session, username, remote_addr=remote)
    if result.principal is None:
        return flask.Response(_forbidden_page(), status=403, mimetype="text/html")
    _login(result.principal, settings)
    return None


def guard_request(app: dash.Dash, settings: Settings) -> flask.Response | None:
    """Before every request: sessions, login, and the role checks for pages and callbacks."""
    path = flask.request.path
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    if current_principal() is not None:
        reason = _session_expired(settings)
        if reason:
            _end_session(reason)
        else:
            flask.session["last_seen"] = time.time()
    refused = _sso_login(settings)
    if refused is not None:
        return refused
    if current_principal() is None and settings.impact.public and _publicly_allowed(app, path):
        if path == DEPENDENCIES:
            return callback_graph.dependencies_response(app, None, public=True)
        return None
    if current_principal() is None:
        if path.startswith(DASH_API_PREFIX):
            return flask.Response('{"error": "login required"}', status=401,
                                  mimetype="application/json")
        here = safe_local_target(flask.request.full_path.rstrip("?"))
        return flask.redirect(paths.login_href(here))
    if path == UPDATE_COMPONENT:
        return _guard_callback(app)
    if path == DEPENDENCIES:
        # Only the callbacks this role may call: the graph names every component id.
        return callback_graph.dependencies_response(app, current_role())
    page = _page_for_path(app, path)
    if page is not None and not access.page_allows(page, current_role()):
        return _deny(f"page {path}")
    return None


def home_for(role: str | None) -> str:
    """The first page a role may see, in navigation order."""
    pages = sorted(dash.page_registry.values(), key=lambda p: p.get("order", 0))
    for page in pages:
        if page.get("nav") and access.page_allows(page, role):
            return page["relative_path"]
    return paths.HOME


def _forbidden_page(message: str = "") -> str:
    """A plain HTML page for a refused page request (or refused form, with `message`)."""
    return flask.render_template(
        PAGE_TEMPLATE, lang=current_language(), assets=paths.ASSETS_PREFIX, title=_("Not allowed"),
        body_title=message or _("You do not have access to this page."),
        link=home_for(current_role()), link_text=_("Go to your start page"), form=False)


def _login_page(error: str = "", username: str = "", status: int = 200) -> flask.Response:
    """The login form in the user's language."""
    token = csrf_token()
    next_path = safe_local_target(flask.request.values.get("next"))
    here = safe_local_target(flask.request.full_path.rstrip("?"))
    html = flask.render_template(
        PAGE_TEMPLATE, lang=current_language(), assets=paths.ASSETS_PREFIX, title=_("Sign in"),
        body_title=_("Sign in"), error=error, form=True, action=paths.LOGIN, csrf_token=token,
        next=next_path, username=username, username_label=_("Username"),
        password_label=_("Password"), submit_label=_("Sign in"),
        languages=[(code, LANGUAGE_NAMES[code], paths.language_href(code, here))
                   for code in SUPPORTED_LANGUAGES],
        language_label=_("Language"))
    return flask.Response(html, status=status, mimetype="text/html")


def _login_error(result: authentication.LoginResult) -> str:
    """The message shown for a refused login: the same for every name, known or not."""
    if result.reason == "throttled":
        return ngettext("Too many sign-in attempts. Try again in {seconds} second.",
                        "Too many sign-in attempts. Try again in {seconds} seconds.",
                        result.retry_after).format(seconds=result.retry_after)
    return _("Wrong username or password, or the account is disabled.")


def _set_language_cookie(response: flask.Response, language: str | None) -> None:
    """Remember the user's saved language in the browser."""
    if language in SUPPORTED_LANGUAGES:
        response.set_cookie("jointops_lang", language, httponly=True, samesite="Lax",
                            secure=cookie_secure(), max_age=365 * 24 * 3600)


def login_view() -> flask.Response:
    """GET: the form; POST: check the credentials and start a new session."""
    if flask.request.method == "GET":
        return _login_page()
    if not csrf_valid():
        return _login_page(_("The form expired. Please sign in again."), status=400)
    form = flask.request.form
    username = form.get("username", "")[:64]
    with write_session() as session:
        result = authentication.authenticate(session, username, form.get("password", ""),
                                             remote_addr=client_address())
    if result.principal is None:
        response = _login_page(_login_error(result), username=username,
                               status=429 if result.reason == "throttled" else 401)
        if result.retry_after:
            response.headers["Retry-After"] = str(result.retry_after)
        return response
    # A new session at login: nothing from before the login survives (session fixation).
    _login(result.principal, current_settings())
    target = safe_local_target(form.get("next"))
    if target == paths.HOME or target.startswith(paths.LOGIN):
        target = home_for(result.principal.role)
    response = flask.redirect(target)
    _set_language_cookie(response, result.principal.language)
    return response


def _form_expired() -> flask.Response:
    """The answer to a sign-out form without this session's token (another site's form)."""
    return flask.Response(_forbidden_page(_("The form expired. Please try again.")),
                          status=400, mimetype="text/html")


def logout_view() -> flask.Response:
    """End this session (POST with the session's CSRF token: no other site can log a user
    out)."""
    if not csrf_valid():
        return _form_expired()
    _end_session("logout")
    return flask.redirect(paths.LOGIN)


def logout_everywhere_view() -> flask.Response:
    """End every session of the signed-in user, on every browser and device."""
    if not csrf_valid():
        return _form_expired()
    principal = current_principal()
    if principal is not None:
        with write_session() as session:
            login_sessions.sign_out_everywhere(
                session, principal.id, principal.username, actor=principal.username,
                actor_id=principal.id, remote_addr=client_address())
    flask_login.logout_user()
    flask.session.clear()
    return flask.redirect(paths.LOGIN)


def _save_language(language: str) -> None:
    """Remember the language a signed-in user picked in the navigation bar."""
    principal = current_principal()
    if principal is not None:
        with write_session() as session:
            authentication.set_language_preference(session, principal.id, language)


def _preferred_language() -> str | None:
    """The signed-in user's saved language."""
    principal = current_principal()
    return principal.language if principal else None


def health_view() -> dict[str, str]:
    """GET /healthz: the process answers (for load balancers and `make run`'s wait)."""
    return {"status": "ok"}


# Login, logout and the health check: open to everyone (the guard lets PUBLIC_PATHS through).
blueprint = flask.Blueprint("auth", __name__)
blueprint.add_url_rule(paths.LOGIN, view_func=login_view, methods=["GET", "POST"])
blueprint.add_url_rule(paths.LOGOUT, view_func=logout_view, methods=["POST"])
blueprint.add_url_rule(paths.LOGOUT_EVERYWHERE, view_func=logout_everywhere_view,
                       methods=["POST"])
blueprint.add_url_rule(paths.HEALTH, view_func=health_view)


def init_app(app: dash.Dash, settings: Settings) -> None:
    """Add login, logout and the guard to the Dash server."""
    server = app.server
    manager = flask_login.LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_user)
    manager.session_protection = "basic"
    server.config.update(
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.security.session_lifetime_hours),
        REMEMBER_COOKIE_DURATION=dt.timedelta(seconds=0),
        JOINTOPS_ON_LANGUAGE_CHANGE=_save_language,
        JOINTOPS_USER_LANGUAGE=_preferred_language,
    )
    server.register_blueprint(blueprint)
    # Settings are read per request from the app's config, so that tests can switch the
    # single sign-on mode on for a while in the one app of the session.
    server.before_request(lambda: guard_request(app, current_settings()))
