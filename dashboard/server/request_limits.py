"""Limits on the request line and headers, answered by the app with its security headers.

gunicorn refuses over-long request lines and headers itself, with a bare page of its own
(no Content-Security-Policy, no nosniff). `jointops serve` therefore sets gunicorn's
limits at its maxima (wsgi.GUNICORN_LIMITS) and this middleware applies lower ones, so the
refusal users see is ours. Past gunicorn's maxima (8190 bytes of request line) gunicorn
still answers itself: a plain page that reflects nothing but the sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Response

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class RequestLimits:
    """The largest request the app accepts: below gunicorn's limits in `jointops serve`
    (wsgi.GUNICORN_LIMITS), so that these answer first."""

    request_line: int = 4094
    header_fields: int = 100
    header_field_size: int = 8000


def request_line_length(environ: dict[str, Any]) -> int:
    """Length of the request line as the client sent it ("GET /path?query HTTP/1.1")."""
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if target is None:
        query = environ.get("QUERY_STRING", "")
        target = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
    return (len(environ.get("REQUEST_METHOD", "")) + 1 + len(target) + 1
            + len(environ.get("SERVER_PROTOCOL", "")))


def _headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The request's header fields (name, value) from a WSGI environ."""
    fields = [(k[5:], str(v)) for k, v in environ.items() if k.startswith("HTTP_")]
    fields += [(k, str(environ[k])) for k in ("CONTENT_TYPE", "CONTENT_LENGTH")
               if environ.get(k)]
    return fields


def violation(environ: dict[str, Any], limits: RequestLimits) -> tuple[int, str] | None:
    """The status and reason when a request is over a limit, else None."""
    if request_line_length(environ) > limits.request_line:
        return 414, "URI Too Long"
    fields = _headers(environ)
    if len(fields) > limits.header_fields:
        return 431, "Request Header Fields Too Large"
    if any(len(name) + 2 + len(value) > limits.header_field_size for name, value in fields):
        return 431, "Request Header Fields Too Large"
    return None


def limit_requests(app: WSGIApp, headers: Callable[[], dict[str, str]],
                   limits: RequestLimits | None = None) -> WSGIApp:
    """Wrap a WSGI app so that over-large requests get a short answer with `headers()`."""
    limits = limits or RequestLimits()

    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]
                   ) -> Iterable[bytes]:
        refused = violation(environ, limits)
        if refused is None:
            return app(environ, start_response)
        status, reason = refused
        response = Response(f"{status} {reason}\n", status=status, mimetype="text/plain",
                            headers={**headers(), "Connection": "close"})
        return response(environ, start_response)

    return middleware
