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
"""

from __future__ import annotations

from urllib.parse import urlsplit

import dash
import flask


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


def init_app(app: dash.Dash, online_style_url: str = "") -> None:
    """Add the security headers to every response of the app's server."""
    extra_connect = ""
    if online_style_url:
        parts = urlsplit(online_style_url)
        extra_connect = f"{parts.scheme}://{parts.netloc}"

    @app.server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        # Hashes are computed per response: Dash adds inline scripts while it sets itself up
        # on the first request, and hashing a few short strings costs microseconds.
        response.headers["Content-Security-Policy"] = content_security_policy(
            list(app.csp_hashes()), extra_connect)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response
