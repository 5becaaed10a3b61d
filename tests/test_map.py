"""Map page: geography queries on SQLite and PostgreSQL, route lines, figure builders,
callbacks called as functions, and the commander's journey in Chromium."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import dash
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash.exceptions import PreventUpdate
from playwright.sync_api import expect
from sqlalchemy import Engine

from dashboard import ids
from dashboard.callbacks.map import map_heartbeat, remember_view, show_map, show_place
from dashboard.figures import map as figures
from data_access.db import make_session_factory, session_scope
from data_access.filters import SeizureFilters
from data_access.models import (
    OperationLocation,
)
from data_access.queries import geography
from data_access.queries.geography import (
    CellColumns,
    CountryColumns,
    Layers,
    MapData,
    PortColumns,
    RouteColumns,
)
from geo import routes
from geo.cells import cell_column, cells_for_point
from tests.callback_outputs import as_figure, text_of
from tests.conftest import ACTIVE
from tests.factories import Item, location, make_operation, make_seizure, taxon_id
from tests.request_helpers import signed_in

START = dt.date(2026, 11, 11)
MAX_FIGURE_BYTES = 300_000
# Browser waits: the map redraws after a server round trip, slower on a busy machine.
WAIT = 20_000


# -- a small operation with known answers --------------------------------------------------

def _on(day: int, **seizure) -> dict:
    """A seizure `day` days after START: imported, its notes markup the map must not run."""
    return {"date": START + dt.timedelta(days=day), "seizure_point": "import",
            "notes": "<b>not markup</b>", **seizure}


@pytest.fixture
def world(engine: Engine):
    """An operation: two seizures at Nairobi airport, one near Dar es Salaam, one at country
    level, one deleted, one at Mombasa of a bird; Dar es Salaam port has no seizures."""
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        operation = make_operation(session, start=START,
                                   countries=("KEN", "TZA", "CHN", "VNM", "FRA"))
        nbo, mba, dar = (location(session, c) for c in ("NBO", "KEMBA", "TZDAR"))
        for place in (nbo, mba, dar):
            session.add(OperationLocation(operation_id=operation.id, location_id=place.id))
        ivory = taxon_id(session, "Loxodonta africana")
        bird = taxon_id(session, group="birds")
        s1 = make_seizure(session, operation, **_on(
            1, place=nbo, suspects_arrested=2,
            items=[Item(ivory, "TUS", 10, "KIL"), Item(ivory, "CAR", 3, "NUM")],
            origin_country="KEN", destination_country="CHN", transits=["VNM"]))
        s2 = make_seizure(session, operation, **_on(
            4, place=nbo, items=[Item(ivory, "TUS", 2.5, "KIL")],
            origin_country="KEN", destination_country="CHN", transits=["VNM"]))
        s3 = make_seizure(session, operation, country="TZA", **_on(
            2, point=(-6.80, 39.25), items=[Item(ivory, "TUS", 500, "GRM")],
            origin_country="TZA", destination_country="CHN", transits=["KEN", "VNM"]))
        make_seizure(session, operation, **_on(
            3, items=[Item(ivory, "TUS", 1, "KIL")], origin_country="KEN",
            destination_country="KEN"))
        make_seizure(session, operation, **_on(
            5, place=nbo, deleted=True, items=[Item(ivory, "TUS", 99, "KIL")],
            origin_country="KEN", destination_country="CHN"))
        s6 = make_seizure(session, operation, **_on(
            6, place=mba, items=[Item(bird, "LIV", 4, "NUM")], origin_country="KEN",
            destination_country="FRA"))
        refs = {"operation": operation.id, "nbo": nbo.id, "mba": mba.id, "dar": dar.id,
                "s1": s1.id, "s2": s2.id, "s3": s3.id, "s6": s6.id,
                "nbo_cell": getattr(s1, cell_column(3)), "s3_cell": getattr(s3, cell_column(3))}
    with session_scope(factory) as session:
        yield session, refs


def test_hotspot_cells_count_and_weigh_seizures_with_coordinates(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    frame, total = geography.hotspot_cells(session, filters, 3)
    cells = frame.set_index(CellColumns.CELL)
    assert total == 3  # Nairobi, near Dar es Salaam, Mombasa
    assert list(cells.columns) == list(CellColumns.ALL[1:])
    assert cells.loc[refs["nbo_cell"], CellColumns.SEIZURES] == 2
    assert cells.loc[refs["nbo_cell"], CellColumns.MASS_KG] == pytest.approx(12.5)
    assert cells.loc[refs["nbo_cell"], CellColumns.ITEMS] == 3
    assert cells.loc[refs["nbo_cell"], CellColumns.ARRESTS] == 2
    assert cells.loc[refs["s3_cell"], CellColumns.MASS_KG] == pytest.approx(0.5)
    # The country-level seizure has no cell; the deleted one is not counted.
    assert cells[CellColumns.SEIZURES].sum() == 4
    fine, total = geography.hotspot_cells(session, filters, 7)
    assert fine[CellColumns.SEIZURES].sum() == 4 and len(fine) == total >= 3
    busiest, total = geography.hotspot_cells(session, filters, 7, limit=1)
    assert len(busiest) == 1 and total >= 3 and busiest.iloc[0][CellColumns.SEIZURES] == 2
    with pytest.raises(ValueError):
        geography.hotspot_cells(session, filters, 4)


def test_item_filters_narrow_cells_and_their_weight(world) -> None:
    session, refs = world
    birds = SeizureFilters(operation_id=refs["operation"], taxon_groups=("birds",))
    cells, _total = geography.hotspot_cells(session, birds, 5)
    assert cells[CellColumns.SEIZURES].tolist() == [1]
    assert cells[CellColumns.MASS_KG].tolist() == [0.0]
    tusks = SeizureFilters(operation_id=refs["operation"], terms=("TUS",))
    by_cell = geography.hotspot_cells(session, tusks, 3)[0].set_index(CellColumns.CELL)
    assert by_cell.loc[refs["nbo_cell"], CellColumns.ITEMS] == 2  # the carving is left out


def test_ports_without_seizures_stay_listed(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    ports = geography.operation_ports(session, filters).set_index(PortColumns.LOCATION_ID)
    assert set(ports.index) == {refs["nbo"], refs["mba"], refs["dar"]}
    assert ports.loc[refs["nbo"], PortColumns.SEIZURES] == 2
    assert ports.loc[refs["nbo"], PortColumns.KIND] == "airport"
    assert ports.loc[refs["mba"], PortColumns.SEIZURES] == 1
    assert ports.loc[refs["dar"], PortColumns.SEIZURES] == 0
    assert ports.loc[refs["dar"], PortColumns.MASS_KG] == 0
    assert ports.loc[refs["dar"], PortColumns.ISO3] == "TZA"
    tanzania = geography.operation_ports(
        session, SeizureFilters(operation_id=refs["operation"], countries=("TZA",)))
    assert tanzania[PortColumns.LOCATION_ID].tolist() == [refs["dar"]]
    later = geography.operation_ports(
        session, SeizureFilters(operation_id=refs["operation"],
                                date_from=START + dt.timedelta(days=5)))
    assert len(later) == 3 and later[PortColumns.SEIZURES].sum() == 1


def test_countries_count_reporting_seizures_and_keep_silent_participants(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    countries = geography.country_seizures(session, filters).set_index(CountryColumns.ISO3)
    assert set(countries.index) == {"KEN", "TZA", "CHN", "VNM", "FRA"}
    assert countries.loc["KEN", CountryColumns.SEIZURES] == 4
    assert countries.loc["KEN", CountryColumns.MASS_KG] == pytest.approx(13.5)
    assert countries.loc["TZA", CountryColumns.SEIZURES] == 1
    assert countries.loc["CHN", CountryColumns.SEIZURES] == 0
    assert countries.loc["KEN", CountryColumns.NAME_FR] == "Kenya"
    east_africa = geography.country_seizures(
        session, SeizureFilters(operation_id=refs["operation"], regions=("ESA",)))
    assert set(east_africa[CountryColumns.ISO3]) == {"KEN", "TZA"}


def test_routes_follow_transit_order_and_leave_out_domestic_seizures(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    top, total = geography.top_routes(session, filters, 10)
    assert list(top.columns) == list(RouteColumns.ALL)
    rows = [tuple(r) for r in top[[RouteColumns.ORIGIN, RouteColumns.TRANSITS,
                                   RouteColumns.DESTINATION, RouteColumns.SEIZURES]].values]
    assert rows[0] == ("KEN", "VNM", "CHN", 2)
    assert ("TZA", "KEN,VNM", "CHN", 1) in rows
    assert ("KEN", "", "FRA", 1) in rows
    assert len(rows) == 3  # KEN -> KEN is not a route, the deleted seizure is not counted
    assert top.iloc[0][RouteColumns.MASS_KG] == pytest.approx(12.5)
    assert total == 3
    one, total = geography.top_routes(session, filters, 1)
    assert len(one) == 1 and total == 3
    assert geography.top_routes(session, SeizureFilters(operation_id=-1), 5)[1] == 0


def test_map_data_queries_only_the_layers_asked_for(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    data = geography.map_data(session, filters, resolution=5, layers=(Layers.PORTS,),
                              now=dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC))
    assert data.seizures == 5 and data.located == 4
    assert data.cells.empty and data.routes.empty and data.countries.empty
    assert len(data.ports) == 3 and data.layers == (Layers.PORTS,)
    assert data.phase == "in_progress"
    assert geography.map_data(session, SeizureFilters(operation_id=-1), resolution=3) is None


def test_place_details_give_figures_and_latest_seizures(world) -> None:
    session, refs = world
    filters = SeizureFilters(operation_id=refs["operation"])
    port = geography.port_details(session, filters, refs["nbo"])
    assert port.found and port.location_kind == "airport" and port.country_iso3 == "KEN"
    assert (port.seizures, port.items, port.arrests) == (2, 3, 2)
    assert port.mass_kg == pytest.approx(12.5)
    assert port.latest[geography.LatestColumns.SEIZURE_ID].tolist() == [refs["s2"], refs["s1"]]
    assert set(port.items_of_latest[geography.LatestItemColumns.SEIZURE_ID]) == {
        refs["s1"], refs["s2"]}
    country = geography.country_details(session, filters, "KEN")
    assert country.seizures == 4 and country.country_name_en == "Kenya"
    assert len(country.latest) == 4
    cell = geography.cell_details(session, filters, refs["s3_cell"], 3)
    assert cell.seizures == 1 and cell.latest.iloc[0][geography.LatestColumns.PORT] == ""
    quiet = geography.port_details(session, filters, refs["dar"])
    assert quiet.found and quiet.seizures == 0 and quiet.latest.empty
    assert not geography.port_details(session, filters, 10**9).found
    assert not geography.country_details(session, filters, "XXX").found


# -- route lines ---------------------------------------------------------------------------

def test_route_lines_pass_through_transits_in_order() -> None:
    points = {"KEN": (-1.3, 36.8), "VNM": (21.0, 105.8), "CHN": (39.9, 116.4)}
    line = routes.route_line(routes.route_countries("KEN", "VNM", "CHN"), points)
    assert line.countries == ("KEN", "VNM", "CHN")
    assert (line.lat[0], line.lon[0]) == (-1.3, 36.8)
    assert (line.lat[-1], line.lon[-1]) == (39.9, 116.4)
    assert (21.0, 105.8) in list(zip(line.lat, line.lon, strict=True))
    assert None not in line.lat and len(line.lat) < 2 * routes.MAX_STEPS


def test_route_lines_break_at_the_antimeridian() -> None:
    points = {"CHN": (39.9, 116.4), "USA": (38.9, -77.0), "FJI": (-18.1, 178.4),
              "NZL": (-41.3, 174.8), "WSM": (-13.8, -171.8)}
    pacific = routes.route_line(("CHN", "USA"), points)
    assert None in pacific.lon
    cut = pacific.lon.index(None)
    assert abs(pacific.lon[cut - 1]) == 180 and pacific.lon[cut - 1] == -pacific.lon[cut + 1]
    assert pacific.lat[cut - 1] == pacific.lat[cut + 1]
    segments = [lon for lon in pacific.lon if lon is not None]
    steps = [abs(b - a) for a, b in zip(segments, segments[1:], strict=False)]
    assert max(s for s in steps if s != 360) < 180
    short = routes.route_line(("FJI", "WSM"), points)
    assert short.lon.count(None) == 1
    assert routes.route_line(("NZL", "FJI"), points).lon.count(None) == 0


def test_route_lines_skip_unknown_countries_and_repeats() -> None:
    points = routes.country_points()
    assert {"KEN", "CHN", "FRA"} <= set(points)
    assert routes.route_countries("KEN", "KEN,VNM", "CHN") == ("KEN", "VNM", "CHN")
    assert routes.route_countries("KEN", "", "KEN") == ("KEN",)
    assert routes.route_line(("KEN", "ZZZ"), points).is_empty
    frame = pd.DataFrame({"o": ["KEN", "XXX"], "t": ["VNM", ""], "d": ["CHN", "CHN"]})
    lines = routes.route_lines(frame, "o", "t", "d")
    assert [len(line.countries) for line in lines] == [3, 1]


# -- figure builders -----------------------------------------------------------------------

def _map_data(**changes) -> MapData:
    """A small MapData by hand."""
    cell = cells_for_point(-1.32, 36.93)[cell_column(3)]
    values = dict(
        resolution=3,
        cells=pd.DataFrame([(cell, 2, 3, 12.5, 2)], columns=list(CellColumns.ALL)),
        ports=pd.DataFrame([
            (1, "NBO", "Nairobi <Jomo>", "airport", "KEN", -1.32, 36.93, 2, 3, 12.5, 2),
            (2, "TZDAR", "Dar es Salaam", "seaport", "TZA", -6.83, 39.29, 0, 0, 0.0, 0),
        ], columns=list(PortColumns.ALL)),
        countries=pd.DataFrame([
            ("KEN", "Kenya", "Kenya", "Quénia", 2, 3, 12.5, 2),
            ("TZA", "Tanzania", "Tanzanie", "Tanzânia", 0, 0, 0.0, 0),
        ], columns=list(CountryColumns.ALL)),
        routes=pd.DataFrame([("KEN", "VNM", "CHN", 2, 12.5), ("TZA", "", "FRA", 1, 0.0)],
                            columns=list(RouteColumns.ALL)),
        seizures=3, located=2, route_count=2, cell_count=1, status="active", start_date=START,
        end_date=START + dt.timedelta(days=27), today=START + dt.timedelta(days=5),
    )
    values.update(changes)
    return MapData(**values)


def map_of(*args, **kwargs) -> go.Figure:
    """figures.map_figure(), validated by plotly."""
    return as_figure(figures.map_figure(*args, **kwargs))


def _traces(figure: go.Figure, kind: str) -> list:
    return [t for t in figure.data if t.type == kind]


def test_map_figure_is_offline_and_draws_every_layer(dash_app) -> None:
    with signed_in(dash_app):
        figure = map_of(_map_data(), Layers.ALL)
    layout = figure.layout.map
    assert layout.style == "white-bg"
    assert all(layer.source == "/geo/countries.geojson" for layer in layout.layers)
    assert {t.type for t in figure.data} == {"choroplethmap", "scattermap"}
    for trace in figure.data:
        assert "text" not in (getattr(trace, "mode", None) or "")
        marker = getattr(trace, "marker", None)
        assert getattr(marker, "symbol", None) in (None, "circle")
    ports = [t for t in _traces(figure, "scattermap") if t.legendgroup == Layers.PORTS]
    assert [t.name for t in ports] == ["Ports without seizures", "Airport"]
    quiet = ports[0]  # drawn first, underneath, and still clickable
    assert quiet.marker.size == figures.PORT_SIZE_EMPTY and not quiet.showlegend
    assert list(quiet.customdata[0][:3]) == ["port", 2, "Dar es Salaam (TZDAR)"]
    assert quiet.marker.color == (figures.PORT_COLOURS["seaport"],)
    assert ports[1].customdata[0][2] == "Nairobi &lt;Jomo&gt; (NBO)"  # names are not markup
    cells = [t for t in _traces(figure, "choroplethmap") if t.legendgroup == Layers.HOTSPOTS]
    assert len(cells) == 1
    assert list(cells[0].customdata[0][:2]) == ["cell", _map_data().cells.iloc[0, 0]]
    routes_drawn = [t for t in figure.data if t.legendgroup == Layers.ROUTES]
    widths = [t.line.width for t in routes_drawn if t.mode == "lines"]
    assert len(widths) == 2 and widths[0] == figures.ROUTE_WIDTH_MAX > widths[1]
    ends = next(t for t in routes_drawn if t.mode == "markers")
    assert len(ends.lat) == 2 and "Kenya → Vietnam → China" in ends.hovertext[0]
    countries = [t for t in figure.data if t.legendgroup == Layers.COUNTRIES]
    assert {t.geojson for t in countries} == {"/geo/countries.geojson"}


def test_layers_switched_off_are_not_drawn_and_weight_recolours(dash_app) -> None:
    with signed_in(dash_app):
        only_cells = map_of(_map_data(), [Layers.HOTSPOTS])
        weight = map_of(_map_data(), [Layers.HOTSPOTS], figures.ColourBy.WEIGHT)
        nothing = map_of(_map_data(), [])
    assert [t.legendgroup for t in only_cells.data] == [Layers.HOTSPOTS]
    # Log colour scale (a few huge seizures must not flatten the rest), ticks in real numbers.
    assert only_cells.data[0].z[0] == pytest.approx(math.log10(1 + 2), abs=1e-4)
    assert weight.data[0].z[0] == pytest.approx(math.log10(1 + 12.5), abs=1e-4)
    assert list(weight.data[0].colorbar.ticktext) == ["0", "1", "10"]
    assert weight.data[0].colorbar.title.text == "kg per cell"
    assert len(nothing.data) == 0 and nothing.layout.map.style == "white-bg"


def test_status_explains_empty_and_partial_maps(dash_app) -> None:


    with signed_in(dash_app):
        normal = text_of(figures.map_status(_map_data(), Layers.ALL, False))
        empty = text_of(figures.map_status(_map_data(seizures=0, located=0), Layers.ALL, True))
        none = text_of(figures.map_status(_map_data(seizures=0, located=0), Layers.ALL,
                                          False))
        early = text_of(figures.map_status(_map_data(today=START - dt.timedelta(days=2)),
                                           Layers.ALL, False))
        closed = text_of(figures.map_status(_map_data(status="closed"), Layers.ALL, False))
        missing = text_of(figures.map_status(None, Layers.ALL, False))
        off = text_of(figures.map_status(_map_data(), [], False))
        capped = text_of(figures.map_status(_map_data(cell_count=900), Layers.ALL, False))
    assert "3 seizures" in normal and "2 with map coordinates" in normal
    assert "2 busiest of 2 routes" in normal
    assert "No seizures match these filters." in empty
    assert "No seizures reported yet" in none
    assert "not started yet" in early
    assert "figures are final" in closed
    assert "does not exist" in missing
    assert "switched off" in off
    assert "1 busiest of 900 cells" in capped and "1 busiest" not in normal


def test_clicks_are_read_as_places_and_anything_else_ignored() -> None:
    cell = cells_for_point(-1.32, 36.93)[cell_column(5)]

    def click(*customdata):
        return {"points": [{"customdata": list(customdata)}]}

    assert figures.place_from_click(click("port", 12, "x")) == ("port", "12")
    assert figures.place_from_click(click("country", "KEN")) == ("country", "KEN")
    assert figures.place_from_click(click("cell", cell)) == ("cell", cell)
    for bad in (None, {}, {"points": []}, click("port", "1; drop"), click("country", "kenya"),
                click("cell", "not-a-cell"), click("route", "x"), {"points": [{"x": 1}]},
                click("cell", cells_for_point(1, 1)[cell_column(7)][:-1] + "0")):
        assert figures.place_from_click(bad) is None


def test_resolution_follows_the_zoom_unless_chosen() -> None:
    assert figures.view_from_relayout({"map.center": {"lon": 10, "lat": 5}, "map.zoom": 3}) == {
        "lat": 5.0, "lon": 10.0, "zoom": 3.0}
    assert figures.view_from_relayout({"map.zoom": float("nan"),
                                       "map.center": {"lon": 1, "lat": 1}}) is None
    assert figures.resolution_for_zoom(1.2) == 3
    assert figures.resolution_for_zoom(5) == 3
    assert figures.resolution_for_zoom(7) == 5
    assert figures.resolution_for_zoom(9.5) == 7
    assert figures.resolution_for_zoom(None, 5) == 5
    assert figures.chosen_resolution("auto", 7, 3) == 7
    assert figures.chosen_resolution("auto", None, 3) == 3
    assert figures.chosen_resolution("5", 7, 3) == 5
    assert figures.chosen_resolution("4", None, 3) == 3


def test_panel_shows_user_text_as_text(dash_app) -> None:


    latest = pd.DataFrame([(1, START, "KEN", "Kenya", "Kenya", "Quénia", "<script>x</script>",
                            "road", 0)], columns=list(geography.LatestColumns.ALL))
    items = pd.DataFrame([(1, "Loxodonta africana", "African elephant", "Éléphant", "Elefante",
                           "TUS", "Tusks", "Défenses", "Presas", 12.5, "KIL", "Kilograms",
                           "Kilogrammes", "Quilogramas")] * 3,
                         columns=list(geography.LatestItemColumns.ALL))
    details = geography.PlaceDetails(
        kind="port", key="1", name="<b>Port</b>", location_kind="airport", country_iso3="KEN",
        country_name_en="Kenya", country_name_fr="Kenya", country_name_pt="Quénia",
        seizures=1, items=3, mass_kg=37.5, arrests=0, latest=latest, items_of_latest=items)
    with signed_in(dash_app):
        panel = figures.place_panel(details)
        text = text_of(panel)
        empty = text_of(figures.place_panel(None))
    assert "<b>Port</b>" in text and "<script>x</script>" in text  # plain strings, escaped
    assert "African elephant (Loxodonta africana), Tusks: 12.5 kg" in text
    assert "and 1 more" in text and "37.5" in text and "Airport · Kenya" in text
    assert "Click a port" in empty
    assert "dangerously" not in json.dumps(panel.to_plotly_json(), default=str)


# -- callbacks on the demo database --------------------------------------------------------

def _key(dash_app, search: str) -> dict:
    with signed_in(dash_app):
        key, _updated = map_heartbeat(search, 0, None)
    return key


def _points(trace) -> int:
    """How many points a trace sends (locations for choropleths)."""
    values = trace.locations if trace.type == "choroplethmap" else trace.lat
    return 0 if values is None else len(values)


def shown_map(*args):
    """show_map() with its figure as a go.Figure."""
    figure, status = show_map(*args)
    return as_figure(figure), status


def test_demo_map_stays_small_and_aggregated(dash_app) -> None:
    key = _key(dash_app, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        figure, status = shown_map(key, list(Layers.ALL), "count", "auto", None)
        fine, _status = shown_map(key, list(Layers.ALL), "weight", "7", None)
    for fig in (figure, fine):
        size = len(fig.to_json())
        assert size < MAX_FIGURE_BYTES, size
        # No trace carries a point per seizure (800 in the demo): cells, ports, the top
        # routes' destinations; route lines come in a few width classes, whatever the data.
        assert all(_points(t) < 800 for t in fig.data if getattr(t, "mode", None) != "lines")
        lines = [t for t in fig.data if getattr(t, "mode", None) == "lines"]
        assert len(lines) <= figures.ROUTE_WIDTH_CLASSES
    assert "800 seizures" in text_of(status)
    ends = next(t for t in figure.data if t.legendgroup == Layers.ROUTES and t.mode == "markers")
    assert len(ends.lat) == 25  # settings.map.top_routes
    lines = [t for t in figure.data if t.legendgroup == Layers.ROUTES and t.mode == "lines"]
    assert 0 < len(lines) <= figures.ROUTE_WIDTH_CLASSES
    ports = sum(_points(t) for t in figure.data if t.legendgroup == Layers.PORTS)
    assert ports > 300  # every port of the operation, most without seizures


def test_map_callback_handles_filters_unknown_operations_and_zoom(dash_app) -> None:
    with signed_in(dash_app):
        nothing, status = shown_map(_key(dash_app, f"?operation={ACTIVE}&from=2099-01-01"),
                                   list(Layers.ALL), "count", "auto", None)
        assert "No seizures match these filters." in text_of(status)
        assert any(t.legendgroup == Layers.PORTS for t in nothing.data)
        unknown, status = shown_map(_key(dash_app, "?operation=NOPE"), [], "count", "auto",
                                   None)
        assert "does not exist" in text_of(status)
        kenya, _status = shown_map(_key(dash_app, f"?operation={ACTIVE}&country=KEN"),
                                  [Layers.PORTS], "count", "auto", None)
        assert kenya.layout.map.zoom > figures.WORLD_ZOOM
        key = _key(dash_app, f"?operation={ACTIVE}")
        pan = {"map.center": {"lon": 36.9, "lat": -1.3}, "map.zoom": 9.4, "map.bearing": 0}
        view, resolution = remember_view(pan, 3, key)
        assert resolution == 7 and view["zoom"] == 9.4 and view["revision"] == ACTIVE
        again, unchanged = remember_view({**pan, "map.zoom": 10.5}, 7, key)
        assert unchanged is dash.no_update and again["zoom"] == 10.5
        for event in ({"autosize": True}, None, {"map.center": "x", "map.zoom": 3},
                      {"map.center": {"lon": 0, "lat": 95}, "map.zoom": 3}):
            with pytest.raises(PreventUpdate):
                remember_view(event, None, key)
        # A redraw keeps the user's view; another operation or place filter starts afresh.
        kept, _status = shown_map(key, [Layers.COUNTRIES], "count", "auto", 7, view)
        assert kept.layout.map.zoom == 9.4 and kept.layout.map.center.lon == 36.9
        fresh, _status = shown_map(_key(dash_app, "?operation=THUNDER-2025"),
                                  [Layers.COUNTRIES], "count", "auto", 7, view)
        assert fresh.layout.map.zoom == figures.WORLD_ZOOM


def test_panel_callback_shows_a_clicked_port_and_country(dash_app) -> None:
    key = _key(dash_app, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        figure, _status = shown_map(key, [Layers.PORTS, Layers.HOTSPOTS], "count", "3", None)
        busiest = next(t for t in figure.data if t.legendgroup == Layers.PORTS)
        point = max(busiest.customdata, key=lambda c: c[3])
        port = text_of(show_place({"points": [{"customdata": list(point)}]}, key))
        cell_trace = next(t for t in figure.data if t.legendgroup == Layers.HOTSPOTS)
        cell = text_of(show_place(
            {"points": [{"customdata": list(cell_trace.customdata[0])}]}, key))
        country = text_of(show_place({"points": [{"customdata": ["country", "KEN"]}]},
                                            key))
        idle = text_of(show_place(None, key))
        forged = text_of(show_place({"points": [{"customdata": ["port", "x"]}]}, key))
    assert "Latest seizures" in port and re.search(r"Seizures\s+\d", port)
    assert "Hotspot cell" in cell and "Latest seizures" in cell
    assert "Kenya" in country and "Reporting country" in country
    assert "Click a port" in idle and "Click a port" in forged


# -- the commander's journey ---------------------------------------------------------------

def _map_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a lon/lat on the map (asked of MapLibre itself)."""
    x, y = page.evaluate(
        """([lon, lat]) => {
            const gd = document.querySelector('#map-graph .js-plotly-plot');
            const p = gd._fullLayout.map._subplot.map.project([lon, lat]);
            return [p.x, p.y];
        }""", [lon, lat])
    box = page.locator(f"#{ids.MAP_GRAPH} .maplibregl-canvas").bounding_box()
    return box["x"] + x, box["y"] + y


@pytest.mark.browser
def test_commander_opens_map_and_toggles_layers(signed_in_as, watched_page, live_server):
    page, watch = watched_page
    signed_in_as(page, "commander", path="/map")
    page.goto(f"{live_server}/map?operation={ACTIVE}")
    expect(page.locator(f"#{ids.MAP_GRAPH} .maplibregl-canvas")).to_be_visible(timeout=WAIT)
    status = page.locator(f"#{ids.MAP_STATUS}")
    expect(status).to_contain_text("800 seizures under these filters", timeout=WAIT)
    legend = page.locator(f"#{ids.MAP_GRAPH} .legend")
    expect(legend).to_contain_text("Airport", timeout=WAIT)
    expect(legend).to_contain_text("Routes (line width: seizures)", timeout=WAIT)
    expect(page.locator(f"#{ids.MAP_GRAPH} .colorbar")).to_have_count(2, timeout=WAIT)

    # Switch the ports layer off: its legend entries go, the rest stays.
    page.locator(f"#{ids.MAP_LAYERS}").get_by_text("Ports", exact=True).click()
    expect(legend).not_to_contain_text("Airport", timeout=WAIT)
    expect(legend).to_contain_text("Routes (line width: seizures)", timeout=WAIT)

    # Colour by weight: the cells' colour bar now reads in kilograms.
    page.locator(f"#{ids.MAP_COLOUR_BY}").get_by_text("Weight (kg)").click()
    colour_bars = page.locator(f"#{ids.MAP_GRAPH} .colorbar")
    expect(colour_bars.first).to_contain_text("kg per", timeout=WAIT)

    # Switch routes off too, then click China: the side panel shows the country's figures.
    page.locator(f"#{ids.MAP_LAYERS}").get_by_text("Routes", exact=True).click()
    expect(legend).not_to_contain_text("Routes (line width: seizures)", timeout=WAIT)
    panel = page.locator(f"#{ids.MAP_PANEL}")
    expect(panel).to_contain_text("Click a port", timeout=WAIT)
    x, y = _map_point(page, 34.0, 103.0)
    page.mouse.click(x, y)
    expect(panel).to_contain_text("Reporting country", timeout=WAIT)
    expect(panel).to_contain_text("China", timeout=WAIT)
    expect(panel).to_contain_text("Latest seizures", timeout=WAIT)
    assert not any("openmaptiles" in url or "carto" in url for url in watch.requests)
