"""Downloads of the impact page, made on the server from the same sanitised aggregates:
`/impact/export.csv?operation=CODE` (the page's figures as CSV) and
`/impact/report.pdf?operation=CODE` (an A4 report drawn with fpdf2, no browser needed).

The routes check the role themselves (the guard in auth.py only knows Dash pages and
callbacks): the impact roles, or anyone when `[impact] public = true`.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlencode

import flask
import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.access import ADMIN, COMMANDER, DONOR, FOCAL_POINT, public_when_enabled
from dashboard.context import current_impact_scope, current_settings
from dashboard.database import read_session, write_session
from dashboard.figures import impact as views
from dashboard.i18n import _, format_date, format_number, localized
from dashboard.server.auth import current_principal
from dashboard.ui import labels
from data_access import authentication
from data_access.queries import filter_options, impact
from data_access.queries.impact import (
    ComparisonColumns,
    CountryColumns,
    DailyColumns,
    ImpactReport,
    Metrics,
    Release,
    Suppression,
)
from data_access.tabular import csv_text

IMPACT_ROLES = (ADMIN, COMMANDER, FOCAL_POINT, DONOR)
CSV_PATH = "/impact/export.csv"
PDF_PATH = "/impact/report.pdf"
CSV_ENDPOINT = "impact_export_csv"
PDF_ENDPOINT = "impact_report_pdf"
OPERATION_ARG = "operation"
# A Unicode font for the PDF (accents, ≥, m³); Helvetica with Latin-1 text otherwise.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Country rows listed in the PDF.
PDF_COUNTRIES = 15
# Reports kept in memory per process (a released operation rarely changes; at a million
# seizures a report takes seconds to count, its data version a fraction of a second).
CACHE_KEY = "jointops.impact_reports"
CACHE_SIZE = 16


class ExportColumns:
    """Columns of export_rows() and of the CSV download."""

    SECTION = "section"
    KEY = "key"
    LABEL = "label"
    VALUE = "value"  # the number, empty when withheld
    SHOWN_AS = "shown_as"  # as on the page: "1,234 kg", "<5", "≥5", "withheld"
    UNIT = "unit"
    ALL = (SECTION, KEY, LABEL, VALUE, SHOWN_AS, UNIT)


class Sections:
    """Values of ExportColumns.SECTION."""

    OPERATION = "operation"
    HEADLINE = "headline"
    COUNTRY = "country"
    GROUP = "species_group"
    FLAGSHIP = "flagship_species"
    DAY = "day"
    COMPARISON = "comparison"
    COMPARISON_DAY = "comparison_day"


def release_policy() -> Release:
    """The release policy configured for this app ([impact] in config.toml)."""

    settings = current_settings().impact
    return Release(min_count=settings.min_count, delay_days=settings.delay_days)


class ReportCache:
    """The latest sanitised reports, least recently used dropped first (thread-safe)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, ImpactReport] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> ImpactReport | None:
        """The report stored under key, if any."""
        with self._lock:
            report = self._items.get(key)
            if report is not None:
                self._items.move_to_end(key)
            return report

    def put(self, key: tuple, report: ImpactReport) -> None:
        """Store a report, dropping the oldest beyond the size."""
        with self._lock:
            self._items[key] = report
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def load_report(code: str | None) -> ImpactReport | None:
    """The sanitised report of an operation under the configured policy, from the app's
    cache while neither the operations compared nor the policy have changed."""
    release = release_policy()
    cache: ReportCache | None = flask.current_app.extensions.get(CACHE_KEY)
    with read_session() as session:
        operation = impact.released_operation(session, code, release)
        if operation is None or not current_impact_scope().contains(operation.id):
            return None
        if cache is None:
            return impact.impact_report(session, operation.code, release)
        compared = [operation, *impact.earlier_operations(session, operation, release)]
        key = (release.min_count, release.delay_days, operation.released_to,
               tuple((op.code, op.released_to, filter_options.data_version(session, op.id))
                     for op in compared))
        report = cache.get(key)
        if report is None:
            report = impact.impact_report(session, operation.code, release)
            if report is not None:
                cache.put(key, report)
    return report


def may_see_impact() -> bool:
    """Whether the current request may see the impact figures."""
    principal = current_principal()
    if principal is not None:
        return principal.role in IMPACT_ROLES

    return current_settings().impact.public


def export_href(path: str, code: str | None) -> str | None:
    """The download address for an operation."""
    return f"{path}?{urlencode({OPERATION_ARG: code})}" if code else None


def _safe_code(code: str | None) -> str:
    """An operation code reduced to the characters a file name or URL may hold."""
    return re.sub(r"[^A-Za-z0-9_-]", "", code or "")[:32]


# --- CSV ---------------------------------------------------------------------------------

def _number(value: object) -> float | int | None:
    """A published number (whole numbers as integers, quantities to the gram), or None."""
    if views.is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else round(number, 3)


def _count_row(section: str, key: object, label: str, value: object, flag: str,
               min_count: int, unit: str) -> tuple:
    """One export row of a count."""
    return (section, key, label, _number(value) if not flag else None,
            views.display_count(value, flag, min_count), unit)


def export_rows(report: ImpactReport) -> pd.DataFrame:
    """Every figure of the report as rows (ExportColumns), labels in the user's language."""
    n = report.min_count
    op = report.operation
    seizures = _("seizures")
    rows: list[tuple] = [
        (Sections.OPERATION, "code", _("Operation"), None, op.code, ""),
        (Sections.OPERATION, "name", _("Name"), None, op.name, ""),
        (Sections.OPERATION, "start_date", _("Start"), None, op.start_date.isoformat(), ""),
        (Sections.OPERATION, "end_date", _("End"), None, op.end_date.isoformat(), ""),
        (Sections.OPERATION, "released_to", _("Seizures up to"), None,
         op.released_to.isoformat(), ""),
        (Sections.OPERATION, "complete", _("Final results"), None,
         _("yes") if op.complete else _("no"), ""),
        (Sections.OPERATION, "min_count", _("Smallest count shown"), n, format_number(n), ""),
    ]
    for r in report.headline.itertuples():
        metric, value, flag = r.metric, r.value, r.suppressed
        rows.append((Sections.HEADLINE, metric, _(views.METRIC_LABELS[metric]),
                     None if flag else _number(value),
                     views.display_value(metric, value, flag, n),
                     _(views.METRIC_UNITS[metric])))
    for r in report.countries.itertuples():
        rows.append(_count_row(Sections.COUNTRY, r.iso3, localized(r, "name"), r.seizures,
                               r.suppressed, n, seizures))
    for r in report.groups.itertuples():
        rows.append(_count_row(Sections.GROUP, r.display_group,
                               labels.label(labels.DISPLAY_GROUPS, r.display_group),
                               r.seizures, r.suppressed, n, seizures))
    for r in report.flagships.itertuples():
        rows.append(_count_row(Sections.FLAGSHIP, r.scientific_name,
                               localized(r, "common_name") or r.scientific_name, r.seizures,
                               r.suppressed, n, seizures))
    for r in report.daily.itertuples():
        rows.append(_count_row(Sections.DAY, int(r.day), r.date.isoformat(), r.seizures,
                               r.suppressed, n, seizures))
    for r in report.comparison.itertuples():
        rows.append((Sections.COMPARISON, f"{r.code}:{r.metric}",
                     f"{r.name}: {_(views.METRIC_LABELS[r.metric])}",
                     None if r.suppressed else _number(r.value),
                     views.display_value(r.metric, r.value, r.suppressed, n),
                     _(views.METRIC_UNITS[r.metric])))
    for r in report.comparison_daily.itertuples():
        rows.append(_count_row(Sections.COMPARISON_DAY, f"{r.code}:{int(r.day)}",
                               f"{r.name}: " + _("Day {day}").format(day=int(r.day)),
                               r.seizures, r.suppressed, n, seizures))
    return pd.DataFrame(rows, columns=list(ExportColumns.ALL), dtype=object)


def export_csv_text(report: ImpactReport) -> str:
    """The report's figures as CSV text, through the safe writer."""
    return csv_text([ExportColumns.ALL, *export_rows(report).itertuples(index=False)])


# --- PDF ---------------------------------------------------------------------------------

def _font_dir() -> Path | None:
    """The folder of the DejaVu fonts, if installed."""
    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    return None


class ReportPDF(FPDF):
    """An A4 page with the house fonts, a footer, and text helpers that never fail on a
    character the font lacks."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = title
        folder = _font_dir()
        self.unicode = folder is not None
        if folder is not None:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(folder / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, 18)
        self.set_title(title)
        self.set_creator("jointops")

    def clean(self, text: str) -> str:
        """Text the font can draw."""
        if self.unicode:
            return text
        text = text.replace("≥", ">=").replace("m³", "m3").replace("\u202f", " ")
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, grey: bool = False) -> None:
        """Set the font size, weight and colour."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*((108, 117, 125) if grey else (33, 37, 41)))

    def line_text(self, text: str, size: float = 10, bold: bool = False,
                  grey: bool = False, height: float = 5.5) -> None:
        """A paragraph across the page."""
        self.font(size, bold, grey)
        self.multi_cell(0, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, space_needed: float = 40) -> None:
        """A section title, on a new page when the section would not fit."""
        if self.get_y() + space_needed > self.h - self.b_margin:
            self.add_page()
        self.ln(3)
        self.line_text(text, 13, bold=True, height=7)
        self.ln(1)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8, grey=True)
        self.cell(0, 5, self.clean(f"{self.report_title} · {self.page_no()}"), align="C")


def _pdf_cards(pdf: ReportPDF, report: ImpactReport) -> None:
    """The headline figures as a grid of boxes, four per row."""
    values = views.headline_values(report)
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 3 * 3) / 4
    height = 20
    x0, y = pdf.l_margin, pdf.get_y()
    for i, metric in enumerate(views.CARD_METRICS):
        x = x0 + (i % 4) * (width + 3)
        if i and i % 4 == 0:
            y += height + 3
        value, flag = values[metric]
        pdf.set_draw_color(222, 226, 230)
        pdf.rect(x, y, width, height)
        pdf.set_xy(x + 2, y + 2)
        pdf.font(7.5, grey=True)
        pdf.cell(width - 4, 4, pdf.clean(_(views.METRIC_LABELS[metric]).upper()))
        pdf.set_xy(x + 2, y + 8)
        pdf.font(14, bold=True)
        pdf.cell(width - 4, 7, pdf.clean(views.display_value(metric, value, flag,
                                                             report.min_count)))
        if metric not in Metrics.QUANTITIES:
            pdf.set_xy(x + 2, y + 15)
            pdf.font(7.5, grey=True)
            pdf.cell(width - 4, 4, pdf.clean(_(views.METRIC_UNITS[metric])))
    pdf.set_xy(x0, y + height + 4)


def _hatched(pdf: ReportPDF, x: float, y: float, w: float, h: float) -> None:
    """A withheld bar: an outlined box with diagonal hatching, as on the page."""
    pdf.set_draw_color(173, 181, 189)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    step = 1.2
    start = x - h
    while start < x + w:
        x1, y1 = start, y + h
        x2, y2 = start + h, y
        if x1 < x:
            y1 -= x - x1
            x1 = x
        if x2 > x + w:
            y2 += x2 - (x + w)
            x2 = x + w
        if x2 > x1:
            pdf.line(x1, y1, x2, y2)
        start += step


def _pdf_hbars(pdf: ReportPDF, items: list[tuple[str, object, str]], min_count: int) -> None:
    """Horizontal bars: (label, value or NaN, flag); withheld bars hatched and marked."""
    if not items:
        pdf.line_text(_("Nothing to show."), 9, grey=True)
        return
    label_w, bar_h, gap = 55, 5, 1.8
    full = pdf.w - pdf.l_margin - pdf.r_margin - label_w - 18
    top = max([float(v) for _l, v, f in items if not f and not views.is_missing(v)]
              + [float(min_count)])
    for label, value, flag in items:
        if pdf.get_y() + bar_h + gap > pdf.h - pdf.b_margin:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.font(8.5)
        pdf.cell(label_w - 2, bar_h, pdf.clean(label[:38]), align="R")
        x = pdf.l_margin + label_w
        if flag or views.is_missing(value):
            length = full * (min_count - (0 if flag == Suppression.COMPLEMENT else 1)) / top
            _hatched(pdf, x, y + 0.5, max(length, 1), bar_h - 1)
            text = views.withheld_text(flag, min_count)
        else:
            length = full * float(value) / top  # type: ignore[arg-type]
            pdf.set_fill_color(0, 114, 178)
            pdf.rect(x, y + 0.5, max(length, 0.3), bar_h - 1, style="F")
            text = format_number(float(value))  # type: ignore[arg-type]
        pdf.set_xy(x + max(length, 1) + 1.5, y)
        pdf.font(8.5, grey=bool(flag))
        pdf.cell(16, bar_h, pdf.clean(text))
        pdf.set_xy(pdf.l_margin, y + bar_h + gap)


def _pdf_daily(pdf: ReportPDF, daily: pd.DataFrame, min_count: int) -> None:
    """Seizures per operation day as vertical bars."""
    if daily.empty:
        pdf.line_text(_("Nothing to show."), 9, grey=True)
        return
    height, axis_w = 45, 12
    if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    x0, y0 = pdf.l_margin + axis_w, pdf.get_y() + 2
    width = pdf.w - pdf.r_margin - x0
    values = daily[DailyColumns.SEIZURES]
    top = max(float(values.max()) if values.notna().any() else 0.0, float(min_count))
    step = width / len(daily)
    pdf.set_draw_color(173, 181, 189)
    pdf.line(x0, y0 + height, x0 + width, y0 + height)
    pdf.font(7, grey=True)
    pdf.set_xy(pdf.l_margin, y0 - 1.5)
    pdf.cell(axis_w - 1, 3, format_number(top), align="R")
    pdf.set_xy(pdf.l_margin, y0 + height - 1.5)
    pdf.cell(axis_w - 1, 3, "0", align="R")
    for i, r in enumerate(daily.itertuples()):
        x = x0 + i * step + step * 0.1
        w = step * 0.8
        if r.suppressed:
            h = height * (min_count - (0 if r.suppressed == Suppression.COMPLEMENT else 1)) / top
            _hatched(pdf, x, y0 + height - h, w, h)
        else:
            h = height * float(r.seizures) / top
            pdf.set_fill_color(0, 114, 178)
            pdf.rect(x, y0 + height - h, w, max(h, 0.01), style="F")
        if len(daily) <= 16 or int(r.day) % 2 == 1:
            pdf.set_xy(x - 1, y0 + height + 0.5)
            pdf.font(6.5, grey=True)
            pdf.cell(w + 2, 3, str(int(r.day)), align="C")
    pdf.set_xy(pdf.l_margin, y0 + height + 4)
    pdf.line_text(_("Operation day") + " · " + _("Seizures (count)") + " · " + _(
        "Hatched bars: number withheld (fewer than {n}, or withheld to protect one).").format(
        n=format_number(min_count)), 7.5, grey=True, height=4)


def _pdf_table(pdf: ReportPDF, header: list[str], rows: list[list[str]],
               widths: tuple[float, ...]) -> None:
    """A simple table with right-aligned figures."""
    pdf.font(8.5)
    pdf.set_draw_color(222, 226, 230)
    pdf.set_fill_color(255, 255, 255)
    aligns = tuple(["LEFT"] + ["RIGHT"] * (len(header) - 1))
    headings = FontFace(emphasis="BOLD", color=(33, 37, 41), fill_color=(233, 236, 239))
    with pdf.table(col_widths=widths, text_align=aligns, line_height=5,
                   first_row_as_headings=True, headings_style=headings,
                   cell_fill_color=(248, 249, 250), cell_fill_mode="ROWS",
                   borders_layout="HORIZONTAL_LINES") as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(pdf.clean(value))


def report_pdf(report: ImpactReport) -> bytes:
    """The donors' report of one operation as an A4 PDF."""
    op, n = report.operation, report.min_count
    pdf = ReportPDF(op.name)
    pdf.add_page()
    pdf.line_text(_("Impact report"), 9, grey=True)
    pdf.line_text(op.name, 20, bold=True, height=9)
    pdf.line_text(_("{start} to {end}").format(start=format_date(op.start_date),
                                               end=format_date(op.end_date)), 10, grey=True)
    pdf.line_text(views.release_line(op), 10)
    pdf.ln(3)
    _pdf_cards(pdf, report)

    pdf.heading(_("Species groups"))
    _pdf_hbars(pdf, [(labels.label(labels.DISPLAY_GROUPS, r.display_group), r.seizures,
                      r.suppressed) for r in report.groups.itertuples()], n)
    pdf.heading(_("Flagship species"))
    _pdf_hbars(pdf, [(localized(r, "common_name") or r.scientific_name, r.seizures,
                      r.suppressed) for r in report.flagships.itertuples()], n)
    pdf.heading(_("Seizures day by day"), 60)
    _pdf_daily(pdf, report.daily, n)

    pdf.heading(_("Countries with the most seizures"), 50)
    countries = report.countries
    shown = countries[countries[CountryColumns.SUPPRESSED].eq(Suppression.NONE)
                      & countries[CountryColumns.SEIZURES].gt(0)]
    withheld = int(countries[CountryColumns.SUPPRESSED].ne(Suppression.NONE).sum())
    _pdf_table(pdf, [_("Country"), _("Seizures (count)")],
               [[localized(r, "name"), format_number(r.seizures)]
                for r in shown.head(PDF_COUNTRIES).itertuples()], (3, 1))
    pdf.ln(1)
    pdf.line_text(_("{shown} countries with {n} seizures or more; {withheld} countries with "
                    "fewer (numbers withheld).").format(
        shown=format_number(len(shown)), n=format_number(n),
        withheld=format_number(withheld)), 8, grey=True, height=4.5)

    if len(report.compared) > 1:
        pdf.heading(_("Compared with earlier operations"), 70)
        cells = {(r.code, r.metric): (r.value, r.suppressed)
                 for r in report.comparison.itertuples()}
        names = dict(zip(report.comparison[ComparisonColumns.CODE],
                         report.comparison[ComparisonColumns.NAME], strict=True))
        rows = [[_(views.METRIC_LABELS[m])] + [
            views.display_value(m, *cells[(code, m)], n) for code in report.compared]
            for m in Metrics.ALL]
        _pdf_table(pdf, [""] + [names[c] for c in report.compared], rows,
                   (2,) + (1,) * len(report.compared))
    pdf.ln(4)
    for note in (
        _("<{n}: fewer than {n}; the exact number is withheld so that no case can be "
          "identified.").format(n=format_number(n)),
        _("≥{n}: withheld as well, so that a small number cannot be worked out from "
          "the totals.").format(n=format_number(n)),
        _("Figures are counted per seizing country; no places, routes, references or "
          "names are published."),
        _("Ivory, pangolin scales and timber add up only the quantities reported by "
          "weight or volume."),
    ):
        pdf.line_text("· " + note, 7.5, grey=True, height=4)
    return bytes(pdf.output())


# --- routes ------------------------------------------------------------------------------

def _refuse(target: str) -> flask.Response:
    """Refuse a download and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(), target,
                                     flask.request.remote_addr or "")
    return flask.Response(_("You do not have access to this page."), status=403,
                          mimetype="text/plain")


def _report_for_request() -> ImpactReport | flask.Response:
    """The sanitised report of the operation named in the query, or an error response."""
    if not may_see_impact():
        return _refuse(flask.request.path)
    report = load_report((flask.request.args.get(OPERATION_ARG) or "")[:32])
    if report is None:
        return flask.Response(_("No published results for this operation."), status=404,
                              mimetype="text/plain")
    return report


def _download(body: bytes, mimetype: str, filename: str) -> flask.Response:
    """A file download that no cache keeps."""
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@public_when_enabled
def export_csv_view() -> flask.Response:
    """GET /impact/export.csv?operation=CODE."""
    report = _report_for_request()
    if isinstance(report, flask.Response):
        return report
    body = export_csv_text(report).encode("utf-8-sig")  # BOM: spreadsheets read UTF-8
    return _download(body, "text/csv",
                     f"impact-{_safe_code(report.operation.code)}.csv")


@public_when_enabled
def report_pdf_view() -> flask.Response:
    """GET /impact/report.pdf?operation=CODE."""
    report = _report_for_request()
    if isinstance(report, flask.Response):
        return report
    return _download(report_pdf(report), "application/pdf",
                     f"impact-{_safe_code(report.operation.code)}.pdf")


ROUTES = ((CSV_PATH, CSV_ENDPOINT, export_csv_view), (PDF_PATH, PDF_ENDPOINT, report_pdf_view))


def init_app(server: flask.Flask) -> None:
    """Add the impact downloads and the report cache to the server."""
    server.extensions[CACHE_KEY] = ReportCache(CACHE_SIZE)
    for path, endpoint, view in ROUTES:
        server.add_url_rule(path, endpoint, view)
