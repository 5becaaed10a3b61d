"""Daily-reporting compliance of an operation: who reported for which day, and on time.

The database gives at most one row per participating country and operation day (the
reports submitted); the statuses are computed by the pure functions of
data_access.compliance. Only the region and country filters apply: reports are about
countries and days, not about commodities or transport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import compliance
from data_access.columns import Names
from data_access.compliance import MatrixColumns, ReportColumns, ReportingRates
from data_access.filters import SeizureFilters, place_condition
from data_access.models import Country, DailyReport, Operation, OperationCountry, Region
from data_access.queries.operations import operation_today


class CountryColumns(Names):
    """Columns of participating_countries() and ReportingCompliance.countries."""

    ISO3 = "iso3"
    REGION = "region_code"
    REGION_NAME_EN = "region_name_en"
    REGION_NAME_FR = "region_name_fr"
    REGION_NAME_PT = "region_name_pt"
    FOCAL_POINT_NAME = "focal_point_name"
    FOCAL_POINT_CONTACT = "focal_point_contact"
    ALL = (ISO3, *Names.NAMES, REGION, REGION_NAME_EN, REGION_NAME_FR,
           REGION_NAME_PT, FOCAL_POINT_NAME, FOCAL_POINT_CONTACT)
    # Added to ReportingCompliance.not_reported_today: the country's status for today.
    STATUS = "status"


@dataclass(frozen=True)
class ReportingCompliance:
    """The compliance of one operation's countries, as seen at `now`."""

    operation_id: int
    code: str
    name: str
    status: str
    timezone: str
    deadline: dt.time
    start_date: dt.date
    end_date: dt.date
    now: dt.datetime
    today: dt.date  # the operation's local date at `now`
    days: tuple[dt.date, ...]  # the days shown: the window narrowed by the date filter
    countries: pd.DataFrame  # CountryColumns, ordered by region then English name
    matrix: pd.DataFrame  # MatrixColumns, every country x every shown day
    rates: ReportingRates
    not_reported_today: pd.DataFrame  # CountryColumns + STATUS, by region then name

    @property
    def phase(self) -> str:
        """"not_started", "in_progress" or "ended", by the operation's own today."""
        if self.today < self.start_date:
            return "not_started"
        if self.today > self.end_date:
            return "ended"
        return "in_progress"

    @property
    def deadline_today(self) -> dt.datetime:
        """The moment today's reports are due (in the operation's time zone)."""
        return compliance.deadline_at(self.today, self.deadline, self.timezone)


def participating_countries(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """The operation's countries under the region and country filters, with their region
    and focal point (CountryColumns), ordered by region then English name."""
    rows = session.execute(
        select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt,
               Country.region_code, Region.name_en, Region.name_fr, Region.name_pt,
               OperationCountry.focal_point_name, OperationCountry.focal_point_contact)
        .join(OperationCountry, OperationCountry.country_iso3 == Country.iso3)
        .join(Region, Region.code == Country.region_code)
        .where(OperationCountry.operation_id == filters.operation_id,
               place_condition(filters, Country.iso3))
        .order_by(Country.region_code, Country.name_en)
    ).all()
    return pd.DataFrame(rows, columns=list(CountryColumns.ALL))


def submitted_reports(session: Session, filters: SeizureFilters, start: dt.date,
                      end: dt.date) -> pd.DataFrame:
    """Reports (ReportColumns) of the filtered participating countries for days in a window."""
    countries = (select(OperationCountry.country_iso3)
                 .join(Country, Country.iso3 == OperationCountry.country_iso3)
                 .where(OperationCountry.operation_id == filters.operation_id,
                        place_condition(filters, Country.iso3)))
    rows = session.execute(
        select(DailyReport.country_iso3, DailyReport.report_date, DailyReport.kind,
               DailyReport.submitted_at)
        .where(DailyReport.operation_id == filters.operation_id,
               DailyReport.country_iso3.in_(countries),
               DailyReport.report_date.between(start, end))
    ).all()
    return pd.DataFrame(rows, columns=[ReportColumns.ISO3, ReportColumns.DATE,
                                       ReportColumns.KIND, ReportColumns.SUBMITTED_AT])


def reporting_compliance(session: Session, filters: SeizureFilters,
                         now: dt.datetime | None = None) -> ReportingCompliance | None:
    """Statuses of every filtered country on every shown day, rates, and today's absentees."""
    operation = session.get(Operation, filters.operation_id)
    if operation is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    today = operation_today(operation.timezone, now)
    window = compliance.operation_days(operation.start_date, operation.end_date)
    shown = tuple(d for d in window if (filters.date_from is None or d >= filters.date_from)
                  and (filters.date_to is None or d <= filters.date_to))
    countries = participating_countries(session, filters)
    reports = submitted_reports(session, filters, operation.start_date, operation.end_date)
    deadline = operation.report_deadline
    full = compliance.compliance_matrix(reports, list(countries[CountryColumns.ISO3]), window,
                                        deadline, operation.timezone, now)
    rates = compliance.reporting_rates(full, today, shown)
    absent = compliance.not_reported_on(full, today)[[MatrixColumns.ISO3, MatrixColumns.STATUS]]
    not_reported = countries.merge(absent.rename(columns={MatrixColumns.ISO3:
                                                          CountryColumns.ISO3}),
                                   on=CountryColumns.ISO3, how="inner")
    matrix = full[full[MatrixColumns.DATE].isin(set(shown))].reset_index(drop=True)
    return ReportingCompliance(
        operation_id=operation.id, code=operation.code, name=operation.name,
        status=operation.status, timezone=operation.timezone, deadline=deadline,
        start_date=operation.start_date, end_date=operation.end_date, now=now, today=today,
        days=shown, countries=countries, matrix=matrix, rates=rates,
        not_reported_today=not_reported.reset_index(drop=True),
    )
