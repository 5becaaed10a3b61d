"""Security headers on every response: a Content-Security-Policy that allows only the app's
own origin, plus the usual hardening headers.

Policy notes:
- script-src: 'self' plus the sha256 hashes of Dash's inline scripts (the renderer start-up
  and clientside callbacks), computed by Dash itself; no 'unsafe-inline' and no
  'unsafe-eval'. plotly.js needs eval only for its regl-based WebGL traces (scattergl,
  splom, parcoords), which the app does not draw; the MapLibre maps (scatter_map,
  choropleth_map) draw, zoom, pan and answer clicks without it (checked in headless
  Chromium: no CSP violation on any page). Should a WebGL trace ever be needed, prefer its
  SVG twin (scatter) to adding 'unsafe-eval'. dash-ag-grid parses its "function" props
  with its own safe parser (no eval) unless a grid sets dangerously_allow_code, which this
  policy would refuse.
- style-src 'unsafe-inline': Dash and plotly set element styles at run time.
- worker-src/child-src blob:: MapLibre runs its tile workers from blob URLs.
- connect-src 'self' (and, when configured, the online base map host for connected sites).

Transport: cookies (session, language) carry `Secure` whenever the request came over
HTTPS, directly or through a trusted proxy's X-Forwarded-Proto
(`session_cookie_secure = "auto"`, the default), and `[security] hsts_seconds` adds
Strict-Transport-Security to HTTPS answers.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from flask.sessions import SecureCookieSessionInterface

from dashboard.context import settings_or_none
from dashboard.server.request_limits import limit_requests
from dashboard.settings import SecuritySettings


def content_security_policy(script_hashes: list[str], extra_connect: str = "") -> str:
    """The CSP header value for the given inline-script hashes."""
    # Dash returns the hashes already quoted ('sha256-...'); quote each exactly once.
    hashes = " ".join(f"'{h.strip(chr(39))}'" for h in script_hashes)
    connect = f"'self' {extra_connect}".strip()
    directives = [
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {connect}",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(script_hashes: list[str], extra_connect: str = "") -> dict[str, str]:
    """The hardening headers every answer carries (also answers made outside Flask)."""
    return {
        "Content-Security-Policy": content_security_policy(script_hashes, extra_connect),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


@functools.lru_cache(maxsize=16)
def proxy_networks(trusted_proxies: tuple[str, ...]) -> tuple[Any, ...]:
    """The trusted proxies as networks (a plain address is a network of one)."""
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in trusted_proxies)


def is_trusted_proxy(remote_addr: str, trusted_proxies: tuple[str, ...]) -> bool:
    """Whether a request's remote address is one of the trusted proxies (CIDR allowed)."""
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    # A dual-stack server sees IPv4 clients as ::ffff:a.b.c.d; compare the IPv4 address.
    mapped = getattr(address, "ipv4_mapped", None)
    candidates = (address, mapped) if mapped else (address,)
    return any(candidate in network for candidate in candidates
               for network in proxy_networks(trusted_proxies))


def _settings() -> SecuritySettings | None:
    """The security settings of the app serving this request."""
    settings = settings_or_none()
    return settings.security if settings else None


def _from_trusted_proxy(settings: SecuritySettings | None) -> bool:
    """Whether this request came through one of the configured proxies."""
    return bool(settings and settings.trusted_proxies and is_trusted_proxy(
        flask.request.remote_addr or "", settings.trusted_proxies))


def client_address() -> str:
    """The client's address: the remote address, or behind a trusted proxy the nearest
    address it forwarded that is not itself a trusted proxy."""
    remote = flask.request.remote_addr or ""
    settings = _settings()
    if not _from_trusted_proxy(settings):
        return remote
    forwarded = [a.strip() for a in flask.request.headers.get("X-Forwarded-For", "").split(",")
                 if a.strip()]
    for address in reversed(forwarded):
        if not is_trusted_proxy(address, settings.trusted_proxies):
            return address[:64]
    return remote


def request_is_https() -> bool:
    """Whether the browser reached us over HTTPS (directly or through a trusted proxy)."""
    if flask.request.scheme == "https":
        return True
    if not _from_trusted_proxy(_settings()):
        return False
    proto = flask.request.headers.get("X-Forwarded-Proto", "").split(",")[0]
    return proto.strip().lower() == "https"


def cookie_secure() -> bool:
    """Whether cookies set by this answer must carry `Secure`."""
    settings = _settings()
    mode = settings.session_cookie_secure if settings else "auto"
    if mode == "auto":
        return flask.has_request_context() and request_is_https()
    return bool(mode)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with `Secure` decided per request."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        return cookie_secure()


def init_app(app: dash.Dash, settings: SecuritySettings, online_style_url: str = "") -> None:
    """Add the security headers, HSTS and the per-request `Secure` cookie flag."""
    server = app.server
    server.session_interface = SessionInterface()
    proxy_networks(settings.trusted_proxies)  # a mistyped address fails at start
    extra_connect = ""
    if online_style_url:
        parts = urlsplit(online_style_url)
        extra_connect = f"{parts.scheme}://{parts.netloc}"

    # Over-long request lines and headers are refused before Flask, with these headers.
    server.wsgi_app = limit_requests(server.wsgi_app,
                                     lambda: security_headers([], extra_connect))

    @server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        # Hashes are computed per response: Dash adds inline scripts while it sets itself up
        # on the first request, and hashing a few short strings costs microseconds.
        response.headers.update(security_headers(list(app.csp_hashes()), extra_connect))
        hsts = (_settings() or settings).hsts_seconds
        if hsts > 0 and request_is_https():
            response.headers["Strict-Transport-Security"] = f"max-age={hsts}; includeSubDomains"
        return response
