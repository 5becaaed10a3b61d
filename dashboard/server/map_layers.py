"""Serves the map base layers (country outlines) from the app itself, never a tile server."""

from __future__ import annotations

import flask

from dashboard.paths import COUNTRIES_GEOJSON
from geo.boundaries import BOUNDARIES_GEOJSON


def init_app(server: flask.Flask) -> None:
    """Add the route that serves the country outlines (cached by the browser for a day)."""

    @server.route(COUNTRIES_GEOJSON)
    def countries_geojson() -> flask.Response:
        """The country outlines as GeoJSON (id and properties.iso3 = ISO 3166 alpha-3)."""
        response = flask.send_file(BOUNDARIES_GEOJSON, mimetype="application/geo+json",
                                   max_age=24 * 3600)
        return response
