"""Builders of the reporting page: the compliance matrix, its legend, the rate cards and the
list of countries that have not reported today.

Pure functions of a ReportingCompliance (no database). Every status has a colour from the
colour-blind-safe palette AND a symbol, so the matrix never depends on colour alone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from dashboard.figures.style import PALETTE, empty_figure, house_figure
from dashboard.figures.wire import plain_figure
from dashboard.i18n import N_, _, format_date, format_number, format_time, localized
from dashboard.ui import components
from data_access.compliance import MatrixColumns, Status, missing_days
from data_access.queries.reporting import CountryColumns, ReportingCompliance


@dataclass(frozen=True)
class StatusStyle:
    """How one status is drawn: fill colour, symbol in the cell, label (marked N_)."""

    colour: str
    symbol: str
    label: str


STATUS_STYLES = {
    Status.REPORT: StatusStyle(PALETTE[0], "●", N_("Report with seizures")),
    Status.NIL: StatusStyle(PALETTE[4], "○", N_("Nil return")),
    Status.LATE: StatusStyle(PALETTE[1], "!", N_("Late")),
    Status.MISSING: StatusStyle(PALETTE[5], "✕", N_("Missing")),
    Status.NOT_DUE: StatusStyle("#eceff1", "·", N_("Not yet due")),
}
KIND_LABELS = {"report": N_("Report with seizures"), "nil": N_("Nil return")}

# Orders of the matrix rows and of the table of countries that have not reported.
SORT_REGION = "region"
SORT_NAME = "name"
SORT_MISSING = "missing"
SORT_LABELS = {SORT_REGION: N_("Region"), SORT_NAME: N_("Country"),
               SORT_MISSING: N_("Missing days")}

ROW_HEIGHT = 18  # pixels per country row: 130 countries make a figure about 2,400 px tall
LEFT_MARGIN = 230  # room for the longest country names; the header figure uses the same
RIGHT_MARGIN = 150  # room for the region labels
HEADER_HEIGHT = 64
DAY_FORMAT = "d MMM"


def percent(rate: float | None) -> str:
    """A rate as a percentage for the current language, or a dash when there is none."""
    if rate is None:
        return "—"
    return _("{value}%").format(value=format_number(rate * 100))


def _labelled(countries: pd.DataFrame) -> pd.DataFrame:
    """Countries with their country and region names in the user's language."""
    frame = countries.copy()
    frame["label"] = [localized(r, "name") for r in frame.itertuples()]
    frame["region_label"] = [localized(r, "region_name") for r in frame.itertuples()]
    frame["name_key"] = frame["label"].map(_sort_key)
    frame["region_key"] = frame["region_label"].map(_sort_key)
    return frame


def _sort_key(text: str) -> str:
    """A key that sorts accented names among the others (Éthiopie next to Estonie)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def ordered_countries(data: ReportingCompliance, sort: str = SORT_REGION) -> pd.DataFrame:
    """The countries in display order: by region, by name, or most missing days first."""
    frame = _labelled(data.countries)
    if sort == SORT_MISSING:
        frame["missing"] = frame[CountryColumns.ISO3].map(missing_days(data.matrix)).fillna(0)
        return frame.sort_values(["missing", "name_key"], ascending=[False, True],
                                 kind="stable").reset_index(drop=True)
    keys = ["name_key"] if sort == SORT_NAME else ["region_key", "name_key"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _day_labels(data: ReportingCompliance) -> list[str]:
    """Column labels: the days, today in bold."""
    return [f"<b>{format_date(d, DAY_FORMAT)}</b>" if d == data.today else
            format_date(d, DAY_FORMAT) for d in data.days]


def _cell_notes(matrix: pd.DataFrame) -> pd.Series:
    """Hover text of every cell: what was submitted, and when (operation time)."""
    status_labels = {status: _(style.label) for status, style in STATUS_STYLES.items()}
    kind_labels = {kind: _(label) for kind, label in KIND_LABELS.items()}
    late = _("Late") + ": "
    template = _("submitted {date} {time}")
    at = matrix[MatrixColumns.SUBMITTED_LOCAL]
    submitted = at.notna() & matrix[MatrixColumns.KIND].notna()
    days = at[submitted].dt.date
    day_labels = days.map({d: format_date(d, DAY_FORMAT) for d in days.unique()})
    times = at[submitted].dt.strftime("%H:%M")
    notes = matrix[MatrixColumns.STATUS].map(status_labels).astype(object)
    notes[submitted] = [
        (late if status == Status.LATE else "") + f"{kind_labels.get(kind, kind)}, "
        + template.format(date=day, time=time)
        for status, kind, day, time in zip(matrix.loc[submitted, MatrixColumns.STATUS],
                                           matrix.loc[submitted, MatrixColumns.KIND],
                                           day_labels, times, strict=True)
    ]
    return notes


def _colour_scale() -> list[list]:
    """A stepped colour scale: status i takes the band around the value i."""
    n = len(Status.ALL)
    scale = []
    for i, status in enumerate(Status.ALL):
        colour = STATUS_STYLES[status].colour
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _x_axis(count: int) -> dict:
    """The day axis shared by the matrix and its sticky header (same range, same labels)."""
    return {"type": "category", "range": [-0.5, count - 0.5], "side": "top",
            "tickangle": -60, "tickfont": {"size": 11}, "showgrid": False, "fixedrange": True,
            "title": None}


def _margins(top: int, bottom: int) -> dict:
    return {"l": LEFT_MARGIN, "r": RIGHT_MARGIN, "t": top, "b": bottom, "autoexpand": False}


def matrix_header(data: ReportingCompliance | None) -> dict[str, Any]:
    """The day labels as a thin figure, kept in view above the scrolling matrix."""
    if data is None or not data.days or data.countries.empty:
        return plain_figure([], {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                                 "paper_bgcolor": "rgba(0,0,0,0)",
                                 "plot_bgcolor": "rgba(0,0,0,0)",
                                 "xaxis": {"visible": False}, "yaxis": {"visible": False}})
    labels = _day_labels(data)
    return house_figure(
        [{"type": "scatter", "x": labels, "y": [0] * len(labels), "mode": "markers",
          "marker": {"opacity": 0}, "hoverinfo": "skip", "showlegend": False}],
        HEADER_HEIGHT, margin=_margins(HEADER_HEIGHT - 2, 2), plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="#ffffff",
        xaxis={**_x_axis(len(labels)), "showline": False, "ticks": ""},
        yaxis={"visible": False, "fixedrange": True})


def _status_grids(data: ReportingCompliance, isos: list[str]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status codes, symbols and hover notes as countries x days arrays in display order."""
    status = data.matrix[MatrixColumns.STATUS]
    code = {s: i for i, s in enumerate(Status.ALL)}
    symbols = {s: style.symbol for s, style in STATUS_STYLES.items()}
    long = pd.DataFrame({MatrixColumns.ISO3: data.matrix[MatrixColumns.ISO3],
                         MatrixColumns.DATE: data.matrix[MatrixColumns.DATE],
                         "code": status.map(code), "symbol": status.map(symbols).astype(object),
                         "note": _cell_notes(data.matrix)})
    wide = long.set_index([MatrixColumns.ISO3, MatrixColumns.DATE]).unstack(
        MatrixColumns.DATE)

    def grid(column: str, dtype: type) -> np.ndarray:
        return wide[column].reindex(index=isos, columns=list(data.days)).to_numpy(dtype=dtype)

    return grid("code", np.int8), grid("symbol", object), grid("note", object)


def compliance_matrix_figure(data: ReportingCompliance | None,
                             sort: str = SORT_REGION) -> dict[str, Any]:
    """Countries x operation days, each cell coloured and marked by its status."""
    if data is None:
        return empty_figure(_("No operation chosen."))
    if data.countries.empty:
        return empty_figure(_("No participating country matches these filters."))
    if not data.days:
        return empty_figure(_("No operation day matches these dates."))
    order = ordered_countries(data, sort)
    # Status codes as a numpy array: sent as one typed array, not 4,000 JSON numbers.
    z, text, notes = _status_grids(data, list(order[CountryColumns.ISO3]))
    labels = _day_labels(data)
    names = list(order["label"])
    annotations, shapes = _region_marks(order) if sort == SORT_REGION else ([], [])
    if data.today in data.days:
        i = data.days.index(data.today)
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": i - 0.5,
                       "x1": i + 0.5, "y0": 0, "y1": 1,
                       "line": {"color": "#212529", "width": 2}})
    return house_figure([{
        "type": "heatmap", "z": z, "x": labels, "y": names, "text": text, "customdata": notes,
        "texttemplate": "%{text}", "textfont": {"size": 11}, "zmin": -0.5,
        "zmax": len(Status.ALL) - 0.5, "colorscale": _colour_scale(), "showscale": False,
        "xgap": 1, "ygap": 1,
        "hovertemplate": "<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
    }], len(names) * ROW_HEIGHT + 24,
        margin=_margins(4, 20), plot_bgcolor="#ffffff", annotations=annotations,
        shapes=shapes, xaxis={**_x_axis(len(labels)), "showticklabels": False},
        yaxis={"autorange": "reversed", "tickfont": {"size": 11}, "fixedrange": True,
               "title": None, "ticksuffix": " "})


def _region_marks(order: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Each region's name beside its rows, and lines between regions."""
    regions = order["region_label"].tolist()
    annotations, shapes = [], []
    start = 0
    for i in range(1, len(regions) + 1):
        if i < len(regions) and regions[i] == regions[start]:
            continue
        name = order.iloc[start]["region_label"]
        annotations.append({"xref": "paper", "yref": "y", "x": 1.01, "y": (start + i - 1) / 2,
                            "text": _wrap(name), "showarrow": False, "xanchor": "left",
                            "align": "left", "font": {"size": 12, "color": "#495057"}})
        if i < len(regions):
            shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0,
                           "x1": 1.0, "y0": i - 0.5, "y1": i - 0.5,
                           "line": {"color": "#212529", "width": 2}})
        start = i
    return annotations, shapes


def _wrap(text: str, width: int = 18) -> str:
    """Break a label into short lines (plotly annotations do not wrap)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def status_legend() -> html.Div:
    """The matrix legend: colour, symbol and meaning of every status."""
    return html.Div([
        html.Span([
            html.Span(style.symbol, className="d-inline-flex justify-content-center "
                      "align-items-center me-1 rounded-1 border",
                      style={"backgroundColor": style.colour, "width": "1.5em",
                             "height": "1.5em", "color": "#fff" if status in
                             (Status.REPORT, Status.MISSING) else "#212529",
                             "fontWeight": 700}, **{"aria-hidden": "true"}),
            _(style.label),
        ], className="me-3 d-inline-flex align-items-center")
        for status, style in STATUS_STYLES.items()
    ], className="small mb-2", role="list", **{"aria-label": _("Legend")})


def deadline_line(data: ReportingCompliance) -> str:
    """When a day's report is due, in words."""
    return _("Each day's report is due by {time} ({zone}) on that day.").format(
        time=format_time(data.deadline, "HH:mm"), zone=data.timezone)


def rate_cards(data: ReportingCompliance) -> dbc.Row:
    """Today's and the overall reporting rates, with the late and missing counts."""
    rates = data.rates
    if rates.today_in_window:
        due = data.deadline_today
        today_note = _("{reported} of {total} countries · due {time}").format(
            reported=format_number(rates.reported_today),
            total=format_number(rates.expected_today), time=format_time(due, "HH:mm"))
    elif data.phase == "not_started":
        today_note = _("Starts on {date}").format(date=format_date(data.start_date))
    else:
        today_note = _("Ended on {date}").format(date=format_date(data.end_date))
    not_reported = len(data.not_reported_today) if rates.today_in_window else None
    return dbc.Row([
        components.kpi_card(_("Reporting rate today"), percent(rates.today_rate), today_note,
                            icon="bi-calendar-check"),
        components.kpi_card(_("Overall reporting rate"), percent(rates.overall_rate),
                            _("of {days} country-days past the deadline").format(
                                days=format_number(rates.due_cells)), icon="bi-graph-up"),
        components.kpi_card(_("Reported on time"), percent(rates.on_time_rate),
                            _("of country-days past the deadline"), icon="bi-alarm"),
        components.kpi_card(_("Late reports"), format_number(rates.late_cells),
                            _("country-days"), icon="bi-hourglass-bottom"),
        components.kpi_card(_("Missing reports"), format_number(rates.missing_cells),
                            _("country-days"), icon="bi-exclamation-octagon"),
        components.kpi_card(_("Not reported today"),
                            "—" if not_reported is None else format_number(not_reported),
                            _("countries"), icon="bi-telephone"),
    ])


def _contact(text: str) -> list:
    """A focal point's contact, with e-mail addresses and phone numbers as links."""
    parts: list = []
    for token in (t.strip() for t in (text or "").split(",")):
        if not token:
            continue
        if parts:
            parts.append(", ")
        if "@" in token and " " not in token:
            parts.append(html.A(token, href=f"mailto:{token}"))
        elif token.startswith("+"):
            parts.append(html.A(token, href="tel:" + "".join(token.split())))
        else:
            parts.append(token)
    return parts or ["—"]


def not_reported_table(data: ReportingCompliance | None, sort: str = SORT_REGION):
    """Countries that have not reported for today, with their focal point, or a message."""
    if data is None:
        return components.empty_state(_("No operation chosen."))
    if data.phase == "not_started":
        return components.empty_state(_("This operation has not started yet."), "bi-hourglass")
    if data.phase == "ended":
        return components.empty_state(
            _("This operation ended on {date}: no report is due today.").format(
                date=format_date(data.end_date)), "bi-flag")
    if data.countries.empty:
        return components.empty_state(_("No participating country matches these filters."))
    if data.not_reported_today.empty:
        return components.empty_state(_("Every country has reported for today."),
                                      "bi-check-circle")
    frame = _labelled(data.not_reported_today)
    keys = ["name_key"] if sort == SORT_NAME else ["region_key", "name_key"]
    frame = frame.sort_values(keys, kind="stable")
    header = html.Thead(html.Tr([html.Th(_("Region"), scope="col"),
                                 html.Th(_("Country"), scope="col"),
                                 html.Th(_("Status"), scope="col"),
                                 html.Th(_("Focal point"), scope="col"),
                                 html.Th(_("Contact"), scope="col")]))
    body = html.Tbody([
        html.Tr([
            html.Td(row["region_label"]),
            html.Td(row["label"], className="fw-semibold"),
            html.Td(_status_badge(row[CountryColumns.STATUS])),
            html.Td(row[CountryColumns.FOCAL_POINT_NAME] or "—"),
            html.Td(_contact(row[CountryColumns.FOCAL_POINT_CONTACT])),
        ])
        for _i, row in frame.iterrows()
    ])
    caption = html.Caption(_("{count} countries have not reported for {date}.").format(
        count=format_number(len(frame)), date=format_date(data.today)),
        className="caption-top")
    return dbc.Table([caption, header, body], striped=True, hover=True, size="sm",
                     responsive=True, className="mb-0 align-middle")


def _status_badge(status: str) -> html.Span:
    """A status with its symbol and colour, as in the matrix."""
    style = STATUS_STYLES[status]
    return html.Span([html.Span(style.symbol, className="me-1", **{"aria-hidden": "true"}),
                      _(style.label)],
                     className="badge rounded-pill border",
                     style={"backgroundColor": style.colour,
                            "color": "#fff" if status == Status.MISSING else "#212529"})
