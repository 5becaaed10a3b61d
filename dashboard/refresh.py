"""Live refresh interval of the command-centre pages, from the settings."""

from __future__ import annotations

import flask

from dashboard.settings import UiSettings


def refresh_interval_ms() -> int:
    """Milliseconds between refreshes (the configured default outside an app)."""
    settings = flask.current_app.config.get("JOINTOPS_SETTINGS") if flask.has_app_context() \
        else None
    seconds = settings.ui.refresh_seconds if settings else UiSettings().refresh_seconds
    return seconds * 1000
