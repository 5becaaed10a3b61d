"""Day by day: seizures and items per day, operations compared by operation day, and the
country x day grid. Counting happens in SQL; only per-day rows reach Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import ColumnElement, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from data_access.columns import Labels, Names
from data_access.filters import (
    SeizureFilters,
    item_condition,
    place_condition,
    seizure_condition,
    term_condition,
)
from data_access.models import (
    CitesTerm,
    Country,
    Operation,
    OperationCountry,
    Region,
    Seizure,
    SeizureItem,
    SummaryItem,
    SummarySeizure,
    SummaryTerm,
    Taxon,
)
from data_access.queries.operations import operation_today
from data_access.scope import OperationScope
from data_access.summaries import item_summary_condition, summary_condition

# Commodities shown by name in the per-day stack; the rest are added up as OTHER.
TOP_COMMODITIES = 7
OTHER = "_other"
# Earlier operations drawn for comparison at most (the most recent ones).
MAX_COMPARED = 5


class StackBy:
    """What the per-day bars are stacked by."""

    REGION = "region"
    COMMODITY = "commodity"
    ALL = (REGION, COMMODITY)


class TallyColumns(Labels):
    """Columns of daily_tallies(): one row per day and category."""

    DATE = "seizure_date"
    DAY = "day"  # operation day: seizure_date - start_date + 1
    CATEGORY = "category"  # region code, CITES term code, or OTHER
    SEIZURES = "seizures"  # distinct seizures (by commodity: once per commodity it holds)
    ITEMS = "items"  # matching seizure items
    ALL = (DATE, DAY, CATEGORY, *Labels.LABELS, SEIZURES, ITEMS)


class CurveColumns:
    """Columns of daily_comparison(): per operation and operation day, with running totals."""

    OPERATION_ID = "operation_id"
    CODE = "code"
    NAME = "name"
    START = "start_date"
    IS_CURRENT = "is_current"
    DAY = "day"
    SEIZURES = "seizures"
    ITEMS = "items"
    CUMULATIVE_SEIZURES = "cumulative_seizures"
    CUMULATIVE_ITEMS = "cumulative_items"
    ALL = (OPERATION_ID, CODE, NAME, START, IS_CURRENT, DAY, SEIZURES, ITEMS,
           CUMULATIVE_SEIZURES, CUMULATIVE_ITEMS)


class GridColumns(Names):
    """Columns of country_day_grid().counts: participating countries x days (long form)."""

    ISO3 = "iso3"
    DATE = "seizure_date"
    SEIZURES = "seizures"
    ALL = (ISO3, *Names.NAMES, DATE, SEIZURES)
    COUNTRIES = (ISO3, *Names.NAMES)


@dataclass(frozen=True)
class DailyView:
    """The per-day tallies and the days they fall in (days without seizures included)."""

    tallies: pd.DataFrame  # TallyColumns.ALL
    dates: tuple[dt.date, ...]  # the operation days within the filters, up to today


@dataclass(frozen=True)
class CountryDayGrid:
    """Seizures per participating country and day, countries by total (largest first)."""

    countries: pd.DataFrame  # GridColumns.COUNTRIES plus "total", sorted by total desc
    counts: pd.DataFrame  # iso3, seizure_date, seizures (only cells above zero)
    dates: tuple[dt.date, ...]  # the operation days shown (within filters and up to today)
    start_date: dt.date


def _frame(rows: list, columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with the documented columns, even when there are no rows."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _seizure_items(filters: SeizureFilters, *columns: ColumnElement):
    """SELECT columns over seizures left-joined to their matching items (a seizure whose
    items were all filtered out does not match the seizure condition anyway)."""
    return (select(*columns).select_from(Seizure)
            .outerjoin(SeizureItem, SeizureItem.seizure_id == Seizure.id)
            .outerjoin(Taxon, Taxon.id == SeizureItem.taxon_id)
            .where(seizure_condition(filters), or_(SeizureItem.id.is_(None),
                                                   item_condition(filters))))


def _operation(session: Session, operation_id: int) -> Operation | None:
    return session.get(Operation, operation_id)


def _with_days(frame: pd.DataFrame, start: dt.date, date_column: str) -> pd.DataFrame:
    """Add the operation day (1 on the start date) of each row's date."""
    frame[TallyColumns.DAY] = [(d - start).days + 1 for d in frame[date_column]]
    return frame


def daily_tallies(session: Session, filters: SeizureFilters,
                  stack_by: str = StackBy.REGION) -> pd.DataFrame:
    """Seizures and items per day, split by region or by commodity (TallyColumns, ordered
    by date then category). By commodity, the TOP_COMMODITIES terms with most items keep
    their name and the others are counted together as OTHER."""
    operation = _operation(session, filters.operation_id)
    if operation is None:
        return _frame([], TallyColumns.ALL)
    seizures = func.count(distinct(Seizure.id))
    items = func.count(SeizureItem.id)
    if stack_by == StackBy.COMMODITY and not filters.taxon_groups:
        rows, top = _commodity_rows(session, filters)
        labels = {code: (en, fr, pt) for code, en, fr, pt in session.execute(
            select(CitesTerm.code, CitesTerm.label_en, CitesTerm.label_fr, CitesTerm.label_pt)
            .where(CitesTerm.code.in_(top))).all()}
    elif stack_by == StackBy.COMMODITY:
        top = list(session.execute(
            _seizure_items(filters, SeizureItem.term_code).where(SeizureItem.id.is_not(None))
            .group_by(SeizureItem.term_code)
            .order_by(func.count(SeizureItem.id).desc(), SeizureItem.term_code)
            .limit(TOP_COMMODITIES)).scalars())
        category = case((SeizureItem.term_code.in_(top), SeizureItem.term_code), else_=OTHER)
        rows = session.execute(
            _seizure_items(filters, Seizure.seizure_date, category.label("category"),
                           seizures, items)
            .where(SeizureItem.id.is_not(None))
            .group_by(Seizure.seizure_date, category).order_by(Seizure.seizure_date, category)
        ).all()
        labels = {code: (en, fr, pt) for code, en, fr, pt in session.execute(
            select(CitesTerm.code, CitesTerm.label_en, CitesTerm.label_fr, CitesTerm.label_pt)
            .where(CitesTerm.code.in_(top))).all()}
    elif not filters.filters_items:
        # Every seizure and item counts: the seizure summary has both, per day and country.
        rows = session.execute(
            select(SummarySeizure.seizure_date, Country.region_code,
                   func.sum(SummarySeizure.seizures), func.sum(SummarySeizure.items))
            .join(Country, Country.iso3 == SummarySeizure.reporting_country)
            .where(summary_condition(SummarySeizure, filters))
            .group_by(SummarySeizure.seizure_date, Country.region_code)
            .order_by(SummarySeizure.seizure_date, Country.region_code)
        ).all()
        labels = {code: (en, fr, pt) for code, en, fr, pt in session.execute(
            select(Region.code, Region.name_en, Region.name_fr, Region.name_pt)).all()}
    else:
        rows = session.execute(
            _seizure_items(filters, Seizure.seizure_date, Country.region_code, seizures, items)
            .join(Country, Country.iso3 == Seizure.reporting_country)
            .group_by(Seizure.seizure_date, Country.region_code)
            .order_by(Seizure.seizure_date, Country.region_code)
        ).all()
        labels = {code: (en, fr, pt) for code, en, fr, pt in session.execute(
            select(Region.code, Region.name_en, Region.name_fr, Region.name_pt)).all()}
    out = [(day, cat, *labels.get(cat, ("", "", "")), int(s), int(i))
           for day, cat, s, i in rows]
    frame = _frame(out, (TallyColumns.DATE, TallyColumns.CATEGORY, TallyColumns.LABEL_EN,
                         TallyColumns.LABEL_FR, TallyColumns.LABEL_PT, TallyColumns.SEIZURES,
                         TallyColumns.ITEMS))
    frame = _with_days(frame, operation.start_date, TallyColumns.DATE)
    return frame[list(TallyColumns.ALL)]


def _commodity_rows(session: Session, filters: SeizureFilters
                    ) -> tuple[list[tuple], list[str]]:
    """(date, category, seizures, items) rows by commodity and the top terms, without a
    taxon group filter: the named commodities from the summaries (distinct seizures per
    term are exact there); OTHER, whose seizures must be counted once however many other
    commodities they hold, from the items outside the top terms."""
    items = func.sum(SummaryItem.items)
    top = list(session.execute(
        select(SummaryItem.term_code).where(item_summary_condition(filters, rollup=True))
        .group_by(SummaryItem.term_code).order_by(items.desc(), SummaryItem.term_code)
        .limit(TOP_COMMODITIES)).scalars())
    counted: dict[tuple, list[int]] = {}
    for day, term, seizures in session.execute(
            select(SummaryTerm.seizure_date, SummaryTerm.term_code,
                   func.sum(SummaryTerm.seizures))
            .where(summary_condition(SummaryTerm, filters, rollup=True),
                   SummaryTerm.term_code.in_(top))
            .group_by(SummaryTerm.seizure_date, SummaryTerm.term_code)).all():
        counted[(day, term)] = [int(seizures), 0]
    for day, term, n in session.execute(
            select(SummaryItem.seizure_date, SummaryItem.term_code, items)
            .where(item_summary_condition(filters, rollup=True), SummaryItem.term_code.in_(top))
            .group_by(SummaryItem.seizure_date, SummaryItem.term_code)).all():
        counted.setdefault((day, term), [0, 0])[1] = int(n)
    # Seizures matching the place, date and mode filters whose item matches the commodity
    # filter and is outside the top: the item itself makes the seizure match.
    places = replace(filters, taxon_groups=(), terms=())
    others = session.execute(
        select(Seizure.seizure_date, func.count(distinct(Seizure.id)),
               func.count(SeizureItem.id))
        .select_from(SeizureItem).join(Seizure, Seizure.id == SeizureItem.seizure_id)
        .where(seizure_condition(places), SeizureItem.term_code.not_in(top),
               term_condition(filters, SeizureItem.term_code))
        .group_by(Seizure.seizure_date)).all()
    for day, seizures, n in others:
        counted[(day, OTHER)] = [int(seizures), int(n)]
    rows = [(day, category, s, i) for (day, category), (s, i) in counted.items()]
    # Ordered as the SQL path orders them: by date, then category.
    return sorted(rows, key=lambda r: (r[0], r[1])), top


def daily_view(session: Session, filters: SeizureFilters, stack_by: str = StackBy.REGION,
               now: dt.datetime | None = None) -> DailyView:
    """daily_tallies() and the operation days they belong to, for the per-day chart."""
    return DailyView(daily_tallies(session, filters, stack_by),
                     operation_days(session, filters, now))


def compared_operations(session: Session, operation_id: int, scope: OperationScope,
                        limit: int = MAX_COMPARED) -> list[int]:
    """The operations in scope to compare with: those that started before this one, latest
    first."""
    start = session.execute(
        select(Operation.start_date).where(Operation.id == operation_id)).scalar_one_or_none()
    if start is None:
        return []
    return list(session.execute(
        select(Operation.id).where(Operation.id != operation_id, Operation.start_date < start,
                                   scope.condition())
        .order_by(Operation.start_date.desc(), Operation.id).limit(limit)).scalars())


def daily_comparison(session: Session, filters: SeizureFilters, scope: OperationScope,
                     limit: int = MAX_COMPARED) -> pd.DataFrame:
    """Seizures and items per operation day, with running totals, for the filtered operation
    and up to `limit` earlier ones that the viewer's scope allows (CurveColumns).

    Earlier operations get the same filters except the dates, which become a window of
    operation days (so "days 3 to 10" of this operation is compared with days 3 to 10 of
    the others). Grouped by operation and date in SQL; the day number is the date minus the
    operation's start date plus one.
    """
    current = _operation(session, filters.operation_id)
    if current is None:
        return _frame([], CurveColumns.ALL)
    earlier = compared_operations(session, current.id, scope, limit)
    undated = replace(filters, date_from=None, date_to=None)
    conditions = [seizure_condition(filters)] + [
        seizure_condition(replace(undated, operation_id=oid)) for oid in earlier]
    if filters.filters_items:
        rows = session.execute(
            select(Seizure.operation_id, Seizure.seizure_date,
                   func.count(distinct(Seizure.id)), func.count(SeizureItem.id))
            .select_from(Seizure)
            .outerjoin(SeizureItem, SeizureItem.seizure_id == Seizure.id)
            .outerjoin(Taxon, Taxon.id == SeizureItem.taxon_id)
            .where(or_(*conditions), or_(SeizureItem.id.is_(None), item_condition(filters)))
            .group_by(Seizure.operation_id, Seizure.seizure_date)
            .order_by(Seizure.operation_id, Seizure.seizure_date)
        ).all()
    else:
        summarised = [summary_condition(SummarySeizure, filters, rollup=True)] + [
            summary_condition(SummarySeizure, replace(undated, operation_id=oid), rollup=True)
            for oid in earlier]
        rows = session.execute(
            select(SummarySeizure.operation_id, SummarySeizure.seizure_date,
                   func.sum(SummarySeizure.seizures), func.sum(SummarySeizure.items))
            .where(or_(*summarised))
            .group_by(SummarySeizure.operation_id, SummarySeizure.seizure_date)
            .order_by(SummarySeizure.operation_id, SummarySeizure.seizure_date)
        ).all()
    operations = {o.id: o for o in session.execute(
        select(Operation).where(Operation.id.in_([current.id, *earlier]))).scalars()}
    first_day = (filters.date_from - current.start_date).days + 1 if filters.date_from else 1
    last_day = (filters.date_to - current.start_date).days + 1 if filters.date_to else None
    out = []
    for oid, date, seizures, items in rows:
        op = operations[oid]
        day = (date - op.start_date).days + 1
        if day < first_day or (last_day is not None and day > last_day):
            continue
        out.append((oid, op.code, op.name, op.start_date, oid == current.id, day,
                    int(seizures), int(items)))
    frame = _frame(out, CurveColumns.ALL[:8]).astype(
        {CurveColumns.DAY: int, CurveColumns.SEIZURES: int, CurveColumns.ITEMS: int})
    # The current operation first, then the earlier ones from the latest.
    order = {oid: i for i, oid in enumerate([current.id, *earlier])}
    frame = frame.assign(_o=frame[CurveColumns.OPERATION_ID].map(order)).sort_values(
        ["_o", CurveColumns.DAY]).drop(columns="_o").reset_index(drop=True)
    grouped = frame.groupby(CurveColumns.OPERATION_ID, sort=False)
    frame[CurveColumns.CUMULATIVE_SEIZURES] = grouped[CurveColumns.SEIZURES].cumsum()
    frame[CurveColumns.CUMULATIVE_ITEMS] = grouped[CurveColumns.ITEMS].cumsum()
    return frame[list(CurveColumns.ALL)]


def window_days(start: dt.date, end: dt.date, timezone: str, date_from: dt.date | None = None,
                date_to: dt.date | None = None, now: dt.datetime | None = None
                ) -> tuple[dt.date, ...]:
    """The operation's days within the date filters, up to the operation's today (empty
    before the start)."""
    first = max(start, date_from or start)
    last = min(end, date_to or end, operation_today(timezone, now))
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))


def operation_days(session: Session, filters: SeizureFilters,
                   now: dt.datetime | None = None) -> tuple[dt.date, ...]:
    """The filtered operation's days within the date filters, up to its today."""
    operation = _operation(session, filters.operation_id)
    if operation is None:
        return ()
    return window_days(operation.start_date, operation.end_date, operation.timezone,
                       filters.date_from, filters.date_to, now)


def country_day_grid(session: Session, filters: SeizureFilters,
                     now: dt.datetime | None = None) -> CountryDayGrid | None:
    """Seizures per participating country and day (countries within the region and country
    filters, largest total first; days of the operation up to today). None when the
    operation does not exist."""
    operation = _operation(session, filters.operation_id)
    if operation is None:
        return None
    if filters.filters_items:
        statement = (
            select(Seizure.reporting_country, Seizure.seizure_date, func.count(Seizure.id))
            .where(seizure_condition(filters))
            .group_by(Seizure.reporting_country, Seizure.seizure_date)
            .order_by(Seizure.reporting_country, Seizure.seizure_date))
    else:
        statement = (
            select(SummarySeizure.reporting_country, SummarySeizure.seizure_date,
                   func.sum(SummarySeizure.seizures))
            .where(summary_condition(SummarySeizure, filters))
            .group_by(SummarySeizure.reporting_country, SummarySeizure.seizure_date)
            .order_by(SummarySeizure.reporting_country, SummarySeizure.seizure_date))
    counts = _frame([(iso, day, int(n)) for iso, day, n in session.execute(statement).all()],
                    (GridColumns.ISO3, GridColumns.DATE, GridColumns.SEIZURES))
    participants = (
        select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt)
        .join(OperationCountry, OperationCountry.country_iso3 == Country.iso3)
        .where(OperationCountry.operation_id == operation.id)
    )
    participants = participants.where(place_condition(filters, Country.iso3))
    countries = _frame(session.execute(participants).all(), GridColumns.COUNTRIES)
    totals = counts.groupby(GridColumns.ISO3)[GridColumns.SEIZURES].sum()
    countries["total"] = countries[GridColumns.ISO3].map(totals).fillna(0).astype(int)
    countries = countries.sort_values(["total", GridColumns.NAME_EN],
                                      ascending=[False, True]).reset_index(drop=True)
    return CountryDayGrid(countries=countries, counts=counts,
                          dates=operation_days(session, filters, now),
                          start_date=operation.start_date)
