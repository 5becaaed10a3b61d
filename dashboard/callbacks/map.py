"""Callbacks of the map page: the heartbeat, the zoom-driven cell size, the map and the side
panel of the clicked place."""

from __future__ import annotations

from typing import Any

import dash
import h3
from dash import Input, Output, State, callback, ctx

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.callbacks.live import register_heartbeat
from dashboard.context import current_settings
from dashboard.database import read_session
from dashboard.figures import map as figures
from dashboard.server.cache import cached_output
from dashboard.ui import components
from dashboard.ui.filter_bar import FilterState, is_filtered, state_from_search
from dashboard.ui.live import key_operation, not_found_message, view_of
from data_access.queries import geography

LIVE = ids.MAP_LIVE


map_heartbeat = register_heartbeat(LIVE)


def _revision(key: dict[str, Any] | None) -> str:
    """What the map's view belongs to: a new operation or place filter starts a new view."""
    search = key.get("search") if isinstance(key, dict) else None
    state = state_from_search(search if isinstance(search, str) else None)
    return "|".join((key_operation(key) or "", *state.regions, *state.countries))


@callback(
    Output(ids.MAP_VIEW, "data"),
    Output(ids.MAP_ZOOM_RESOLUTION, "data"),
    Input(ids.MAP_GRAPH, "relayoutData"),
    State(ids.MAP_ZOOM_RESOLUTION, "data"),
    State(LIVE.version, "data"),
    prevent_initial_call=True,
)
@allow(*COMMAND_CENTRE_ROLES)
def remember_view(relayout: dict | None, known: int | None, key: dict[str, Any] | None):
    """Keep the user's centre and zoom for the next redraw, and the cell size that suits the
    zoom (changed only when the zoom crosses into another band, which redraws the cells)."""
    view = figures.view_from_relayout(relayout)
    if view is None:
        raise dash.exceptions.PreventUpdate
    resolution = figures.resolution_for_zoom(view["zoom"])
    return ({**view, "revision": _revision(key)},
            dash.no_update if resolution == known else resolution)


def _triggered_id() -> Any:
    """The id of the input that fired the callback (None when called as a plain function)."""
    try:
        return ctx.triggered_id
    except dash.exceptions.MissingCallbackContextException:
        return None


def _layers(values: list[str] | None) -> tuple[str, ...]:
    """The known layers among the switches' values."""
    return tuple(layer for layer in geography.Layers.ALL if layer in (values or []))


@callback(
    Output(ids.MAP_GRAPH, "figure"),
    Output(ids.MAP_STATUS, "children"),
    Input(LIVE.version, "data"),
    Input(ids.MAP_LAYERS, "value"),
    Input(ids.MAP_COLOUR_BY, "value"),
    Input(ids.MAP_RESOLUTION, "value"),
    Input(ids.MAP_ZOOM_RESOLUTION, "data"),
    State(ids.MAP_VIEW, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
def show_map(key: dict[str, Any] | None, layer_values: list[str] | None,
             colour_by: str | None, resolution_choice: str | None, zoom_res: int | None,
             view: dict | None = None):
    """The chosen layers of the operation under the filters, aggregated in the database."""
    if _triggered_id() == ids.MAP_ZOOM_RESOLUTION and \
            resolution_choice != figures.RESOLUTION_AUTO:
        raise dash.exceptions.PreventUpdate  # a zoom only matters to automatic cell sizes
    return _show_map(key, layer_values, colour_by, resolution_choice, zoom_res, view)


@cached_output("map.show_map")
def _show_map(key: dict[str, Any] | None, layer_values: list[str] | None,
              colour_by: str | None, resolution_choice: str | None, zoom_res: int | None,
              view: dict | None):
    """show_map()'s figure and status, remembered for the same key and choices."""
    layers = _layers(layer_values)
    settings = current_settings().map
    resolution = figures.chosen_resolution(resolution_choice, zoom_res,
                                           settings.hotspot_resolution)
    with read_session() as session:
        live = view_of(key)
        data = None if live is None else geography.map_data(
            session, live.filters, resolution=resolution, layers=layers,
            top_routes_limit=settings.top_routes)
    state = live.state if live is not None else FilterState()
    revision = _revision(key)
    kept = figures.view_from_relayout(
        {"map.center": view, "map.zoom": view.get("zoom")}
    ) if isinstance(view, dict) and view.get("revision") == revision else None
    return (figures.map_figure(data, layers, colour_by or figures.ColourBy.COUNT,
                               fit=bool(state.regions or state.countries), revision=revision,
                               view=kept),
            figures.map_status(data, layers, is_filtered(state)))


@callback(
    Output(ids.MAP_PANEL, "children"),
    Input(ids.MAP_GRAPH, "clickData"),
    Input(LIVE.version, "data"),
)
@allow(*COMMAND_CENTRE_ROLES)
def show_place(click: dict | None, key: dict[str, Any] | None):
    """Figures and latest seizures of the clicked port, cell or country under the filters."""
    place = figures.place_from_click(click)
    if place is None:
        return figures.place_panel(None)
    return _show_place(place, key)


@cached_output("map.show_place")
def _show_place(place: tuple[str, str], key: dict[str, Any] | None):
    """show_place()'s panel, remembered for the same place and key."""
    kind, place_key = place
    with read_session() as session:
        live = view_of(key)
        if live is None:
            return components.empty_state(not_found_message())
        filters = live.filters
        if kind == figures.PlaceKinds.PORT:
            details = geography.port_details(session, filters, int(place_key))
        elif kind == figures.PlaceKinds.COUNTRY:
            details = geography.country_details(session, filters, place_key)
        else:
            details = geography.cell_details(session, filters, place_key,
                                             h3.get_resolution(place_key))
    return figures.place_panel(details)
