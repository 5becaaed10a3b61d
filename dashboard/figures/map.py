"""Builders of the map page: the MapLibre figure (hotspot cells, ports, reporting countries,
trafficking routes), its status line and the side panel of a clicked place.

Air-gapped by construction: the base map is `white-bg` plus the app's own country outlines,
every marker is a plain circle and no text is drawn on the map (MapLibre would fetch glyphs
and icons from the internet); names appear in hover labels and the side panel only.
"""

from __future__ import annotations

import html as html_text
import math
from collections.abc import Iterable
from typing import Any

import dash_bootstrap_components as dbc
import h3
import numpy as np
import pandas as pd
from dash import html

from dashboard.figures.style import PALETTE, SEQUENTIAL, empty_figure, separators_for
from dashboard.figures.wire import plain_figure
from dashboard.i18n import N_, _, current_language, format_date, format_number, localized
from dashboard.paths import COUNTRIES_GEOJSON
from dashboard.ui import labels
from dashboard.ui.components import empty_state
from data_access.queries.geography import (
    CellColumns,
    CountryColumns,
    LatestColumns,
    LatestItemColumns,
    Layers,
    MapData,
    PlaceDetails,
    PortColumns,
    RouteColumns,
)
from geo.cells import H3_RESOLUTIONS
from geo.reference import load_countries
from geo.routes import RouteLine, country_points, route_lines

MAP_HEIGHT = 640
# The first view: the whole inhabited world on a map about 900 pixels wide.
WORLD_CENTER = {"lat": 15.0, "lon": 20.0}
WORLD_ZOOM = 1.2
MAX_FIT_ZOOM = 5.0
# Map zoom at which the automatic hotspot resolution steps to finer cells.
ZOOM_FOR_RESOLUTION = ((6.0, 3), (9.0, 5), (math.inf, 7))
# Coordinates on the wire: 4 decimals is about 11 m for points; hexagon corners get 3 (about
# 110 m, a tenth of the finest cell's edge; neighbours round alike, so no gaps open).
COORDINATE_DECIMALS = 4
CELL_DECIMALS = 3
LATEST_ITEMS_SHOWN = 2
# A trace as a plain dict (the figure is sent unvalidated, see dashboard.figures.wire).
Trace = dict[str, Any]


class ColourBy:
    """What colours the hotspot cells and countries."""

    COUNT = "count"
    WEIGHT = "weight"
    ALL = (COUNT, WEIGHT)


class PlaceKinds:
    """The first value of a clickable point's customdata: what was clicked."""

    CELL = "cell"
    PORT = "port"
    COUNTRY = "country"
    ALL = (CELL, PORT, COUNTRY)


LAYER_LABELS = {
    Layers.HOTSPOTS: N_("Hotspot cells"),
    Layers.PORTS: N_("Ports"),
    Layers.COUNTRIES: N_("Countries"),
    Layers.ROUTES: N_("Routes"),
}
COLOUR_LABELS = {ColourBy.COUNT: N_("Seizures"), ColourBy.WEIGHT: N_("Weight (kg)")}
RESOLUTION_AUTO = "auto"
RESOLUTION_LABELS = {
    RESOLUTION_AUTO: N_("Auto (from zoom)"),
    "3": N_("Large cells (~12,000 km²)"),
    "5": N_("Medium cells (~250 km²)"),
    "7": N_("Small cells (~5 km²)"),
}

# Ports by kind: Okabe & Ito colours, distinguishable with the common colour-vision
# deficiencies (no text or symbol can tell them apart on an offline map).
PORT_COLOURS = {
    "airport": PALETTE[0],  # blue
    "seaport": PALETTE[2],  # bluish green
    "land_border": PALETTE[1],  # orange
    "mail_centre": PALETTE[3],  # reddish purple
    "inland": "#6c757d",  # grey
}
ROUTE_COLOUR = PALETTE[5]  # vermillion: apart from the blues, greens and Viridis cells
# Countries: ColorBrewer Blues from its third step (colour-blind safe, sequential), so that a
# country with seizures is never as pale as one without.
COUNTRY_SCALE = [[0.0, "#c6dbef"], [0.25, "#9ecae1"], [0.5, "#6baed6"], [0.75, "#3182bd"],
                 [1.0, "#08519c"]]
NO_SEIZURE_COUNTRY = "#dee2e6"
BASE_FILL = "#f1f3f5"
BASE_LINE = "#adb5bd"
PORT_SIZE_EMPTY = 5
PORT_SIZE_MIN = 8
PORT_SIZE_MAX = 26
ROUTE_WIDTH_MIN = 1.0
ROUTE_WIDTH_MAX = 6.0
# Routes are drawn in this many line widths: one trace per width, not one per route.
ROUTE_WIDTH_CLASSES = 5


def layer_options() -> list[dict[str, str]]:
    """Choices of the layer switches."""
    return [{"label": _(LAYER_LABELS[layer]), "value": layer} for layer in Layers.ALL]


def colour_options() -> list[dict[str, str]]:
    """Choices of the colour switch."""
    return [{"label": _(COLOUR_LABELS[key]), "value": key} for key in ColourBy.ALL]


def resolution_options() -> list[dict[str, str]]:
    """Choices of the hotspot cell size."""
    return [{"label": _(text), "value": key} for key, text in RESOLUTION_LABELS.items()]


def resolution_for_zoom(zoom: float | None, default: int = H3_RESOLUTIONS[0]) -> int:
    """The stored H3 resolution whose cells read well at a map zoom level."""
    if zoom is None or not isinstance(zoom, int | float) or math.isnan(zoom):
        return default
    return next(res for limit, res in ZOOM_FOR_RESOLUTION if zoom < limit)


def view_from_relayout(relayout: dict | None) -> dict[str, float] | None:
    """The map centre and zoom a pan or zoom reported ({"lat", "lon", "zoom"}), or None when
    the event is something else or its values are not a map view (it is user input)."""
    relayout = relayout or {}
    center, zoom = relayout.get("map.center"), relayout.get("map.zoom")
    if not isinstance(center, dict) or not isinstance(zoom, int | float):
        return None
    lat, lon = center.get("lat"), center.get("lon")
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (lat, lon, zoom)):
        return None
    if not (-90 <= lat <= 90 and -540 <= lon <= 540 and 0 <= zoom <= 24):
        return None
    return {"lat": round(float(lat), 4), "lon": round(float(lon), 4), "zoom": round(float(zoom), 3)}


def chosen_resolution(choice: str | None, zoom_resolution: int | None, default: int) -> int:
    """The resolution to draw: the user's choice, or the zoom's when the choice is automatic."""
    if choice and choice != RESOLUTION_AUTO and choice.isdigit() and int(
            choice) in H3_RESOLUTIONS:
        return int(choice)
    return zoom_resolution if zoom_resolution in H3_RESOLUTIONS else default


def place_from_click(click_data: dict | None) -> tuple[str, str] | None:
    """(kind, key) of the clicked cell, port or country, read from the point's customdata;
    None for anything else (a route, or data the page never sent: it is user input)."""
    try:
        point = (click_data or {})["points"][0]
        kind, key = point["customdata"][0], str(point["customdata"][1])
    except (KeyError, IndexError, TypeError):
        return None
    if kind == PlaceKinds.PORT and key.isdigit() and len(key) < 12:
        return kind, key
    if kind == PlaceKinds.COUNTRY and len(key) == 3 and key.isalpha() and key.isupper():
        return kind, key
    if (kind == PlaceKinds.CELL and len(key) <= 16 and h3.is_valid_cell(key)
            and h3.get_resolution(key) in H3_RESOLUTIONS):
        return kind, key
    return None


def _escape(text: object) -> str:
    """Text for a hover label (plotly reads a little HTML there: show names as typed)."""
    return html_text.escape(str(text), quote=False)


def _scaled(values: Iterable[float], low: float, high: float) -> np.ndarray:
    """Sizes by square root (a marker's area follows the value), between low and high."""
    array = np.asarray(list(values), dtype=float)
    top = array.max() if array.size else 0.0
    if top <= 0:
        return np.full(array.shape, low)
    return low + (high - low) * np.sqrt(array / top)


def _rounded(values: pd.Series) -> np.ndarray:
    """Coordinates for the wire: float32 (about a metre at the equator) sent as binary."""
    return values.to_numpy(dtype="float64").round(COORDINATE_DECIMALS).astype("float32")


def _value_column(colour_by: str) -> str:
    """The frame column that colours cells and countries."""
    return CellColumns.MASS_KG if colour_by == ColourBy.WEIGHT else CellColumns.SEIZURES


def _value_title(colour_by: str, place: str) -> str:
    """Colour bar title with its unit, for cells or countries."""
    titles = {
        (ColourBy.WEIGHT, PlaceKinds.CELL): _("kg per cell"),
        (ColourBy.WEIGHT, PlaceKinds.COUNTRY): _("kg per country"),
        (ColourBy.COUNT, PlaceKinds.CELL): _("Seizures per cell"),
        (ColourBy.COUNT, PlaceKinds.COUNTRY): _("Seizures per country"),
    }
    return titles[(colour_by, place)]


def _log_colours(values: pd.Series) -> tuple[np.ndarray, dict[str, Any]]:
    """Colour values on a log scale (seizures and kilograms are very skewed: a few big
    cells would leave all others the same dark shade) and colour bar ticks that read in the
    real numbers (1, 10, 100, 1,000 ...)."""
    raw = values.to_numpy(dtype="float64").clip(min=0)
    top = float(raw.max()) if raw.size else 0.0
    # From 10 up when the scale is long: "0" and "1" would sit on top of each other.
    first = 1 if top >= 100 else 0
    steps = [0.0, *(10.0 ** k for k in range(first, int(math.log10(top)) + 1 if top >= 1 else 0))]
    ticks = {"tickvals": [round(math.log10(1 + v), 4) for v in steps],
             "ticktext": [format_number(v) for v in steps]}
    return np.log10(1 + raw).astype("float32"), ticks


def _cell_polygons(cells: pd.Series) -> dict:
    """GeoJSON of the cells' hexagons; one that straddles the 180th meridian is kept whole
    by moving its western vertices past +180 (MapLibre draws longitudes beyond 180)."""
    features = []
    for cell in cells:
        ring = [[round(lng, CELL_DECIMALS), round(lat, CELL_DECIMALS)]
                for lat, lng in h3.cell_to_boundary(cell)]
        if max(p[0] for p in ring) - min(p[0] for p in ring) > 180:
            ring = [[lng + 360 if lng < 0 else lng, lat] for lng, lat in ring]
        ring.append(ring[0])
        features.append({"type": "Feature", "id": cell, "properties": {},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def _country_traces(countries: pd.DataFrame, colour_by: str) -> list[Trace]:
    """Reporting countries shaded by seizures or kg; participants without seizures in grey."""
    if countries.empty:
        return []
    frame = countries.assign(
        label=[_escape(localized(row, "name")) for row in countries.itertuples()],
        kind=PlaceKinds.COUNTRY)
    hover = ("<b>%{customdata[2]}</b><br>" + _("Seizures") + ": %{customdata[3]:,}<br>"
             + _("Weight") + ": %{customdata[4]:,.1f} kg<br>" + _("Arrests")
             + ": %{customdata[5]:,}<extra></extra>")
    columns = ["kind", CountryColumns.ISO3, "label", CountryColumns.SEIZURES,
               CountryColumns.MASS_KG, CountryColumns.ARRESTS]
    common = {"type": "choroplethmap", "geojson": COUNTRIES_GEOJSON, "featureidkey": "id",
              "hovertemplate": hover, "legendgroup": Layers.COUNTRIES}
    without = frame[frame[CountryColumns.SEIZURES] == 0]
    with_seizures = frame[frame[CountryColumns.SEIZURES] > 0]
    traces = []
    if not without.empty:
        traces.append({
            **common, "locations": without[CountryColumns.ISO3].to_numpy(dtype=object),
            "z": np.zeros(len(without), dtype="float32"),
            "colorscale": [[0, NO_SEIZURE_COUNTRY], [1, NO_SEIZURE_COUNTRY]],
            "showscale": False,
            "marker": {"opacity": 0.8, "line": {"width": 0.4, "color": "#ffffff"}},
            "customdata": without[columns].to_numpy(dtype=object),
            "name": _("Participating, no seizures"), "showlegend": True,
        })
    if not with_seizures.empty:
        z, ticks = _log_colours(with_seizures[_value_column(colour_by)])
        traces.append({
            **common, "locations": with_seizures[CountryColumns.ISO3].to_numpy(dtype=object),
            "z": z, "zmin": 0, "colorscale": COUNTRY_SCALE,
            "marker": {"opacity": 0.75, "line": {"width": 0.4, "color": "#ffffff"}},
            "customdata": with_seizures[columns].to_numpy(dtype=object),
            "name": _("Countries"), "showlegend": False,
            "colorbar": {"title": {"text": _value_title(colour_by, PlaceKinds.COUNTRY),
                                   "side": "top"},
                         **ticks, "orientation": "h", "x": 0.0, "xanchor": "left", "y": 0.0,
                         "yanchor": "bottom", "len": 0.32, "thickness": 12,
                         "bgcolor": "rgba(255,255,255,0.85)"},
        })
    return traces


def _cell_trace(cells: pd.DataFrame, colour_by: str) -> list[Trace]:
    """Hotspot hexagons coloured by seizures or kg (Viridis)."""
    if cells.empty:
        return []
    columns = ["kind", CellColumns.CELL, CellColumns.SEIZURES, CellColumns.MASS_KG,
               CellColumns.ITEMS]
    hover = ("<b>" + _("Hotspot cell") + "</b><br>" + _("Seizures") + ": %{customdata[2]:,}<br>"
             + _("Weight") + ": %{customdata[3]:,.1f} kg<br>" + _("Items")
             + ": %{customdata[4]:,}<extra></extra>")
    z, ticks = _log_colours(cells[_value_column(colour_by)])
    return [{
        "type": "choroplethmap", "geojson": _cell_polygons(cells[CellColumns.CELL]),
        "featureidkey": "id", "locations": cells[CellColumns.CELL].to_numpy(dtype=object),
        "z": z, "zmin": 0, "colorscale": SEQUENTIAL,
        "marker": {"opacity": 0.9, "line": {"width": 0.6, "color": "#212529"}},
        "customdata": cells.assign(kind=PlaceKinds.CELL)[columns].to_numpy(dtype=object),
        "hovertemplate": hover, "name": _("Hotspot cells"), "legendgroup": Layers.HOTSPOTS,
        "colorbar": {"title": {"text": _value_title(colour_by, PlaceKinds.CELL), "side": "top"},
                     # Below the mode bar, which shows at the top right on hover.
                     **ticks, "x": 1.0, "xanchor": "right", "y": 0.92, "yanchor": "top",
                     "len": 0.45, "thickness": 12, "bgcolor": "rgba(255,255,255,0.85)"},
    }]


def _route_label(line: RouteLine, names: dict[str, str]) -> str:
    """"Kenya → Viet Nam → China" in the user's language."""
    return " → ".join(_escape(names.get(code, code)) for code in line.countries)


def _route_traces(routes: pd.DataFrame, country_names: dict[str, str],
                  points: dict[str, tuple[float, float]]) -> list[Trace]:
    """Routes as lines in a few width classes (wider: more seizures), and a dot at each
    route's destination that names the route on hover."""
    if routes.empty:
        return []
    lines = route_lines(routes, RouteColumns.ORIGIN, RouteColumns.TRANSITS,
                        RouteColumns.DESTINATION, points=points)
    widths = _scaled(routes[RouteColumns.SEIZURES], ROUTE_WIDTH_MIN, ROUTE_WIDTH_MAX)
    step = (ROUTE_WIDTH_MAX - ROUTE_WIDTH_MIN) / (ROUTE_WIDTH_CLASSES - 1)
    classes = np.round((widths - ROUTE_WIDTH_MIN) / step).astype(int)
    by_class: dict[int, tuple[list, list]] = {}
    ends_lat, ends_lon, ends_hover = [], [], []
    for line, width_class, seizures, kg in zip(lines, classes, routes[RouteColumns.SEIZURES],
                                               routes[RouteColumns.MASS_KG], strict=True):
        if line.is_empty:
            continue
        lat, lon = by_class.setdefault(int(width_class), ([], []))
        lat += [*line.lat, None]
        lon += [*line.lon, None]
        end = max(i for i, value in enumerate(line.lat) if value is not None)
        ends_lat.append(line.lat[end])
        ends_lon.append(line.lon[end])
        ends_hover.append("<b>{route}</b><br>{figures}".format(
            route=_route_label(line, country_names),
            figures=_("{n} seizures · {kg} kg").format(n=format_number(int(seizures)),
                                                      kg=format_number(float(kg), 1))))
    # Widest first, so that thinner routes stay visible on top of them.
    traces: list[Trace] = [{
        "type": "scattermap", "lat": by_class[width_class][0],
        "lon": by_class[width_class][1], "mode": "lines",
        "line": {"width": round(ROUTE_WIDTH_MIN + width_class * step, 1),
                 "color": ROUTE_COLOUR},
        "opacity": 0.6, "hoverinfo": "skip", "name": _("Routes (line width: seizures)"),
        "legendgroup": Layers.ROUTES, "showlegend": index == 0,
    } for index, width_class in enumerate(sorted(by_class, reverse=True))]
    if ends_lat:
        traces.append({
            "type": "scattermap", "lat": ends_lat, "lon": ends_lon, "mode": "markers",
            "marker": {"size": 9, "color": ROUTE_COLOUR}, "hovertext": ends_hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "name": _("Route destination (hover for the route)"),
            "legendgroup": Layers.ROUTES,
        })
    return traces


def _port_traces(ports: pd.DataFrame) -> list[Trace]:
    """Ports as circles, one colour per kind, sized by seizures. Ports without seizures stay
    on the map as small faint dots, drawn underneath so that they never hide a busy port."""
    if ports.empty:
        return []
    kinds = ports[PortColumns.KIND]
    # Hundreds of ports but a handful of kinds: each kind's label is translated once.
    kind_labels = {kind: _escape(labels.label(labels.LOCATION_KINDS, kind))
                   for kind in kinds.unique()}
    frame = ports.assign(
        size=_scaled(ports[PortColumns.SEIZURES], PORT_SIZE_MIN, PORT_SIZE_MAX).round(1),
        label=[_escape(f"{name} ({code})") for name, code in
               zip(ports[PortColumns.NAME], ports[PortColumns.CODE], strict=True)],
        kind_value=PlaceKinds.PORT,
        kind_label=kinds.map(kind_labels),
        colour=[PORT_COLOURS.get(kind, PORT_COLOURS["inland"]) for kind in kinds],
    )
    columns = ["kind_value", PortColumns.LOCATION_ID, "label", PortColumns.SEIZURES,
               PortColumns.MASS_KG, PortColumns.ARRESTS, "kind_label"]
    hover = ("<b>%{customdata[2]}</b><br>%{customdata[6]}<br>" + _("Seizures")
             + ": %{customdata[3]:,}<br>" + _("Weight") + ": %{customdata[4]:,.1f} kg<br>"
             + _("Arrests") + ": %{customdata[5]:,}<extra></extra>")

    def points(group: pd.DataFrame) -> Trace:
        return {"type": "scattermap", "mode": "markers", "hovertemplate": hover,
                "legendgroup": Layers.PORTS, "lat": _rounded(group[PortColumns.LAT]),
                "lon": _rounded(group[PortColumns.LON]),
                "customdata": group[columns].to_numpy(dtype=object)}

    traces = []
    quiet = frame[frame[PortColumns.SEIZURES] == 0]
    if not quiet.empty:
        traces.append({
            **points(quiet), "name": _("Ports without seizures"), "showlegend": False,
            "marker": {"size": PORT_SIZE_EMPTY, "color": quiet["colour"].tolist(),
                       "opacity": 0.5},
        })
    # Largest first within a kind, so that a small port next to a big one stays clickable.
    busy = frame[frame[PortColumns.SEIZURES] > 0].sort_values(
        PortColumns.SEIZURES, ascending=False, kind="stable")
    for kind, colour in PORT_COLOURS.items():
        group = busy[busy[PortColumns.KIND] == kind]
        if not group.empty:
            traces.append({
                **points(group), "name": labels.label(labels.LOCATION_KINDS, kind),
                "marker": {"size": group["size"].to_numpy(dtype="float32"), "color": colour,
                           "opacity": 0.9},
            })
    return traces


def _fitted_view(data: MapData, points: dict[str, tuple[float, float]]
                 ) -> tuple[dict[str, float], float]:
    """Centre and zoom that frame the ports and countries shown (for a place filter)."""
    known = [points[c] for c in data.countries[CountryColumns.ISO3] if c in points]
    lats = [*data.ports[PortColumns.LAT].dropna(), *(p[0] for p in known)]
    lons = [*data.ports[PortColumns.LON].dropna(), *(p[1] for p in known)]
    if not lats:
        return WORLD_CENTER, WORLD_ZOOM
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6, 1.0)
    zoom = min(MAX_FIT_ZOOM, max(WORLD_ZOOM, math.log2(360.0 / span) + 0.6))
    center = {"lat": round((max(lats) + min(lats)) / 2, 3),
              "lon": round((max(lons) + min(lons)) / 2, 3)}
    return center, round(zoom, 2)


def base_layout(center: dict[str, float] | None = None, zoom: float = WORLD_ZOOM,
                revision: str = "map") -> dict[str, Any]:
    """The layout of the offline base map: white background and the app's country outlines."""
    return {
        "map": {
            "style": "white-bg",
            "center": center or WORLD_CENTER,
            "zoom": zoom,
            "layers": [
                {"sourcetype": "geojson", "source": COUNTRIES_GEOJSON, "type": "fill",
                 "color": BASE_FILL, "below": "traces"},
                {"sourcetype": "geojson", "source": COUNTRIES_GEOJSON, "type": "line",
                 "color": BASE_LINE, "line": {"width": 0.5}, "below": "traces"},
            ],
        },
        "height": MAP_HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "font": {"size": 13},
        "hoverlabel": {"font": {"size": 14}},
        "legend": {"x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top",
                   "bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#ced4da",
                   "borderwidth": 1, "itemclick": False, "itemdoubleclick": False},
        # Keep the user's pan and zoom across refreshes; a new place filter re-frames.
        "uirevision": revision,
        "clickmode": "event",
        "separators": separators_for(current_language()),
    }


def base_map() -> dict[str, Any]:
    """The empty base map the page shows before its first data arrives."""
    return plain_figure([], base_layout())


def map_figure(data: MapData | None, layers: Iterable[str], colour_by: str = ColourBy.COUNT,
               *, fit: bool = False, revision: str = "map",
               view: dict[str, float] | None = None) -> dict[str, Any]:
    """The map of an operation under the filters: the chosen layers, busiest on top, as the
    plain JSON figure plotly.js receives (see dashboard.figures.wire).

    `view` (the user's last centre and zoom) wins over `fit` (frame the places shown) and
    the world view: plotly's uirevision does not keep a MapLibre view across new figures
    sent by Dash, so the page remembers it and draws the new figure there.
    """
    if data is None:
        return empty_figure(_("No operation to show."), MAP_HEIGHT)
    shown = set(layers) & set(data.layers)
    colour_by = colour_by if colour_by in ColourBy.ALL else ColourBy.COUNT
    reference = load_countries()
    points = country_points(reference)
    names = {row.iso3: localized(row, "name") for row in reference.itertuples()}
    traces: list[Trace] = []
    if Layers.COUNTRIES in shown:
        traces += _country_traces(data.countries, colour_by)
    if Layers.HOTSPOTS in shown:
        traces += _cell_trace(data.cells, colour_by)
    if Layers.ROUTES in shown:
        traces += _route_traces(data.routes, names, points)
    if Layers.PORTS in shown:
        traces += _port_traces(data.ports)
    if view:
        center, zoom = {"lat": view["lat"], "lon": view["lon"]}, view["zoom"]
    else:
        center, zoom = _fitted_view(data, points) if fit else (WORLD_CENTER, WORLD_ZOOM)
    return plain_figure(traces, base_layout(center, zoom, revision))


def _message(text: str, icon: str, colour: str = "secondary") -> html.Div:
    """One status line above the map."""
    return html.Div([html.I(className=f"bi {icon} me-2", **{"aria-hidden": "true"}), text],
                    className=f"text-{colour}-emphasis small mb-2", role="status")


def map_status(data: MapData | None, layers: Iterable[str], filtered: bool) -> html.Div:
    """What the map shows, and why it may look empty."""
    if data is None:
        return _message(_("This operation does not exist or is not open to you."),
                        "bi-exclamation-triangle", "warning")
    if data.phase == "not_started":
        return _message(_("This operation has not started yet: the map shows its ports."),
                        "bi-hourglass")
    if data.seizures == 0:
        text = (_("No seizures match these filters.") if filtered
                else _("No seizures reported yet for this operation."))
        return _message(text, "bi-inbox")
    parts = [_("{n} seizures under these filters; {located} with map coordinates "
               "(the others count in their country only).").format(
        n=format_number(data.seizures), located=format_number(data.located))]
    shown = set(layers)
    if Layers.HOTSPOTS in shown and data.cell_count > len(data.cells):
        parts.append(_("Showing the {shown} busiest of {total} cells: choose larger cells "
                       "or zoom in.").format(shown=format_number(len(data.cells)),
                                             total=format_number(data.cell_count)))
    if Layers.ROUTES in shown and data.route_count:
        parts.append(_("Showing the {shown} busiest of {total} routes.").format(
            shown=format_number(len(data.routes)), total=format_number(data.route_count)))
    if data.status == "closed" or data.phase == "ended":
        parts.append(_("The operation has ended: figures are final."))
    if not shown:
        parts.append(_("All layers are switched off."))
    return _message(" ".join(parts), "bi-info-circle")


def map_legend_note() -> html.P:
    """How to read sizes and shades (the plotly legend names the colours)."""
    return html.P(
        _("Circle size: seizures at the port; small faint dots: ports with none. Hexagons: "
          "hotspot cells, dark for few seizures and yellow for most (colours on a log scale). "
          "Line width: seizures on the route; the dot marks its destination (hover it to name "
          "the route). Click a port, cell or country for details."),
        className="small text-body-secondary mt-2 mb-0")


# -- side panel ---------------------------------------------------------------------------

UNIT_SYMBOLS = {"KIL": "kg", "GRM": "g", "MGM": "mg", "MYG": "µg", "TON": "t", "LTR": "l",
                "MLT": "ml", "CUM": "m³", "CCM": "cm³", "MTR": "m", "CTM": "cm", "SQM": "m²",
                "SQC": "cm²", "SQD": "dm²", "NUM": ""}


def _quantity(row: object) -> str:
    """"12.5 kg", "3" (specimens) or "4 pairs" in the user's language."""
    quantity = float(getattr(row, LatestItemColumns.QUANTITY))
    decimals = 0 if quantity.is_integer() else (1 if quantity >= 10 else 2)
    number = format_number(quantity, decimals)
    unit = getattr(row, LatestItemColumns.UNIT)
    symbol = UNIT_SYMBOLS.get(unit)
    if symbol is None:
        symbol = localized(row, "unit_label").lower()
    return f"{number} {symbol}".strip()


def _item_line(row: object) -> str:
    """"African elephant (Loxodonta africana), Tusks: 12.5 kg"."""
    common = localized(row, "common_name")
    scientific = getattr(row, LatestItemColumns.SCIENTIFIC_NAME)
    taxon = f"{common} ({scientific})" if common else scientific
    return f"{taxon}, {localized(row, 'label')}: {_quantity(row)}"


def _figure_cell(label: str, value: str) -> dbc.Col:
    """One figure of the side panel."""
    return dbc.Col([html.Div(label, className="small text-body-secondary"),
                    html.Div(value, className="fs-5 fw-semibold")], xs=6, className="mb-2")


def _panel_title(details: PlaceDetails) -> list:
    """Heading and subtitle of a clicked place."""
    country = localized(details, "country_name") if details.country_iso3 else ""
    if details.kind == PlaceKinds.PORT:
        subtitle = " · ".join(p for p in (
            labels.label(labels.LOCATION_KINDS, details.location_kind), country) if p)
        return [html.H2(details.name, className="h5 mb-0"),
                html.Div(subtitle, className="small text-body-secondary mb-2")]
    if details.kind == PlaceKinds.COUNTRY:
        return [html.H2(country, className="h5 mb-0"),
                html.Div(_("Reporting country"), className="small text-body-secondary mb-2")]
    lat, lon = h3.cell_to_latlng(details.key)
    centre = _("Centre {lat}, {lon} · H3 cell {cell}").format(
        lat=format_number(lat, 2), lon=format_number(lon, 2), cell=details.key)
    return [html.H2(_("Hotspot cell"), className="h5 mb-0"),
            html.Div(centre, className="small text-body-secondary mb-2")]


def _latest_list(details: PlaceDetails) -> html.Div:
    """The place's latest seizures as plain text (user text is never read as HTML)."""
    if details.latest.empty:
        return empty_state(_("No seizures here under these filters."), "bi-inbox")
    items_by_seizure = {key: group for key, group in
                        details.items_of_latest.groupby(LatestItemColumns.SEIZURE_ID)}
    entries = []
    for row in details.latest.itertuples():
        items = items_by_seizure.get(getattr(row, LatestColumns.SEIZURE_ID))
        item_lines = [] if items is None else [
            html.Li(_item_line(item)) for item in items.head(LATEST_ITEMS_SHOWN).itertuples()]
        more = 0 if items is None else len(items) - LATEST_ITEMS_SHOWN
        if more > 0:
            item_lines.append(html.Li(_("and {n} more").format(n=format_number(more)),
                                      className="text-body-secondary"))
        where = " · ".join(p for p in (
            localized(row, "country_name"), getattr(row, LatestColumns.PORT),
            labels.label(labels.TRANSPORT_MODES, getattr(row, LatestColumns.MODE))) if p)
        entries.append(dbc.ListGroupItem([
            html.Div([html.Span(format_date(getattr(row, LatestColumns.DATE)),
                                className="fw-semibold me-2"), html.Span(where)],
                     className="small"),
            html.Ul(item_lines, className="small mb-0 ps-3"),
        ], className="px-2 py-2"))
    return dbc.ListGroup(entries, flush=True)


def place_panel(details: PlaceDetails | None) -> html.Div:
    """The side panel: what was clicked, its figures and its latest seizures."""
    if details is None:
        return empty_state(_("Click a port, a hotspot cell or a country on the map to see its "
                             "figures and latest seizures."), "bi-hand-index")
    if not details.found:
        return empty_state(_("This place is not known."), "bi-question-circle")
    return html.Div([
        *_panel_title(details),
        dbc.Row([
            _figure_cell(_("Seizures"), format_number(details.seizures)),
            _figure_cell(_("Seizure items"), format_number(details.items)),
            _figure_cell(_("Arrests"), format_number(details.arrests)),
            _figure_cell(_("Weight (kg)"), format_number(details.mass_kg, 1)),
        ], className="g-2"),
        html.H3(_("Latest seizures"), className="h6 mt-2"),
        _latest_list(details),
    ])
