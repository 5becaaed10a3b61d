"""Builders of the donors' impact page: headline cards, country map, species, daily curve and
the comparison with earlier operations, all from an already sanitised ImpactReport.

Withheld values arrive as NaN with a flag (data_access/queries/impact.py): they are shown as
"<5" (fewer than the threshold) or "≥5" (withheld so that a small one cannot be derived),
drawn as hatched grey bars, and never as a number.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import paths
from dashboard.exports.impact_text import (
    CARD_METRICS,
    METRIC_LABELS,
    METRIC_UNITS,
    display_count,
    display_value,
    headline_values,
    is_missing,
    release_line,
    withheld_text,
)
from dashboard.figures.style import PALETTE, empty_figure, house_figure
from dashboard.i18n import _, format_date, format_number, localized
from dashboard.ui import labels
from dashboard.ui.components import empty_state
from data_access.queries.impact import (
    ComparisonColumns,
    CountryColumns,
    DailyColumns,
    FlagshipColumns,
    GroupColumns,
    ImpactReport,
    Metrics,
    Suppression,
)

# A figure or trace as the plain JSON plotly.js receives (dashboard.figures.wire).
Figure = dict[str, Any]
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}
# Geo traces load their outlines from the app's own assets (air-gapped).
GEO_CONFIG = {**GRAPH_CONFIG, "topojsonURL": paths.TOPOJSON_ASSETS}
WITHHELD_COLOUR = "#adb5bd"
ZERO_COLOUR = "#f1f3f5"
# ColorBrewer YlGnBu (colour-blind safe, sequential) for seizures per country.
MAP_SCALE = [[0.0, "#c7e9b4"], [0.25, "#7fcdbb"], [0.5, "#41b6c4"], [0.75, "#225ea8"],
             [1.0, "#081d58"]]
MAP_HEIGHT = 420
CHART_HEIGHT = 340
# Rows of the country table under the map.
TOP_COUNTRIES = 10

METRIC_ICONS = {
    Metrics.SEIZURES: "bi-box-seam",
    Metrics.COUNTRIES_WITH_SEIZURES: "bi-globe",
    Metrics.ARRESTS: "bi-person-lock",
    Metrics.SPECIES: "bi-bug",
    Metrics.LIVE_ANIMALS: "bi-heart-pulse",
    Metrics.IVORY_KG: "bi-diamond",
    Metrics.PANGOLIN_SCALES_KG: "bi-shield",
    Metrics.TIMBER_M3: "bi-tree",
}
# --- header, cards and notes ---------------------------------------------------------------

def report_header(report: ImpactReport) -> html.Div:
    """The operation's name, dates and what part of it the figures cover."""
    op = report.operation
    return html.Div([
        html.H1(op.name, className="h3 mb-1"),
        html.Div(_("{start} to {end}").format(start=format_date(op.start_date),
                                              end=format_date(op.end_date)),
                 className="text-body-secondary"),
        html.P(release_line(op), className="mt-2 mb-0"),
    ], className="impact-header mb-3")


def _card(metric: str, value: str, note: str = "") -> dbc.Col:
    """One headline figure with its label, unit and icon."""
    icon = METRIC_ICONS.get(metric, "")
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div([html.I(className=f"bi {icon} me-2", **{"aria-hidden": "true"}),
                  _(METRIC_LABELS[metric])], className="kpi-label text-body-secondary"),
        html.Div(value, className="kpi-value"),
        html.Div(note, className="kpi-note small text-body-secondary"),
    ]), className="h-100 shadow-sm"), xs=6, lg=3, className="mb-3 impact-kpi")


def headline_cards(report: ImpactReport) -> dbc.Row:
    """The headline figures as cards, withheld ones shown as such."""
    values = headline_values(report)
    cards = []
    for metric in CARD_METRICS:
        value, flag = values[metric]
        note = _(METRIC_UNITS[metric]) if metric not in Metrics.QUANTITIES else ""
        if metric == Metrics.COUNTRIES_WITH_SEIZURES:
            total, total_flag = values[Metrics.PARTICIPATING_COUNTRIES]
            note = _("of {total} participating").format(
                total=display_count(total, total_flag, report.min_count))
        elif metric in Metrics.QUANTITIES:
            note = {Metrics.IVORY_KG: _("reported by weight"),
                    Metrics.PANGOLIN_SCALES_KG: _("reported by weight"),
                    Metrics.TIMBER_M3: _("reported by volume")}[metric]
            if flag:
                note = _("from fewer than {n} seizures").format(
                    n=format_number(report.min_count))
        cards.append(_card(metric, display_value(metric, value, flag, report.min_count), note))
    return dbc.Row(cards, className="impact-cards")


def footnotes(min_count: int) -> html.Ul:
    """What the donors' figures leave out and why."""
    n = format_number(min_count)
    return html.Ul([
        html.Li(_("<{n}: fewer than {n}; the exact number is withheld so that no case can be "
                  "identified.").format(n=n)),
        html.Li(_("≥{n}: withheld as well, so that a small number cannot be worked out from "
                  "the totals.").format(n=n)),
        html.Li(_("Figures are counted per seizing country; no places, routes, references or "
                  "names are published.")),
        html.Li(_("Ivory, pangolin scales and timber add up only the quantities reported by "
                  "weight or volume.")),
    ], className="small text-body-secondary impact-notes")


# --- figures -------------------------------------------------------------------------------

def _choropleth(frame: pd.DataFrame, colours: list, name: str, customdata: list,
                hovertemplate: str, **style: Any) -> Figure:
    """One layer of seizing countries on the world map."""
    return {"type": "choropleth", "locations": frame[CountryColumns.ISO3].tolist(),
            "colorscale": colours, "name": name, "customdata": customdata,
            "hovertemplate": hovertemplate,
            "marker": {"line": {"color": "#ffffff", "width": 0.5}}, **style}


def country_map(countries: pd.DataFrame, min_count: int) -> Figure:
    """Seizures per seizing country (shaded), withheld countries in grey, participants with
    no seizure in light grey. Country level only: no places, no routes."""
    if countries.empty:
        return empty_figure(_("No participating country."), MAP_HEIGHT)
    names = [localized(r, "name") for r in countries.itertuples()]
    frame = countries.assign(_label=names)
    seizures = frame[CountryColumns.SEIZURES]
    shown = frame[frame[CountryColumns.SUPPRESSED].eq(Suppression.NONE) & seizures.gt(0)]
    zero = frame[frame[CountryColumns.SUPPRESSED].eq(Suppression.NONE) & seizures.eq(0)]
    withheld = frame[frame[CountryColumns.SUPPRESSED].ne(Suppression.NONE)]
    traces = []
    if len(zero):
        traces.append(_choropleth(
            zero, [[0, ZERO_COLOUR], [1, ZERO_COLOUR]], _("No seizure"),
            zero["_label"].tolist(), "%{customdata}: " + _("no seizure") + "<extra></extra>",
            z=[0] * len(zero), showscale=False))
    if len(withheld):
        texts = [withheld_text(f, min_count) for f in withheld[CountryColumns.SUPPRESSED]]
        traces.append(_choropleth(
            withheld, [[0, WITHHELD_COLOUR], [1, WITHHELD_COLOUR]], _("Withheld"),
            [list(pair) for pair in zip(withheld["_label"], texts, strict=True)],
            "%{customdata[0]}: %{customdata[1]} " + _("seizures") + "<extra></extra>",
            z=[1] * len(withheld), showscale=False))
    if len(shown):
        counts = [format_number(v) for v in shown[CountryColumns.SEIZURES]]
        traces.append(_choropleth(
            shown, MAP_SCALE, _("Seizures"),
            [list(pair) for pair in zip(shown["_label"], counts, strict=True)],
            "%{customdata[0]}: %{customdata[1]} " + _("seizures") + "<extra></extra>",
            z=shown[CountryColumns.SEIZURES].to_numpy(dtype=float), zmin=min_count,
            colorbar={"title": {"text": _("Seizures (count)"), "side": "right"},
                      "thickness": 12, "len": 0.8}))
    return house_figure(
        traces, MAP_HEIGHT, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False,
        geo={"projection": {"type": "natural earth"}, "resolution": 110,
             "showcountries": True, "countrycolor": "#ffffff", "countrywidth": 0.5,
             "showcoastlines": False, "showland": True, "landcolor": "#f8f9fa",
             "showocean": False, "showframe": False, "lataxis": {"range": [-56, 84]}})


def map_legend(min_count: int) -> html.Div:
    """What the map's greys mean."""
    def swatch(colour: str, text: str) -> html.Span:
        box = {"backgroundColor": colour, "display": "inline-block", "width": "0.9em",
               "height": "0.9em", "border": "1px solid #adb5bd", "verticalAlign": "-0.1em"}
        return html.Span([html.Span(className="me-1", style=box), text],
                         className="me-3 text-nowrap")

    return html.Div([
        swatch(WITHHELD_COLOUR, _("Seizures withheld (fewer than {n})").format(
            n=format_number(min_count))),
        swatch(ZERO_COLOUR, _("Took part, no seizure")),
    ], className="small text-body-secondary mt-1")


def country_table(countries: pd.DataFrame, min_count: int, limit: int = TOP_COUNTRIES
                  ) -> dbc.Table:
    """The countries with the most seizures (published counts only)."""
    shown = countries[countries[CountryColumns.SUPPRESSED].eq(Suppression.NONE)
                      & countries[CountryColumns.SEIZURES].gt(0)].head(limit)
    rows = [html.Tr([html.Td(localized(r, "name")),
                     html.Td(format_number(r.seizures), className="text-end")])
            for r in shown.itertuples()]
    return dbc.Table([
        html.Thead(html.Tr([html.Th(_("Country")),
                            html.Th(_("Seizures (count)"), className="text-end")])),
        html.Tbody(rows),
    ], size="sm", striped=True, className="mb-0 impact-table")


def _count_bars(categories: list[str], values: pd.Series, flags: pd.Series, min_count: int,
                horizontal: bool, hover: list[str] | None = None) -> list[Figure]:
    """Published counts as solid bars, withheld ones as hatched grey bars marked <5 / ≥5."""
    shown = flags.eq(Suppression.NONE).to_list()
    extra = hover or [""] * len(categories)

    def pick(items, keep):
        return [item for item, k in zip(items, keep, strict=True) if k]

    def bar(cats, vals, text, custom, **style) -> Figure:
        axis = {"y": cats, "x": vals, "orientation": "h"} if horizontal else {"x": cats,
                                                                              "y": vals}
        return {"type": "bar", **axis, "text": text, "textposition": "outside",
                "cliponaxis": False,
                "customdata": [list(pair) for pair in zip(custom, text, strict=True)],
                "hovertemplate": "%{customdata[0]}%{customdata[1]}<extra></extra>", **style}

    published = [format_number(v) for v in pick(values, shown)]
    traces = [bar(pick(categories, shown), [float(v) for v in pick(values, shown)],
                  published, pick(extra, shown), marker={"color": PALETTE[0]},
                  name=_("Seizures"))]
    hidden = [not s for s in shown]
    if any(hidden):
        hidden_flags = pick(flags, hidden)
        heights = [min_count if f == Suppression.COMPLEMENT else min_count - 1
                   for f in hidden_flags]
        texts = [withheld_text(f, min_count) for f in hidden_flags]
        traces.append(bar(pick(categories, hidden), heights, texts, pick(extra, hidden),
                          marker={"color": "#ffffff", "line": {"color": WITHHELD_COLOUR,
                                                               "width": 1},
                                  "pattern": {"shape": "/", "fgcolor": WITHHELD_COLOUR}},
                          name=_("Withheld")))
    return traces


def _ranked_bars(names: list[str], values: pd.Series, flags: pd.Series, min_count: int,
                 hover: list[str], height: int, left_margin: int) -> Figure:
    """Horizontal count bars of named categories, largest at the top."""
    return house_figure(
        _count_bars(names, values, flags, min_count, horizontal=True, hover=hover), height,
        showlegend=False, barmode="overlay",
        margin={"l": left_margin, "r": 48, "t": 16, "b": 48},
        xaxis={"title": {"text": _("Seizures (count)")}, "rangemode": "tozero"},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": names})


def groups_chart(groups: pd.DataFrame, min_count: int) -> Figure:
    """Seizures per taxon group, largest first."""
    if groups.empty:
        return empty_figure(_("No seizures released for this operation."), CHART_HEIGHT)
    frame = groups.iloc[::-1]
    names = [labels.label(labels.DISPLAY_GROUPS, g) for g in frame[GroupColumns.GROUP]]
    return _ranked_bars(names, frame[GroupColumns.SEIZURES], frame[GroupColumns.SUPPRESSED],
                        min_count, [f"{n}: " for n in names], CHART_HEIGHT, 120)


def flagship_chart(flagships: pd.DataFrame, min_count: int) -> Figure:
    """Seizures per flagship species, largest first."""
    if flagships.empty:
        return empty_figure(_("No flagship species among the released seizures."),
                            CHART_HEIGHT)
    frame = flagships.iloc[::-1]
    names = [localized(r, "common_name") or r.scientific_name for r in frame.itertuples()]
    hover = [f"{n} ({s}): " for n, s in zip(names, frame[FlagshipColumns.SCIENTIFIC_NAME],
                                             strict=True)]
    return _ranked_bars(names, frame[FlagshipColumns.SEIZURES],
                        frame[FlagshipColumns.SUPPRESSED], min_count, hover,
                        max(CHART_HEIGHT, 28 * len(frame) + 80), 180)


def daily_chart(daily: pd.DataFrame, min_count: int) -> Figure:
    """Seizures per operation day (the daily curve), withheld days hatched."""
    if daily.empty:
        return empty_figure(_("No seizures released for this operation."), CHART_HEIGHT)
    days = [str(d) for d in daily[DailyColumns.DAY]]
    hover = [_("Day {day} ({date})").format(day=d, date=format_date(date)) + ": "
             for d, date in zip(daily[DailyColumns.DAY], daily[DailyColumns.DATE], strict=True)]
    return house_figure(
        _count_bars(days, daily[DailyColumns.SEIZURES], daily[DailyColumns.SUPPRESSED],
                    min_count, horizontal=False, hover=hover),
        CHART_HEIGHT, showlegend=False, barmode="overlay", bargap=0.15,
        margin={"l": 56, "r": 16, "t": 24, "b": 48},
        uniformtext={"minsize": 9, "mode": "hide"},
        xaxis={"type": "category", "title": {"text": _("Operation day")},
               "categoryorder": "array", "categoryarray": days},
        yaxis={"title": {"text": _("Seizures (count)")}, "rangemode": "tozero"})


COMPARISON_DASHES = ("solid", "dash", "dot", "dashdot")


def comparison_chart(comparison_daily: pd.DataFrame, min_count: int) -> Figure:
    """Seizures per operation day for this and earlier operations, aligned on day 1.
    Withheld days are gaps in the lines."""
    if comparison_daily.empty:
        return empty_figure(_("No earlier operation to compare with."), CHART_HEIGHT)
    traces = []
    codes = list(dict.fromkeys(comparison_daily[ComparisonColumns.CODE]))
    for i, code in enumerate(codes):
        part = comparison_daily[comparison_daily[ComparisonColumns.CODE] == code]
        values = part[ComparisonColumns.SEIZURES]
        shown = [display_count(v, f, min_count) for v, f in
                 zip(values, part[ComparisonColumns.SUPPRESSED], strict=True)]
        traces.append({
            "type": "scatter", "x": part[ComparisonColumns.DAY].tolist(),
            "y": [None if pd.isna(v) else float(v) for v in values],
            "mode": "lines+markers", "name": str(part[ComparisonColumns.NAME].iloc[0]),
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 3 if i == 0 else 2,
                     "dash": COMPARISON_DASHES[i % len(COMPARISON_DASHES)]},
            "marker": {"size": 5}, "connectgaps": False, "customdata": shown,
            "hovertemplate": _("Day") + " %{x}: %{customdata}<extra>%{fullData.name}</extra>",
        })
    last = int(comparison_daily[ComparisonColumns.DAY].max())
    return house_figure(
        traces, CHART_HEIGHT, margin={"l": 56, "r": 16, "t": 48, "b": 48},
        xaxis={"title": {"text": _("Operation day")}, "dtick": 2, "range": [0.5, last + 0.5]},
        yaxis={"title": {"text": _("Seizures per day (count)")}, "rangemode": "tozero"})


def comparison_table(report: ImpactReport) -> dbc.Table | html.Div:
    """Headline figures of this and earlier operations side by side."""
    frame = report.comparison
    codes = report.compared
    if len(codes) < 2:
        return empty_state(_("No earlier operation has been published to compare with."),
                           "bi-bar-chart")
    names = {c: frame.loc[frame[ComparisonColumns.CODE] == c, ComparisonColumns.NAME].iloc[0]
             for c in codes}
    cells = {(r[ComparisonColumns.CODE], r[ComparisonColumns.METRIC]):
             (r[ComparisonColumns.VALUE], r[ComparisonColumns.SUPPRESSED])
             for _i, r in frame.iterrows()}
    body = []
    for metric in Metrics.ALL:
        row = [html.Th(_(METRIC_LABELS[metric]), scope="row")]
        for code in codes:
            value, flag = cells[(code, metric)]
            row.append(html.Td(display_value(metric, value, flag, report.min_count),
                               className="text-end"))
        body.append(html.Tr(row))
    head = html.Tr([html.Th("")] + [html.Th(names[c], className="text-end") for c in codes])
    return dbc.Table([html.Thead(head), html.Tbody(body)], size="sm", striped=True,
                     responsive=True, className="mb-0 impact-table")


# --- the page body -------------------------------------------------------------------------

def _section(title: str, body, note: str = "", extra_class: str = "") -> dbc.Card:
    """A titled card that prints as one block."""
    return dbc.Card([
        dbc.CardHeader(html.H2(title, className="h6 mb-0")),
        dbc.CardBody([body, html.Div(note, className="small text-body-secondary mt-1")
                      if note else None]),
    ], className=f"shadow-sm mb-3 impact-section {extra_class}".strip())


def _graph(figure: Figure, config: dict | None = None, label: str = "") -> dcc.Graph:
    """A figure on the page."""
    return dcc.Graph(figure=figure, config=config or GRAPH_CONFIG,
                     **({"aria-label": label} if label else {}))


def report_body(report: ImpactReport) -> html.Div:
    """The whole donors' report of one operation."""
    n = report.min_count
    seizures, flag = headline_values(report)[Metrics.SEIZURES]
    parts: list = [report_header(report), headline_cards(report)]
    if not flag and (is_missing(seizures) or float(seizures) == 0):  # type: ignore[arg-type]
        parts.append(empty_state(_("No seizures released for this operation.")))
        return html.Div(parts, className="impact-report")
    parts += [
        _section(_("Seizures by country"), html.Div([
            _graph(country_map(report.countries, n), GEO_CONFIG),
            map_legend(n),
            html.H3(_("Countries with the most seizures"), className="h6 mt-3"),
            country_table(report.countries, n),
        ])),
        dbc.Row([
            dbc.Col(_section(_("Species groups"), _graph(groups_chart(report.groups, n)),
                             _("Seizures with at least one item of the group.")), lg=6),
            dbc.Col(_section(_("Flagship species"),
                             _graph(flagship_chart(report.flagships, n))), lg=6),
        ], className="impact-pair"),
        _section(_("Seizures day by day"), _graph(daily_chart(report.daily, n)),
                 _("Hatched bars: number withheld (fewer than {n}, or withheld to protect "
                   "one).").format(n=format_number(n))),
        _section(_("Compared with earlier operations"), html.Div([
            comparison_table(report),
            _graph(comparison_chart(report.comparison_daily, n))
            if len(report.compared) > 1 else None,
        ]), _("Aligned by operation day: day 1 is each operation's first day. Gaps in a "
              "line: number withheld.") if len(report.compared) > 1 else ""),
        footnotes(n),
    ]
    return html.Div(parts, className="impact-report")
