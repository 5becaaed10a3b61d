"""Serves the map base layers (country outlines) from the app itself, never a tile server."""

from __future__ import annotations

import flask

from dashboard.access import ALL_ROLES
from dashboard.paths import COUNTRIES_GEOJSON
from dashboard.server.downloads import role_required
from dashboard.server.impact_reports import impact_is_public
from geo.boundaries import BOUNDARIES_GEOJSON

blueprint = flask.Blueprint("map_layers", __name__)


@blueprint.get(COUNTRIES_GEOJSON)
@role_required(*ALL_ROLES, public=impact_is_public)
def countries_geojson() -> flask.Response:
    """The country outlines as GeoJSON (id and properties.iso3 = ISO 3166 alpha-3), cached by
    the browser for a day."""
    return flask.send_file(BOUNDARIES_GEOJSON, mimetype="application/geo+json",
                           max_age=24 * 3600)
