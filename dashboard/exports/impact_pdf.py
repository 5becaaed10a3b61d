"""The donors' impact report as an A4 PDF drawn with fpdf2 (no browser needed): headline
boxes, species bars, the daily curve, the country table and the comparison, withheld
numbers hatched and marked as on the page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.exports import impact_text
from dashboard.i18n import _, format_date, format_number, localized
from dashboard.ui import labels
from data_access.queries.impact import (
    ComparisonColumns,
    CountryColumns,
    DailyColumns,
    ImpactReport,
    Metrics,
    Suppression,
)

# A Unicode font for the PDF (accents, ≥, m³); Helvetica with Latin-1 text otherwise.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Country rows listed in the PDF.
PDF_COUNTRIES = 15


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
    values = impact_text.headline_values(report)
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 3 * 3) / 4
    height = 20
    x0, y = pdf.l_margin, pdf.get_y()
    for i, metric in enumerate(impact_text.CARD_METRICS):
        x = x0 + (i % 4) * (width + 3)
        if i and i % 4 == 0:
            y += height + 3
        value, flag = values[metric]
        pdf.set_draw_color(222, 226, 230)
        pdf.rect(x, y, width, height)
        pdf.set_xy(x + 2, y + 2)
        pdf.font(7.5, grey=True)
        pdf.cell(width - 4, 4, pdf.clean(_(impact_text.METRIC_LABELS[metric]).upper()))
        pdf.set_xy(x + 2, y + 8)
        pdf.font(14, bold=True)
        shown = impact_text.display_value(metric, value, flag, report.min_count)
        pdf.cell(width - 4, 7, pdf.clean(shown))
        if metric not in Metrics.QUANTITIES:
            pdf.set_xy(x + 2, y + 15)
            pdf.font(7.5, grey=True)
            pdf.cell(width - 4, 4, pdf.clean(_(impact_text.METRIC_UNITS[metric])))
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
    top = max([float(v) for _l, v, f in items if not f and not impact_text.is_missing(v)]
              + [float(min_count)])
    for label, value, flag in items:
        if pdf.get_y() + bar_h + gap > pdf.h - pdf.b_margin:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.font(8.5)
        pdf.cell(label_w - 2, bar_h, pdf.clean(label[:38]), align="R")
        x = pdf.l_margin + label_w
        if flag or impact_text.is_missing(value):
            length = full * (min_count - (0 if flag == Suppression.COMPLEMENT else 1)) / top
            _hatched(pdf, x, y + 0.5, max(length, 1), bar_h - 1)
            text = impact_text.withheld_text(flag, min_count)
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
    pdf.line_text(impact_text.release_line(op), 10)
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
        rows = [[_(impact_text.METRIC_LABELS[m])] + [
            impact_text.display_value(m, *cells[(code, m)], n) for code in report.compared]
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
