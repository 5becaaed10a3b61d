"""Trafficking routes as map lines: origin -> transit countries -> destination, drawn between
the countries' representative points as great-circle arcs and cut at the antimeridian."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.reference import CountryColumns, load_countries

# How a route's transit countries are joined in one text value ("CHN,VNM").
TRANSIT_SEPARATOR = ","
# One interpolated point per this many degrees of arc: smooth enough on a world map while
# keeping a 25-route figure to a few thousand coordinates.
DEGREES_PER_STEP = 3.0
MAX_STEPS = 60
_HALF_TURN = 180.0


@dataclass(frozen=True)
class RouteLine:
    """One route's polyline: lon/lat lists where None breaks the line (at the antimeridian)."""

    countries: tuple[str, ...]  # the ISO-3 codes drawn, in route order (unknown ones left out)
    lat: list[float | None]  # shared by every caller of the same route: read, never changed
    lon: list[float | None]

    @property
    def is_empty(self) -> bool:
        """Whether nothing can be drawn (fewer than two known countries)."""
        return len(self.countries) < 2


def country_points(countries: pd.DataFrame | None = None) -> dict[str, tuple[float, float]]:
    """ISO-3 -> (lat, lon) of each country's representative point (load_countries())."""
    frame = load_countries() if countries is None else countries
    return {
        iso3: (float(lat), float(lon))
        for iso3, lat, lon in zip(frame[CountryColumns.ISO3], frame[CountryColumns.LAT],
                                  frame[CountryColumns.LON], strict=True)
        if pd.notna(lat) and pd.notna(lon)
    }


def split_transits(value: str | None) -> tuple[str, ...]:
    """The transit ISO-3 codes of a route from their joined text ("" when none)."""
    if not value or not isinstance(value, str):
        return ()
    return tuple(code for code in value.split(TRANSIT_SEPARATOR) if code)


def route_countries(origin: str, transits: str | Sequence[str] | None,
                    destination: str) -> tuple[str, ...]:
    """Origin, transits and destination in order, without immediate repeats."""
    middle = tuple(transits) if isinstance(transits, list | tuple) else split_transits(transits)
    chain: list[str] = []
    for code in (origin, *middle, destination):
        if code and (not chain or chain[-1] != code):
            chain.append(code)
    return tuple(chain)


def _unit_vector(lat: float, lon: float) -> np.ndarray:
    """A point on the unit sphere."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.array([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def great_circle(start: tuple[float, float], end: tuple[float, float],
                 degrees_per_step: float = DEGREES_PER_STEP) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes (in [-180, 180]) along the shorter great circle."""
    a, b = _unit_vector(*start), _unit_vector(*end)
    omega = float(np.arccos(np.clip(np.dot(a, b), -1.0, 1.0)))
    steps = int(min(MAX_STEPS, max(1, np.ceil(np.degrees(omega) / degrees_per_step))))
    t = np.linspace(0.0, 1.0, steps + 1)
    if omega < 1e-9 or abs(omega - np.pi) < 1e-6:
        # Same point, or antipodes (no single great circle): a straight lon/lat line.
        lats = start[0] + t * (end[0] - start[0])
        lons = start[1] + t * (end[1] - start[1])
        return lats, lons
    points = (np.sin((1 - t) * omega)[:, None] * a + np.sin(t * omega)[:, None] * b) / np.sin(
        omega)
    lats = np.degrees(np.arcsin(np.clip(points[:, 2], -1.0, 1.0)))
    lons = np.degrees(np.arctan2(points[:, 1], points[:, 0]))
    # Keep the exact end points (the arithmetic above can drift in the last decimals).
    lats[0], lons[0], lats[-1], lons[-1] = start[0], start[1], end[0], end[1]
    return lats, lons


def cut_at_antimeridian(lats: Sequence[float], lons: Sequence[float]
                        ) -> tuple[list[float | None], list[float | None]]:
    """A polyline as lon/lat lists, broken with None where it crosses the 180th meridian, so
    that a flat map does not draw a stroke across the whole world."""
    out_lat: list[float | None] = []
    out_lon: list[float | None] = []
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        if i:
            prev_lat, prev_lon = out_lat[-1], out_lon[-1]
            jump = lon - prev_lon
            if abs(jump) > _HALF_TURN:
                edge = _HALF_TURN if prev_lon > 0 else -_HALF_TURN
                unwrapped = lon + (360.0 if edge > 0 else -360.0)
                share = (edge - prev_lon) / (unwrapped - prev_lon)
                crossing = prev_lat + share * (lat - prev_lat)
                out_lat += [round(crossing, 4), None, round(crossing, 4)]
                out_lon += [edge, None, -edge]
        out_lat.append(round(float(lat), 4))
        out_lon.append(round(float(lon), 4))
    return out_lat, out_lon


def route_line(countries: Sequence[str], points: Mapping[str, tuple[float, float]]
               ) -> RouteLine:
    """The polyline through the known points of a chain of countries."""
    known = tuple(c for c in countries if c in points)
    chain = tuple(c for i, c in enumerate(known) if i == 0 or known[i - 1] != c)
    if len(chain) < 2:
        return RouteLine(chain, [], [])
    return _line_through(tuple((code, points[code]) for code in chain))


# The busiest routes of an operation are drawn again on every map refresh; their lines
# depend only on the countries' points (about 0.1 ms a route: 2.5 ms for the default 25
# routes, 20 ms for 200).
@functools.lru_cache(maxsize=4096)
def _line_through(stops: tuple[tuple[str, tuple[float, float]], ...]) -> RouteLine:
    """The great-circle polyline through (code, point) stops, cut at the antimeridian."""
    lats: list[float] = []
    lons: list[float] = []
    for (_start_code, start), (_end_code, end) in zip(stops, stops[1:], strict=False):
        leg_lat, leg_lon = great_circle(start, end)
        skip = 1 if lats else 0  # the leg's first point is the previous leg's last
        lats += leg_lat[skip:].tolist()
        lons += leg_lon[skip:].tolist()
    lat, lon = cut_at_antimeridian(lats, lons)
    return RouteLine(tuple(code for code, _point in stops), lat, lon)


def route_lines(routes: pd.DataFrame, origin: str, transits: str, destination: str,
                points: Mapping[str, tuple[float, float]] | None = None) -> list[RouteLine]:
    """One RouteLine per row of `routes` (same order), from its origin, transit and
    destination columns; points default to the countries of load_countries()."""
    points = country_points() if points is None else points
    return [
        route_line(route_countries(o, t, d), points)
        for o, t, d in zip(routes[origin], routes[transits], routes[destination], strict=True)
    ]
