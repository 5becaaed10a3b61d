"""Production serving: the WSGI entry that gunicorn workers call, and gunicorn run from Python.

Nothing is built at import. Each gunicorn worker builds its own app after the fork (so no
database connection or cache crosses processes); all workers sign session cookies with the
same secret key (var/secret_key or JOINTOPS_SECRET_KEY), so a user logged in on one worker
is logged in on every other.
"""

from __future__ import annotations

import gc
from typing import Any

import flask

from dashboard.settings import Settings, load_settings


def create_server(settings: Settings | None = None) -> flask.Flask:
    """Build the app and return its Flask server (the WSGI callable).

    For other WSGI servers: `gunicorn 'dashboard.wsgi:create_server()'` reads config.toml
    (or JOINTOPS_CONFIG) in each worker.
    """
    from dashboard.app import create_app

    server = create_app(settings or load_settings()).server
    # The app, its libraries and reference data are about 230,000 tracked objects that
    # live as long as the worker. Frozen, they are left out of the garbage collector's full
    # passes, which otherwise walk them all every so many requests (a pause of tens of ms,
    # measured as the p95 of the benchmark's callbacks).
    gc.collect()
    gc.freeze()
    return server


# gunicorn's own limits, at their maxima: request_limits.RequestLimits refuses lower down
# with the app's security headers, so gunicorn's bare error page is only for the extreme.
GUNICORN_LIMITS = {
    "limit_request_line": 8190,
    "limit_request_fields": 200,
    "limit_request_field_size": 8190,
}


def gunicorn_options(host: str, port: int, workers: int, timeout: int = 120) -> dict[str, Any]:
    """The gunicorn settings `jointops serve` uses."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": timeout,
        "graceful_timeout": 20,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        # Build the app in each worker after the fork: engines and caches are per process.
        "preload_app": False,
        "proc_name": "jointops",
        # Several servers may run on one machine (benchmarks, tests): no shared control socket.
        "control_socket_disable": True,
        **GUNICORN_LIMITS,
    }


def serve_with_gunicorn(settings: Settings, host: str, port: int, workers: int,
                        timeout: int = 120) -> None:
    """Run gunicorn in this process until it is stopped (SIGTERM or Ctrl-C)."""
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(host, port, workers, timeout)

    class _Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> flask.Flask:
            return create_server(settings)

    _Application().run()
