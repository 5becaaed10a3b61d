"""Figures of the overview: seizures per day and a compact hotspot map."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashboard.figures.style import PALETTE, empty_figure, house_figure
from dashboard.i18n import _, format_date, format_number
from dashboard.paths import COUNTRIES_GEOJSON
from data_access.queries.overview import DailyColumns, HotspotColumns

DAILY_HEIGHT = 300
MAP_HEIGHT = 300
# Largest marker on the compact map, in pixels of diameter.
MAX_MARKER = 28


def daily_seizures_figure(daily: pd.DataFrame, today: dt.date | None = None) -> dict[str, Any]:
    """Seizures per day as bars, today's bar marked."""
    if daily.empty:
        return empty_figure(_("No operation day matches these dates."), DAILY_HEIGHT)
    if int(daily[DailyColumns.SEIZURES].sum()) == 0:
        return empty_figure(_("No seizures reported yet for this filter."), DAILY_HEIGHT)
    dates = list(daily[DailyColumns.DATE])
    labels = [format_date(d, "d MMM") for d in dates]
    colours = [PALETTE[1] if d == today else PALETTE[0] for d in dates]
    layout: dict[str, Any] = {
        "margin": {"l": 56, "r": 16, "t": 16, "b": 56}, "bargap": 0.15,
        "xaxis": {"type": "category", "title": {"text": _("Seizure date")}, "tickangle": -45,
                  "tickfont": {"size": 11}},
        "yaxis": {"title": {"text": _("Seizures (count)")}, "rangemode": "tozero"},
    }
    if today in dates:
        layout["annotations"] = [{"x": labels[dates.index(today)], "y": 1, "yref": "paper",
                                  "text": _("today"), "showarrow": False,
                                  "yanchor": "bottom",
                                  "font": {"size": 11, "color": "#495057"}}]
    return house_figure([{
        "type": "bar", "x": labels, "y": daily[DailyColumns.SEIZURES].to_numpy(),
        "marker": {"color": colours}, "customdata": [format_date(d) for d in dates],
        "hovertemplate": "%{customdata}<br>" + _("Seizures") + ": %{y}<extra></extra>",
    }], DAILY_HEIGHT, **layout)


def hotspot_map(cells: pd.DataFrame) -> dict[str, Any]:
    """Seizures per H3 cell as circles sized by count on an offline world map.

    MapLibre with a white background and the app's own country outlines: no tiles, no
    glyphs, no icons are fetched (circle markers only, no text on the map).
    """
    if cells.empty:
        return empty_figure(_("No seizure with a location for this filter."), MAP_HEIGHT)
    counts = cells[HotspotColumns.SEIZURES]
    return house_figure([{
        "type": "scattermap", "lat": cells[HotspotColumns.LAT].round(3).to_numpy(),
        "lon": cells[HotspotColumns.LON].round(3).to_numpy(), "mode": "markers",
        "marker": {"size": counts.to_numpy(), "sizemode": "area",
                   "sizeref": 2.0 * float(counts.max()) / MAX_MARKER ** 2, "sizemin": 3,
                   "color": PALETTE[5], "opacity": 0.75},
        "customdata": [format_number(n) for n in counts],
        "hovertemplate": _("Seizures") + ": %{customdata}<extra></extra>",
    }], MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        map={"style": "white-bg", "center": {"lat": 15, "lon": 20}, "zoom": 0.35,
             "layers": [
                 {"sourcetype": "geojson", "source": COUNTRIES_GEOJSON, "type": "fill",
                  "color": "#e9ecef", "below": "traces"},
                 {"sourcetype": "geojson", "source": COUNTRIES_GEOJSON, "type": "line",
                  "color": "#adb5bd", "line": {"width": 0.5}, "below": "traces"},
             ]},
        # Keep the user's pan and zoom when the live refresh redraws the map.
        uirevision="hotspots")
