"""Operations: which exist, which one is current, and its headline figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from data_access.filters import SeizureFilters, seizure_condition
from data_access.models import (
    DailyReport,
    Operation,
    OperationCountry,
    Seizure,
    SummaryItem,
    SummarySeizure,
    Taxon,
)
from data_access.scope import OperationScope
from data_access.summaries import item_summary_condition, summary_condition


class OperationColumns:
    """Columns of list_operations()."""

    ID = "id"
    CODE = "code"
    NAME = "name"
    START = "start_date"
    END = "end_date"
    STATUS = "status"
    IS_DEMO = "is_demo"


@dataclass(frozen=True)
class OperationHeadline:
    """An operation's state at a glance."""

    operation_id: int
    code: str
    name: str
    start_date: dt.date
    end_date: dt.date
    status: str
    timezone: str
    is_demo: bool
    today: dt.date
    day_number: int
    total_days: int
    seizures: int
    items: int
    arrests: int
    species: int
    participating_countries: int
    reported_today: int

    @property
    def phase(self) -> str:
        """"not_started", "in_progress" or "ended", judged by the operation's own today."""
        if self.today < self.start_date:
            return "not_started"
        if self.today > self.end_date:
            return "ended"
        return "in_progress"

    @property
    def days_left(self) -> int:
        """Whole days after today until the end (0 on the last day and after)."""
        return max(0, (self.end_date - self.today).days)


def operation_today(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the operation's time zone."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(ZoneInfo(timezone)).date()


def list_operations(session: Session, scope: OperationScope) -> pd.DataFrame:
    """The operations in scope, the newest first."""
    rows = session.execute(
        select(Operation.id, Operation.code, Operation.name, Operation.start_date,
               Operation.end_date, Operation.status, Operation.is_demo)
        .where(scope.condition())
        .order_by(Operation.start_date.desc(), Operation.code)
    ).all()
    return pd.DataFrame(rows, columns=[OperationColumns.ID, OperationColumns.CODE,
                                       OperationColumns.NAME, OperationColumns.START,
                                       OperationColumns.END, OperationColumns.STATUS,
                                       OperationColumns.IS_DEMO])


def default_operation_code(session: Session, scope: OperationScope,
                           today: dt.date | None = None) -> str | None:
    """The operation in scope a commander most likely wants: an active one covering today,
    else the one that started most recently."""
    today = today or dt.date.today()
    covering = case(
        ((Operation.start_date <= today) & (Operation.end_date >= today), 0), else_=1
    )
    active_first = case((Operation.status == "active", 0), else_=1)
    return session.execute(
        select(Operation.code).where(scope.condition())
        .order_by(covering, active_first, Operation.start_date.desc())
        .limit(1)
    ).scalar_one_or_none()


def operation_headline(session: Session, filters: SeizureFilters,
                       now: dt.datetime | None = None) -> OperationHeadline | None:
    """Headline figures of one operation under the filters, counted in the database."""
    operation = session.get(Operation, filters.operation_id)
    if operation is None:
        return None
    today = operation_today(operation.timezone, now)
    if filters.filters_items:
        # Seizures with a matching item: a distinct count the summaries cannot give.
        seizures, arrests = session.execute(
            select(func.count(Seizure.id),
                   func.coalesce(func.sum(Seizure.suspects_arrested), 0))
            .where(seizure_condition(filters))
        ).one()
    else:
        seizures, arrests = session.execute(
            select(func.coalesce(func.sum(SummarySeizure.seizures), 0),
                   func.coalesce(func.sum(SummarySeizure.arrests), 0))
            .where(summary_condition(SummarySeizure, filters, rollup=True))
        ).one()
    counted = select(func.coalesce(func.sum(SummaryItem.items), 0),
                     func.count(distinct(SummaryItem.taxon_id)))
    if filters.taxon_groups:
        counted = counted.join(Taxon, Taxon.id == SummaryItem.taxon_id)
    items, species = session.execute(
        counted.where(item_summary_condition(filters, rollup=True))).one()
    participating = session.execute(
        select(func.count()).where(OperationCountry.operation_id == operation.id)
    ).scalar_one()
    reported_today = session.execute(
        select(func.count(distinct(DailyReport.country_iso3))).where(
            DailyReport.operation_id == operation.id, DailyReport.report_date == today
        )
    ).scalar_one()
    total_days = (operation.end_date - operation.start_date).days + 1
    day_number = min(max((today - operation.start_date).days + 1, 0), total_days)
    return OperationHeadline(
        operation_id=operation.id, code=operation.code, name=operation.name,
        start_date=operation.start_date, end_date=operation.end_date,
        status=operation.status, timezone=operation.timezone, is_demo=operation.is_demo,
        today=today, day_number=day_number, total_days=total_days, seizures=int(seizures),
        items=int(items), arrests=int(arrests), species=int(species),
        participating_countries=int(participating), reported_today=int(reported_today),
    )
