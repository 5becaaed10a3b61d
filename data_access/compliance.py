"""Daily-reporting compliance: the status of every (country, operation day) cell.

Pure functions over frames, no database: a day's report is due at the operation's report
deadline, a local time in the operation's time zone, on the report's own date. A report
(with seizures) or a nil return submitted after that moment is late; a day whose deadline
has passed with nothing submitted is missing; a day whose deadline is still ahead (today
before the deadline, and every future day) is not yet due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd


class Status:
    """Status codes of a compliance cell, in the order of the matrix's colour scale."""

    REPORT = "report"  # report with seizures, on time
    NIL = "nil"  # nil return, on time
    LATE = "late"  # report or nil return submitted after the deadline
    MISSING = "missing"  # deadline passed, nothing submitted
    NOT_DUE = "not_due"  # deadline still ahead
    ALL = (REPORT, NIL, LATE, MISSING, NOT_DUE)
    # Statuses that count as "the country reported" for a day.
    REPORTED = (REPORT, NIL, LATE)


class ReportColumns:
    """Columns of the submitted reports given to compliance_matrix()."""

    ISO3 = "iso3"
    DATE = "report_date"
    KIND = "kind"  # "report" (with seizures) or "nil"
    SUBMITTED_AT = "submitted_at"  # timezone-aware UTC timestamp


class MatrixColumns:
    """Columns of compliance_matrix(): one row per country and operation day."""

    ISO3 = "iso3"
    DATE = "report_date"
    STATUS = "status"  # one of Status.ALL
    KIND = "kind"  # the submitted kind, or None
    SUBMITTED_LOCAL = "submitted_local"  # submission time in the operation's zone, or NaT
    PAST_DEADLINE = "past_deadline"  # whether the day's deadline has passed at `now`


@dataclass(frozen=True)
class ReportingRates:
    """Today's and the overall reporting rates (None when nothing is due to count)."""

    today: dt.date
    today_in_window: bool
    reported_today: int
    expected_today: int
    due_cells: int
    reported_cells: int
    on_time_cells: int
    late_cells: int
    missing_cells: int

    @property
    def today_rate(self) -> float | None:
        """Share of countries that reported for today (on time or late)."""
        if not self.today_in_window or not self.expected_today:
            return None
        return self.reported_today / self.expected_today

    @property
    def overall_rate(self) -> float | None:
        """Share of the country-days past their deadline that were reported (late included)."""
        return self.reported_cells / self.due_cells if self.due_cells else None

    @property
    def on_time_rate(self) -> float | None:
        """Share of the country-days past their deadline reported before it."""
        return self.on_time_cells / self.due_cells if self.due_cells else None


def deadline_at(day: dt.date, deadline: dt.time, timezone: str) -> dt.datetime:
    """The moment (timezone-aware) a day's report is due: the deadline on that local date."""
    return dt.datetime.combine(day, deadline, tzinfo=ZoneInfo(timezone))


def report_status(day: dt.date, kind: str | None, submitted_at: dt.datetime | None,
                  deadline: dt.time, timezone: str, now: dt.datetime) -> str:
    """The status of one country-day (see Status) at the moment `now`."""
    due = deadline_at(day, deadline, timezone)
    if kind is not None and submitted_at is not None:
        if submitted_at.astimezone(ZoneInfo(timezone)) > due:
            return Status.LATE
        return Status.REPORT if kind == "report" else Status.NIL
    return Status.MISSING if now > due else Status.NOT_DUE


def operation_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day of an operation window, first to last."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def compliance_matrix(reports: pd.DataFrame, countries: Sequence[str],
                      days: Sequence[dt.date], deadline: dt.time, timezone: str,
                      now: dt.datetime) -> pd.DataFrame:
    """Status of every country (rows of `countries`) on every day of `days` (MatrixColumns).

    `reports` has ReportColumns; reports of other countries or days are ignored. The rules
    are those of report_status(), applied to whole columns at once.
    """
    grid = pd.MultiIndex.from_product([list(countries), list(days)],
                                      names=[MatrixColumns.ISO3, MatrixColumns.DATE])
    frame = grid.to_frame(index=False)
    submitted = reports.rename(columns={ReportColumns.ISO3: MatrixColumns.ISO3,
                                        ReportColumns.DATE: MatrixColumns.DATE,
                                        ReportColumns.KIND: MatrixColumns.KIND})
    frame = frame.merge(submitted[[MatrixColumns.ISO3, MatrixColumns.DATE, MatrixColumns.KIND,
                                   ReportColumns.SUBMITTED_AT]],
                        on=[MatrixColumns.ISO3, MatrixColumns.DATE], how="left")
    due_by_day = {day: deadline_at(day, deadline, timezone) for day in days}
    due = pd.to_datetime(frame[MatrixColumns.DATE].map(due_by_day), utc=True)
    at = pd.to_datetime(frame[ReportColumns.SUBMITTED_AT], utc=True)
    past = frame[MatrixColumns.DATE].map({day: now > d for day, d in due_by_day.items()})
    has_report = at.notna() & frame[MatrixColumns.KIND].notna()
    status = np.select(
        [~has_report & past.astype(bool), ~has_report, at > due,
         frame[MatrixColumns.KIND] == "report"],
        [Status.MISSING, Status.NOT_DUE, Status.LATE, Status.REPORT], default=Status.NIL)
    frame[MatrixColumns.STATUS] = status
    frame[MatrixColumns.KIND] = frame[MatrixColumns.KIND].astype(object).where(has_report,
                                                                               None)
    frame[MatrixColumns.SUBMITTED_LOCAL] = at.dt.tz_convert(ZoneInfo(timezone))
    frame[MatrixColumns.PAST_DEADLINE] = past.astype(bool)
    return frame[[MatrixColumns.ISO3, MatrixColumns.DATE, MatrixColumns.STATUS,
                  MatrixColumns.KIND, MatrixColumns.SUBMITTED_LOCAL,
                  MatrixColumns.PAST_DEADLINE]]


def reporting_rates(matrix: pd.DataFrame, today: dt.date,
                    days: Sequence[dt.date] | None = None) -> ReportingRates:
    """Today's rate (countries that reported for today, even before the deadline) and the
    rates over the country-days past their deadline among `days` (all days when None).

    A report already in for today counts in today's rate but not yet in the overall rate,
    whose denominator only holds days that are over; so an early morning does not move it.
    """
    today_rows = matrix[matrix[MatrixColumns.DATE] == today]
    if days is not None:
        matrix = matrix[matrix[MatrixColumns.DATE].isin(set(days))]
    due = matrix[MatrixColumns.PAST_DEADLINE].astype(bool)
    status = matrix.loc[due, MatrixColumns.STATUS]
    return ReportingRates(
        today=today,
        today_in_window=not today_rows.empty,
        reported_today=int(today_rows[MatrixColumns.STATUS].isin(Status.REPORTED).sum()),
        expected_today=len(today_rows),
        due_cells=int(due.sum()),
        reported_cells=int(status.isin(Status.REPORTED).sum()),
        on_time_cells=int(status.isin((Status.REPORT, Status.NIL)).sum()),
        late_cells=int((status == Status.LATE).sum()),
        missing_cells=int((status == Status.MISSING).sum()),
    )


def missing_days(matrix: pd.DataFrame) -> pd.Series:
    """Number of missing days per country (index iso3), zero included."""
    missing = matrix[MatrixColumns.STATUS] == Status.MISSING
    return missing.groupby(matrix[MatrixColumns.ISO3], sort=False).sum().astype(int)


def not_reported_on(matrix: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The rows of a day whose country has not reported (missing or not yet due)."""
    rows = matrix[matrix[MatrixColumns.DATE] == day]
    return rows[~rows[MatrixColumns.STATUS].isin(Status.REPORTED)]
