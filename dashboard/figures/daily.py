"""Builders of the daily page: stacked bars per day, the cumulative curve compared with
earlier operations by operation day, and the heat-shaded country x day grid."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashboard.figures.style import PALETTE, count_axis, empty_figure, house_figure
from dashboard.i18n import N_, _, format_date, format_number, localized
from data_access.queries.daily import (
    OTHER,
    CountryDayGrid,
    CurveColumns,
    GridColumns,
    StackBy,
    TallyColumns,
)


class Measure:
    """What the daily charts count."""

    SEIZURES = "seizures"
    ITEMS = "items"
    ALL = (SEIZURES, ITEMS)


MEASURE_LABELS = {Measure.SEIZURES: N_("Seizures"), Measure.ITEMS: N_("Seizure items")}
STACK_LABELS = {StackBy.REGION: N_("Region"), StackBy.COMMODITY: N_("Commodity")}
# Countries listed in the country x day grid unless the user asks for all of them.
DEFAULT_COUNTRY_ROWS = 30
# Height in pixels of the two charts (the page gives each graph the same fixed height).
CHART_HEIGHT = 380
# ColorBrewer YlGnBu (colour-blind safe, sequential), light for few seizures, dark for most.
HEAT_COLOURS = ("#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
                "#081d58")
# The WCO regions keep their colour whatever the filters (other codes: by rank).
REGION_COLOURS = {"AP": PALETTE[0], "EUR": PALETTE[1], "AMER": PALETTE[2], "WCA": PALETTE[3],
                  "ESA": PALETTE[4], "MENA": PALETTE[5]}
# Earlier operations: the house palette after this operation's blue.
PAST_OPERATION_COLOURS = PALETTE[1:6]
PAST_DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot")


def _short_date(day: dt.date) -> str:
    """A date as day and month, in the user's language (e.g. 11 Nov)."""
    return format_date(day, "d MMM")


def measure_options() -> list[dict[str, str]]:
    """Choices of the measure switch."""
    return [{"label": _(label), "value": key} for key, label in MEASURE_LABELS.items()]


def stack_options() -> list[dict[str, str]]:
    """Choices of the stack switch."""
    return [{"label": _(label), "value": key} for key, label in STACK_LABELS.items()]


def _day_edge(day: dt.date, hours: int) -> str:
    """A moment some hours from a day's midnight, as plotly reads dates."""
    return (pd.Timestamp(day) + pd.Timedelta(hours=hours)).isoformat()


def _measure_column(measure: str) -> str:
    return TallyColumns.ITEMS if measure == Measure.ITEMS else TallyColumns.SEIZURES


def daily_stack(frame: pd.DataFrame, measure: str = Measure.SEIZURES,
                stack_by: str = StackBy.REGION, dates: tuple[dt.date, ...] = (),
                height: int = CHART_HEIGHT,
                empty_message: str | None = None) -> dict[str, Any]:
    """Seizures (or items) per day as bars stacked by region or commodity."""
    if frame.empty:
        return empty_figure(empty_message or _("No seizures match this filter."), height)
    column = _measure_column(measure)
    what = _(MEASURE_LABELS.get(measure, MEASURE_LABELS[Measure.SEIZURES]))
    totals = frame.groupby(TallyColumns.CATEGORY)[column].sum().sort_values(ascending=False)
    categories = [c for c in totals.index if c != OTHER] + (
        [OTHER] if OTHER in totals.index else [])
    traces = []
    for n, category in enumerate(categories):
        part = frame[frame[TallyColumns.CATEGORY] == category]
        if category == OTHER:
            name, colour = _("Other commodities"), "#adb5bd"
        else:
            first = part.iloc[0]
            name = localized(first, "label") or category
            if stack_by == StackBy.COMMODITY:
                name = f"{name} ({category})"
            colour = (REGION_COLOURS.get(category) if stack_by == StackBy.REGION else None) \
                or PALETTE[n % len(PALETTE)]
        traces.append({
            "type": "bar", "x": [d.isoformat() for d in part[TallyColumns.DATE]],
            "y": part[column].to_numpy(), "name": name, "marker": {"color": colour},
            "customdata": [[_short_date(d), format_number(day)] for d, day in
                           zip(part[TallyColumns.DATE], part[TallyColumns.DAY], strict=True)],
            "hovertemplate": f"<b>{name}</b><br>%{{customdata[0]}} · " + _("day") +
                             " %{customdata[1]}<br>" + what + ": %{y:,}<extra></extra>",
        })
    days = list(dates) or sorted(set(frame[TallyColumns.DATE]))
    step = max(1, len(days) // 10)
    ticks = days[::step]
    layout: dict[str, Any] = {
        "barmode": "stack",
        "legend": {"title": {"text": _(STACK_LABELS.get(stack_by,
                                                        STACK_LABELS[StackBy.REGION]))}},
        "xaxis": {"title": {"text": _("Date (reporting country's local date)")},
                  "tickvals": [d.isoformat() for d in ticks],
                  "ticktext": [_short_date(d) for d in ticks],
                  "range": [_day_edge(days[0], -12), _day_edge(days[-1], 12)]},
        "yaxis": count_axis(_("{what} per day (number)").format(what=what),
                             frame.groupby(TallyColumns.DATE)[column].sum().max()),
    }
    if stack_by == StackBy.COMMODITY and measure == Measure.SEIZURES:
        layout["annotations"] = [{
            "text": _("A seizure of several commodities counts once in each."),
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 1, "y": -0.28,
            "xanchor": "right", "font": {"size": 12, "color": "#6c757d"}}]
        layout["margin"] = {"b": 80}
    return house_figure(traces, height, **layout)


def cumulative_comparison(frame: pd.DataFrame, measure: str = Measure.SEIZURES,
                          height: int = CHART_HEIGHT,
                          empty_message: str | None = None) -> dict[str, Any]:
    """Running totals by operation day: this operation, thick, and earlier ones, dashed."""
    if frame.empty or not frame[CurveColumns.IS_CURRENT].any():
        return empty_figure(empty_message or _("No seizures match this filter."), height)
    c = CurveColumns
    column = c.CUMULATIVE_ITEMS if measure == Measure.ITEMS else c.CUMULATIVE_SEIZURES
    what = _(MEASURE_LABELS.get(measure, MEASURE_LABELS[Measure.SEIZURES]))
    traces = []
    past = 0
    for _oid, part in frame.groupby(c.OPERATION_ID, sort=False):
        first = part.iloc[0]
        current = bool(first[c.IS_CURRENT])
        if current:
            line = {"color": PALETTE[0], "width": 4}
            name = _("{name} (this operation)").format(name=first[c.NAME])
        else:
            line = {"color": PAST_OPERATION_COLOURS[past % len(PAST_OPERATION_COLOURS)],
                    "width": 2, "dash": PAST_DASHES[past % len(PAST_DASHES)]}
            name = str(first[c.NAME])
            past += 1
        traces.append({
            "type": "scatter", "x": part[c.DAY].to_numpy(), "y": part[column].to_numpy(),
            "name": name, "mode": "lines+markers" if current else "lines", "line": line,
            "marker": {"size": 6},
            "hovertemplate": f"<b>{name}</b><br>" + _("Day") + " %{x}<br>" + what
                             + ": %{y:,}<extra></extra>",
        })
    last_day = int(frame[c.DAY].max())
    return house_figure(
        traces, height,
        xaxis={"title": {"text": _("Operation day (day 1 = first day)")},
               "dtick": 1 if last_day <= 14 else 2, "range": [0.5, last_day + 0.5]},
        yaxis=count_axis(_("{what}, cumulative (number)").format(what=what),
                          frame[column].max()))


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb or #rgb colour (WCAG 2)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = []
    for i in (0, 2, 4):
        v = int(digits[i:i + 2], 16) / 255
        channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG ratio)."""
    lum = _luminance(background)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return "#000" if on_black >= on_white else "#fff"


def heat_colour(value: int, highest: int) -> str:
    """The shade of a count: one of HEAT_COLOURS, darker for counts nearer the highest."""
    if highest <= 0:
        return HEAT_COLOURS[0]
    step = min(len(HEAT_COLOURS) - 1, int((value - 1) * len(HEAT_COLOURS) / highest))
    return HEAT_COLOURS[max(0, step)]


ROW_HEIGHT = 24  # pixels per country row of the country x day grid


def grid_height(rows: int) -> int:
    """Height in pixels of a country x day grid figure with that many country rows."""
    return 120 + ROW_HEIGHT * (rows + 1)


def country_day_heatmap(grid: CountryDayGrid | None, show_all: bool = False,
                        empty_message: str | None = None) -> dict[str, Any]:
    """Participating countries (rows, most seizures first) x operation days (columns): each
    cell a seizure count printed on its shade (ColorBrewer YlGnBu, black or white text,
    whichever contrasts more), a total column and a total-per-day row.

    Two heatmaps and one text trace, so the figure stays small and quick to draw (an HTML
    table of 130 x 31 cells is thousands of components, too slow for Dash's renderer)."""
    if grid is None or grid.countries.empty or not grid.dates:
        if grid is None or grid.dates:
            message = _("No participating country matches this filter.")
        elif grid.start_date > dt.date.today():
            message = _("This operation has not started yet.")
        else:  # started, but the date filter leaves none of its days
            message = _("No operation day matches these dates.")
        return empty_figure(empty_message or message, 240)
    countries = grid.countries if show_all else grid.countries.head(DEFAULT_COUNTRY_ROWS)
    dates = list(grid.dates)
    shown = set(dates)
    listed = set(grid.countries[GridColumns.ISO3])
    counts = grid.counts[grid.counts[GridColumns.DATE].isin(shown)
                         & grid.counts[GridColumns.ISO3].isin(listed)]
    cells = {(iso, d): int(n) for iso, d, n in counts[
        [GridColumns.ISO3, GridColumns.DATE, GridColumns.SEIZURES]].itertuples(index=False)}
    highest = max(cells.values(), default=0)
    names = [localized(r, "name") for r in countries.itertuples(index=False)]
    isos = countries[GridColumns.ISO3].tolist()
    days = [str((d - grid.start_date).days + 1) for d in dates]
    total_label, day_total_label = _("Total"), _("Total per day")
    columns = [*days, total_label]
    rows = [*names, day_total_label]
    bins = len(HEAT_COLOURS)
    # Two heatmaps share the grid: cells whose shade needs black text, and those needing
    # white text (WCAG contrast), each printing its counts in that colour.
    white_bins = {i for i, colour in enumerate(HEAT_COLOURS) if text_colour(colour) == "#fff"}
    layers: dict[bool, tuple[list, list]] = {False: ([], []), True: ([], [])}
    for iso in isos:
        for z, data in layers.values():
            z.append([])
            data.append([])
        for d in dates:
            n = cells.get((iso, d), 0)
            level = HEAT_COLOURS.index(heat_colour(n, highest)) if n else None
            for white, (z, data) in layers.items():
                mine = level is not None and (level in white_bins) == white
                z[-1].append(level if mine else None)
                data[-1].append(format_number(n) if mine else "")
    day_totals = counts.groupby(GridColumns.DATE)[GridColumns.SEIZURES].sum()
    # Totals, in bold on no shade: per country (last column), per day (last row), overall.
    totals = [(total_label, name, int(t))
              for name, t in zip(names, countries["total"], strict=True)]
    totals += [(label, day_total_label, int(day_totals.get(d, 0)))
               for d, label in zip(dates, days, strict=True)]
    totals.append((total_label, day_total_label, int(counts[GridColumns.SEIZURES].sum())))
    scale = []
    for i, colour in enumerate(HEAT_COLOURS):
        scale += [[i / bins, colour], [(i + 1) / bins, colour]]
    hovertemplate = ("%{y} · " + _("Day") + " %{x}<br>" + _("Seizures") +
                     ": %{text}<extra></extra>")
    traces: list[dict[str, Any]] = [{
        "type": "heatmap", "x": days, "y": names, "z": z, "text": data, "zmin": -0.5,
        "zmax": bins - 0.5, "colorscale": scale, "showscale": False, "xgap": 1, "ygap": 1,
        "hoverongaps": False, "texttemplate": "%{text}", "hovertemplate": hovertemplate,
        "textfont": {"color": "#fff" if white else "#000", "size": 12},
    } for white, (z, data) in layers.items()]
    traces.append({
        "type": "scatter", "x": [t[0] for t in totals], "y": [t[1] for t in totals],
        "mode": "text", "hoverinfo": "skip",
        "text": [f"<b>{format_number(t[2])}</b>" for t in totals], "showlegend": False,
        "textfont": {"color": "#212529", "size": 12},
    })
    hidden = len(grid.countries) - len(countries)
    caption = _("Darker cells: more seizures (darkest: {highest}). Blank: none.").format(
        highest=format_number(highest))
    if hidden:
        caption += " " + _("{hidden} more participating countries not shown.").format(
            hidden=format_number(hidden))
    return house_figure(
        traces, grid_height(len(rows) - 1),
        margin={"l": 8, "r": 8, "t": 80, "b": 40}, plot_bgcolor="#f8f9fa",
        xaxis={"title": {"text": _("Operation day (seizures per country and day, number)")},
               "side": "top", "type": "category", "categoryorder": "array",
               "categoryarray": columns, "tickvals": columns,
               "range": [-0.5, len(columns) - 0.5], "showgrid": False, "fixedrange": True,
               "ticktext": [f"{label}<br><span style='font-size:10px'>{_short_date(d)}</span>"
                            for label, d in zip(days, dates, strict=True)]
               + [f"<b>{total_label}</b>"]},
        yaxis={"type": "category", "range": [len(rows) - 0.5, -0.5], "categoryorder": "array",
               "categoryarray": rows, "showgrid": False, "fixedrange": True,
               "automargin": True},
        annotations=[{"text": caption, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": 0, "y": 0, "yshift": -8, "xanchor": "left", "yanchor": "top",
                      "font": {"size": 12, "color": "#6c757d"}}])
