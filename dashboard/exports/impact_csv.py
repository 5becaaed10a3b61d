"""The impact report as rows and as CSV: every figure of the page, labelled in the user's
language, withheld values left empty with how the page shows them ("<5", "≥5", "withheld").
"""

from __future__ import annotations

import pandas as pd

from dashboard.exports import impact_text
from dashboard.i18n import _, format_number, localized
from dashboard.ui import labels
from data_access.queries.impact import ImpactReport
from data_access.tabular import csv_text


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


def _number(value: object) -> float | int | None:
    """A published number (whole numbers as integers, quantities to the gram), or None."""
    if impact_text.is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else round(number, 3)


def _count_row(section: str, key: object, label: str, value: object, flag: str,
               min_count: int, unit: str) -> tuple:
    """One export row of a count."""
    return (section, key, label, _number(value) if not flag else None,
            impact_text.display_count(value, flag, min_count), unit)


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
        rows.append((Sections.HEADLINE, metric, _(impact_text.METRIC_LABELS[metric]),
                     None if flag else _number(value),
                     impact_text.display_value(metric, value, flag, n),
                     _(impact_text.METRIC_UNITS[metric])))
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
                     f"{r.name}: {_(impact_text.METRIC_LABELS[r.metric])}",
                     None if r.suppressed else _number(r.value),
                     impact_text.display_value(r.metric, r.value, r.suppressed, n),
                     _(impact_text.METRIC_UNITS[r.metric])))
    for r in report.comparison_daily.itertuples():
        rows.append(_count_row(Sections.COMPARISON_DAY, f"{r.code}:{int(r.day)}",
                               f"{r.name}: " + _("Day {day}").format(day=int(r.day)),
                               r.seizures, r.suppressed, n, seizures))
    return pd.DataFrame(rows, columns=list(ExportColumns.ALL), dtype=object)


def export_csv_text(report: ImpactReport) -> str:
    """The report's figures as CSV text, through the safe writer."""
    return csv_text([ExportColumns.ALL, *export_rows(report).itertuples(index=False)])
