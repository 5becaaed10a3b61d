"""The application factory: create_app(settings) builds the Dash app; nothing runs at import."""

from __future__ import annotations

from pathlib import Path

import dash
import flask
from flask_compress import Compress

from dashboard import database, i18n, paths
from dashboard.context import store_settings
from dashboard.figures.style import use_house_template
from dashboard.settings import Settings

PACKAGE_DIR = Path(__file__).resolve().parent
VENDOR_STYLESHEETS = ("bootstrap.min.css", "bootstrap-icons.min.css")


def create_app(settings: Settings) -> dash.Dash:
    """Build the Dash app on its own Flask server, wired to the configured database."""
    server = flask.Flask("jointops", template_folder=str(PACKAGE_DIR / "server" / "templates"))
    server.config.update(
        SECRET_KEY=settings.security.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.security.session_cookie_secure is True,
    )
    store_settings(server, settings)
    Compress(server)  # gzip/brotli for pages, assets and /_dash-update-component JSON
    database.init_app(server, settings.database.url, settings.database.pool_size)
    i18n.init_app(server, settings.ui.default_language)
    use_house_template()

    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(PACKAGE_DIR / "assets"),
        # Air-gapped: Bootstrap and icons are served from assets/vendor, never a CDN. They
        # are listed here (and kept out of the automatic asset walk) so that they load
        # before the house stylesheet, which overrides them.
        external_stylesheets=[paths.VENDOR_ASSETS + name for name in VENDOR_STYLESHEETS],
        assets_path_ignore=["vendor"],
        serve_locally=True,
        title="jointops",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Imported once the Dash app exists: pages and callbacks register into it.
    from dashboard import callbacks
    from dashboard.server import (
        auth,
        cache,
        callback_errors,
        impact_downloads,
        language_switch,
        map_layers,
        security,
        upload_downloads,
    )
    from dashboard.ui import shell
    from dashboard.uploads import store as upload_store

    cache.init_app(server, settings)
    app.layout = shell.layout
    callbacks.register()
    auth.init_app(app, settings)
    # The Flask side's own routes (login and logout are registered by auth above).
    for blueprint in (language_switch.blueprint, map_layers.blueprint,
                      impact_downloads.blueprint, upload_downloads.blueprint):
        server.register_blueprint(blueprint)
    upload_store.init_app(server)
    callback_errors.init_app(server)
    security.init_app(app, settings.security, settings.map.online_style_url)
    # Dash registers the scripts it may serve (and copies the callbacks) in a hook of the
    # first request, and marks that done before doing it: the worker's other threads then
    # answer the browser's parallel script requests with 500 until it is (seen in CI under
    # gunicorn: a page stuck on "Loading..."). So one request now, before anyone's.
    server.test_client().get(paths.HEALTH)
    return app
