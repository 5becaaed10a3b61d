"""How the impact figures read as text, the same on the page, in the CSV and in the PDF:
metric names and units, values with their unit, withheld counts as "<5" or "≥5", and which
days a release covers. Plain functions of the sanitised report (no Dash, no request state
beyond the user's language).
"""

from __future__ import annotations

import math

from dashboard.i18n import N_, _, format_date, format_number
from data_access.queries.impact import (
    HeadlineColumns,
    ImpactReport,
    Metrics,
    ReleasedOperation,
    Suppression,
)

METRIC_LABELS = {
    Metrics.SEIZURES: N_("Seizures"),
    Metrics.PARTICIPATING_COUNTRIES: N_("Participating countries"),
    Metrics.COUNTRIES_WITH_SEIZURES: N_("Countries with seizures"),
    Metrics.ARRESTS: N_("Arrests"),
    Metrics.SPECIES: N_("Species and taxa"),
    Metrics.LIVE_ANIMALS: N_("Live animals rescued"),
    Metrics.IVORY_KG: N_("Ivory"),
    Metrics.PANGOLIN_SCALES_KG: N_("Pangolin scales"),
    Metrics.TIMBER_M3: N_("Timber"),
}
METRIC_UNITS = {
    Metrics.SEIZURES: N_("seizures"),
    Metrics.PARTICIPATING_COUNTRIES: N_("countries"),
    Metrics.COUNTRIES_WITH_SEIZURES: N_("countries"),
    Metrics.ARRESTS: N_("people arrested"),
    Metrics.SPECIES: N_("distinct taxa"),
    Metrics.LIVE_ANIMALS: N_("specimens"),
    Metrics.IVORY_KG: "kg",
    Metrics.PANGOLIN_SCALES_KG: "kg",
    Metrics.TIMBER_M3: "m³",
}
CARD_METRICS = (Metrics.SEIZURES, Metrics.COUNTRIES_WITH_SEIZURES, Metrics.ARRESTS,
                Metrics.SPECIES, Metrics.LIVE_ANIMALS, Metrics.IVORY_KG,
                Metrics.PANGOLIN_SCALES_KG, Metrics.TIMBER_M3)


def is_missing(value: object) -> bool:
    """Whether a value is withheld (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def withheld_text(flag: str, min_count: int) -> str:
    """How a withheld count reads: "<5" or "≥5"."""
    if flag == Suppression.COMPLEMENT:
        return f"≥{format_number(min_count)}"
    return f"<{format_number(min_count)}"


def metric_decimals(metric: str, value: float) -> int:
    """Decimals shown for a metric: one for small volumes, none otherwise."""
    return 1 if metric == Metrics.TIMBER_M3 and 0 < value < 100 else 0


def display_value(metric: str, value: object, flag: str, min_count: int) -> str:
    """A headline value as shown: formatted with its unit, or how it is withheld."""
    unit = METRIC_UNITS[metric] if metric in Metrics.QUANTITIES else ""
    if flag or is_missing(value):
        if metric in Metrics.QUANTITIES:
            return _("withheld")
        return withheld_text(flag, min_count)
    number = float(value)  # type: ignore[arg-type]
    text = format_number(number, metric_decimals(metric, number))
    return f"{text} {unit}".strip()


def display_count(value: object, flag: str, min_count: int) -> str:
    """A count as shown: the number, or "<5" / "≥5" when withheld."""
    if flag or is_missing(value):
        return withheld_text(flag, min_count)
    return format_number(float(value))  # type: ignore[arg-type]


def headline_values(report: ImpactReport) -> dict[str, tuple[object, str]]:
    """Metric -> (value, flag) of the report's headline."""
    frame = report.headline
    return {row[HeadlineColumns.METRIC]: (row[HeadlineColumns.VALUE],
                                          row[HeadlineColumns.SUPPRESSED])
            for _i, row in frame.iterrows()}


def release_line(operation: ReleasedOperation) -> str:
    """Which days the figures cover."""
    if operation.complete:
        return _("Final results: all {days} days of the operation.").format(
            days=format_number(operation.total_days))
    return _("Provisional results: days 1 to {day} of {total} (seizures up to {date}); "
             "the latest days are withheld while cases are live.").format(
        day=format_number(operation.released_days), total=format_number(operation.total_days),
        date=format_date(operation.released_to))
