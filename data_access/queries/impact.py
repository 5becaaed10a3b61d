"""The donors' view of an operation: sanitised aggregates only, released after a delay.

Sanitisation is enforced here, not in the layout. Every function of this module
- reads only operations whose data is releasable under the `Release` policy (ended
  operations, or with a delay of N days only seizures dated before the day's release
  point, midnight of today - N days in the operation's time zone);
- returns aggregates counted in SQL (GROUP BY), at country level at most;
- withholds every count below `Release.min_count` (value None/NaN, flag `SMALL`) and, where
  a published total would give a lone withheld count away, the next smallest count too
  (flag `COMPLEMENT`); quantities drawn from fewer seizures than `min_count` are withheld;
- never selects national references, notes, concealment, locations, coordinates, H3 cells,
  user names or any free text (tests/test_impact.py checks the SQL this module sends).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from data_access.columns import CommonNames, Names
from data_access.models import (
    Country,
    Operation,
    OperationCountry,
    Seizure,
    SeizureItem,
    SummaryGroup,
    SummaryItem,
    SummarySeizure,
    SummaryTaxon,
    Taxon,
)
from data_access.queries.operations import operation_today
from data_access.summaries import grain

# delay_days value meaning "only once the operation has ended".
AFTER_END = -1
# Earlier operations shown next to the chosen one.
COMPARE_LIMIT = 2
# Key commodities in harmonised units.
IVORY_GENERA = ("Loxodonta", "Elephas")
IVORY_TERMS = ("TUS", "IVC", "IVP", "IVS")
PANGOLIN_FAMILY = "Manidae"
PANGOLIN_SCALES_TERM = "SCA"
TIMBER_GROUP = "timber"
# Groups whose live specimens are not animals.
NOT_ANIMALS = ("plants", "timber")


class Suppression:
    """Values of the SUPPRESSED flag column."""

    NONE = ""
    SMALL = "small"  # below min_count: shown as "<min_count"
    COMPLEMENT = "complement"  # at least min_count, withheld so a small one cannot be derived


class Metrics:
    """Headline figures (rows of headline()), with the unit each is counted in."""

    SEIZURES = "seizures"
    PARTICIPATING_COUNTRIES = "participating_countries"
    COUNTRIES_WITH_SEIZURES = "countries_with_seizures"
    ARRESTS = "arrests"
    SPECIES = "species"  # distinct taxa seized
    LIVE_ANIMALS = "live_animals"  # live animal specimens seized (rescued)
    IVORY_KG = "ivory_kg"
    PANGOLIN_SCALES_KG = "pangolin_scales_kg"
    TIMBER_M3 = "timber_m3"
    ALL = (SEIZURES, PARTICIPATING_COUNTRIES, COUNTRIES_WITH_SEIZURES, ARRESTS, SPECIES,
           LIVE_ANIMALS, IVORY_KG, PANGOLIN_SCALES_KG, TIMBER_M3)
    # Quantities (not counts): withheld only when too few seizures contribute.
    QUANTITIES = (IVORY_KG, PANGOLIN_SCALES_KG, TIMBER_M3)


class HeadlineColumns:
    """Columns of headline(): one row per metric, in Metrics.ALL order."""

    METRIC = "metric"
    VALUE = "value"  # float; NaN when withheld
    SUPPRESSED = "suppressed"  # Suppression flag
    ALL = (METRIC, VALUE, SUPPRESSED)


class CountryColumns(Names):
    """Columns of countries(): participating or seizing countries, most seizures first."""

    ISO3 = "iso3"
    SEIZURES = "seizures"  # float; NaN when withheld
    SUPPRESSED = "suppressed"
    ALL = (ISO3, *Names.NAMES, SEIZURES, SUPPRESSED)


class GroupColumns:
    """Columns of species_groups(): seizures with at least one item of the group."""

    GROUP = "display_group"
    SEIZURES = "seizures"
    SUPPRESSED = "suppressed"
    ALL = (GROUP, SEIZURES, SUPPRESSED)


class FlagshipColumns(CommonNames):
    """Columns of flagship_species(): flagship taxa seized, most seizures first."""

    SCIENTIFIC_NAME = "scientific_name"
    GROUP = "display_group"
    SEIZURES = "seizures"
    SUPPRESSED = "suppressed"
    ALL = (SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES, GROUP, SEIZURES,
           SUPPRESSED)


class DailyColumns:
    """Columns of daily(): every released operation day, with zeros."""

    DAY = "day"  # operation day, 1 = start date
    DATE = "date"
    SEIZURES = "seizures"
    SUPPRESSED = "suppressed"
    ALL = (DAY, DATE, SEIZURES, SUPPRESSED)


class ComparisonColumns:
    """Columns of ImpactReport.comparison (headline per operation, long format) and
    ImpactReport.comparison_daily (daily seizures per operation, aligned by day)."""

    CODE = "code"
    NAME = "name"
    METRIC = HeadlineColumns.METRIC
    VALUE = HeadlineColumns.VALUE
    DAY = DailyColumns.DAY
    SEIZURES = DailyColumns.SEIZURES
    SUPPRESSED = "suppressed"
    HEADLINE = (CODE, NAME, METRIC, VALUE, SUPPRESSED)
    DAILY = (CODE, NAME, DAY, SEIZURES, SUPPRESSED)


@dataclass(frozen=True)
class Release:
    """The release policy of the impact pages (config.toml [impact]).

    min_count: counts below it are withheld. delay_days: -1 releases an operation only
    once it has ended; N >= 0 releases, while it runs, the seizures dated before the
    release point (midnight at the start of today - N, in the operation's time zone), so
    that a seizure reported today never moves the figures before the next release point.
    today: the date the delay is counted from (None: each operation's own today in its
    time zone).
    """

    min_count: int = 5
    delay_days: int = AFTER_END
    today: dt.date | None = None

    def released_to(self, start: dt.date, end: dt.date, status: str, timezone: str
                    ) -> dt.date | None:
        """The last seizure date released for an operation window, or None (nothing yet)."""
        today = self.today or operation_today(timezone)
        ended = status == "closed" or end < today
        if self.delay_days <= AFTER_END:
            return end if ended else None
        # The last whole day before the release point: figures change once a day, at the
        # operation's midnight, not with each seizure entered.
        last = min(end, today - dt.timedelta(days=self.delay_days + 1))
        return last if last >= start else None


@dataclass(frozen=True)
class ReleasedOperation:
    """An operation as released to donors: identity, window and how much of it is shown."""

    id: int
    code: str
    name: str
    start_date: dt.date
    end_date: dt.date
    released_to: dt.date
    complete: bool  # the operation has ended and all its days are released

    @property
    def total_days(self) -> int:
        """Days in the operation's window."""
        return (self.end_date - self.start_date).days + 1

    @property
    def released_days(self) -> int:
        """Operation days whose seizures are released."""
        return (self.released_to - self.start_date).days + 1


@dataclass(frozen=True)
class ImpactReport:
    """Everything the impact page, its CSV and its PDF show for one operation."""

    operation: ReleasedOperation
    min_count: int
    headline: pd.DataFrame  # HeadlineColumns
    countries: pd.DataFrame  # CountryColumns
    groups: pd.DataFrame  # GroupColumns
    flagships: pd.DataFrame  # FlagshipColumns
    daily: pd.DataFrame  # DailyColumns
    comparison: pd.DataFrame  # ComparisonColumns.HEADLINE, chosen operation first
    comparison_daily: pd.DataFrame  # ComparisonColumns.DAILY

    @property
    def compared(self) -> tuple[str, ...]:
        """Codes of the operations in the comparison, the chosen one first."""
        return tuple(dict.fromkeys(self.comparison[ComparisonColumns.CODE]))


# --- operations --------------------------------------------------------------------------

def _released(row, release: Release) -> ReleasedOperation | None:
    """A released view of an operation row (id, code, name, start, end, status, tz)."""
    op_id, code, name, start, end, status, timezone = row
    last = release.released_to(start, end, status, timezone)
    if last is None:
        return None
    today = release.today or operation_today(timezone)
    complete = last >= end and (status == "closed" or end < today)
    return ReleasedOperation(id=op_id, code=code, name=name, start_date=start, end_date=end,
                             released_to=last, complete=complete)


def _operation_rows(session: Session, code: str | None = None) -> list:
    """Identity, window, status and time zone of operations, the newest first."""
    statement = select(Operation.id, Operation.code, Operation.name, Operation.start_date,
                       Operation.end_date, Operation.status, Operation.timezone)
    if code is not None:
        statement = statement.where(Operation.code == code)
    return list(session.execute(
        statement.order_by(Operation.start_date.desc(), Operation.code)).all())


def releasable_operations(session: Session, release: Release) -> list[ReleasedOperation]:
    """Operations whose data may be shown under the release policy, the newest first."""
    released = (_released(row, release) for row in _operation_rows(session))
    return [op for op in released if op is not None]


def released_operation(session: Session, code: str | None, release: Release
                       ) -> ReleasedOperation | None:
    """The operation with that code if its data is releasable, else None."""
    if not code:
        return None
    rows = _operation_rows(session, code)
    return _released(rows[0], release) if rows else None


# --- suppression -------------------------------------------------------------------------

def suppress(frame: pd.DataFrame, value: str, flag: str, min_count: int,
             complement: bool = True) -> pd.DataFrame:
    """Withhold counts 1..min_count-1 (flag SMALL) and, when exactly one is withheld and the
    counts add up to a published total, also the next smallest count (flag COMPLEMENT)."""
    frame = frame.copy()
    counts = pd.to_numeric(frame[value], errors="coerce").fillna(0).astype(float)
    small = (counts > 0) & (counts < min_count)
    flags = np.where(small, Suppression.SMALL, Suppression.NONE).astype(object)
    if complement and int(small.sum()) == 1:
        others = counts[~small & (counts > 0)]
        if len(others):
            flags[frame.index.get_loc(others.idxmin())] = Suppression.COMPLEMENT
    frame[flag] = flags
    frame[value] = counts.where(frame[flag] == Suppression.NONE, np.nan)
    return frame


def _frame(rows: list, columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with the documented columns, even without rows."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


# --- queries -----------------------------------------------------------------------------

def _live(operation: ReleasedOperation) -> ColumnElement[bool]:
    """Released seizures of the operation: not deleted, dated inside the released window."""
    return and_(Seizure.operation_id == operation.id, Seizure.deleted.is_(False),
                Seizure.seizure_date >= operation.start_date,
                Seizure.seizure_date <= operation.released_to)


def _in_genera(name: str, genera: tuple[str, ...]) -> bool:
    """Whether a scientific name is one of these genera or a species or subspecies of one."""
    return any(name == g or name.startswith(f"{g} ") for g in genera)


def _commodity_conditions(session: Session, model: type = SeizureItem
                          ) -> dict[str, ColumnElement[bool]]:
    """Item conditions of the key commodities and of live animals.

    The taxa of each are looked up first (a few hundred rows), so that the conditions on
    the items are plain IN lists that use the items' taxon index, with no join to taxa.
    """
    taxa = session.execute(
        select(Taxon.id, Taxon.scientific_name, Taxon.family, Taxon.display_group)).all()
    ivory = [t.id for t in taxa if _in_genera(t.scientific_name, IVORY_GENERA)]
    pangolins = [t.id for t in taxa if t.family == PANGOLIN_FAMILY]
    timber = [t.id for t in taxa if t.display_group == TIMBER_GROUP]
    not_animals = [t.id for t in taxa if t.display_group in NOT_ANIMALS]
    return {
        Metrics.IVORY_KG: and_(model.taxon_id.in_(ivory), model.term_code.in_(IVORY_TERMS),
                               model.base_class == "mass"),
        Metrics.PANGOLIN_SCALES_KG: and_(model.taxon_id.in_(pangolins),
                                         model.term_code == PANGOLIN_SCALES_TERM,
                                         model.base_class == "mass"),
        Metrics.TIMBER_M3: and_(model.taxon_id.in_(timber), model.base_class == "volume"),
        Metrics.LIVE_ANIMALS: and_(model.is_live.is_(True), model.base_class == "count",
                                   model.taxon_id.not_in(not_animals)),
    }


def _released_summary(model: type, operation: ReleasedOperation, rollup: bool = False
                      ) -> ColumnElement[bool]:
    """Summary rows of the operation's released days: the roll-up rows (rollup=True, for
    reads that neither group nor count by country or mode) or the fine ones."""
    return and_(model.operation_id == operation.id,
                grain(model, rollup),
                model.seizure_date >= operation.start_date,
                model.seizure_date <= operation.released_to)


def _raw_contributors(session: Session, operation: ReleasedOperation,
                      condition: ColumnElement[bool]) -> int:
    """Distinct released seizures with at least one item matching a condition."""
    return int(session.execute(_released_items(
        operation, func.count(distinct(SeizureItem.seizure_id))).where(condition)
    ).scalar_one())


def _released_items(operation: ReleasedOperation, *columns):
    """SELECT columns FROM the items of the operation's released seizures."""
    return (select(*columns).select_from(SeizureItem)
            .join(Seizure, Seizure.id == SeizureItem.seizure_id).where(_live(operation)))


def headline(session: Session, operation: ReleasedOperation, release: Release
             ) -> pd.DataFrame:
    """The headline figures (HeadlineColumns, one row per Metrics.ALL), sanitised."""
    released = _released_summary(SummarySeizure, operation)
    seizures, arrests, seizing_countries = session.execute(
        select(func.coalesce(func.sum(SummarySeizure.seizures), 0),
               func.coalesce(func.sum(SummarySeizure.arrests), 0),
               func.count(distinct(SummarySeizure.reporting_country))).where(released)
    ).one()
    participating = session.execute(
        select(func.count()).where(OperationCountry.operation_id == operation.id)
    ).scalar_one()
    species = session.execute(
        select(func.count(distinct(SummaryItem.taxon_id)))
        .where(_released_summary(SummaryItem, operation, rollup=True))).scalar_one()
    values: dict[str, float] = {
        Metrics.SEIZURES: seizures, Metrics.PARTICIPATING_COUNTRIES: participating,
        Metrics.COUNTRIES_WITH_SEIZURES: seizing_countries, Metrics.ARRESTS: arrests,
        Metrics.SPECIES: species,
    }
    # One pass over the item summary, per (day, country, mode): each commodity's quantity,
    # its items (a seizure has at least one: an upper bound of the seizures behind it) and
    # whether the key has any (keys hold different seizures: a lower bound).
    conditions = _commodity_conditions(session, SummaryItem)
    keys = (SummaryItem.seizure_date, SummaryItem.reporting_country,
            SummaryItem.transport_mode)
    per_key = select(*(
        column for i, condition in enumerate(conditions.values()) for column in (
            func.sum(case((condition, SummaryItem.base_quantity))).label(f"q{i}"),
            func.sum(case((condition, SummaryItem.items), else_=0)).label(f"u{i}"),
            func.max(case((condition, 1), else_=0)).label(f"k{i}")))
    ).where(_released_summary(SummaryItem, operation)).group_by(*keys).subquery()
    totals = session.execute(select(*(
        func.sum(per_key.c[f"{kind}{i}"]) for i in range(len(conditions))
        for kind in ("q", "u", "k")))).one()
    contributors: dict[str, int] = {}
    raw_conditions = None
    for i, metric in enumerate(conditions):
        values[metric] = float(totals[3 * i] or 0)
        upper, lower = int(totals[3 * i + 1] or 0), int(totals[3 * i + 2] or 0)
        if lower >= release.min_count or upper < release.min_count:
            contributors[metric] = upper if upper < release.min_count else lower
        else:  # between the bounds: count the seizures themselves
            raw_conditions = raw_conditions or _commodity_conditions(session)
            contributors[metric] = _raw_contributors(session, operation,
                                                     raw_conditions[metric])
    rows = []
    for metric in Metrics.ALL:
        value = float(values[metric] or 0)
        withheld = 0 < contributors.get(metric, release.min_count) < release.min_count
        if metric not in Metrics.QUANTITIES:
            withheld = withheld or 0 < value < release.min_count
        rows.append((metric, np.nan if withheld else value,
                     Suppression.SMALL if withheld else Suppression.NONE))
    return _frame(rows, HeadlineColumns.ALL)


def countries(session: Session, operation: ReleasedOperation, release: Release
              ) -> pd.DataFrame:
    """Seizures per seizing country, with participating countries at zero (CountryColumns)."""
    counted = {iso: int(n) for iso, n in session.execute(
        select(SummarySeizure.reporting_country, func.sum(SummarySeizure.seizures))
        .where(_released_summary(SummarySeizure, operation))
        .group_by(SummarySeizure.reporting_country)
    ).all()}
    participating = select(OperationCountry.country_iso3).where(
        OperationCountry.operation_id == operation.id)
    names = session.execute(
        select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt)
        .where(or_(Country.iso3.in_(participating), Country.iso3.in_(list(counted))))
    ).all()
    frame = _frame([(*row, counted.get(row[0], 0), "") for row in names], CountryColumns.ALL)
    frame = frame.sort_values([CountryColumns.SEIZURES, CountryColumns.NAME_EN],
                              ascending=[False, True], ignore_index=True)
    return suppress(frame, CountryColumns.SEIZURES, CountryColumns.SUPPRESSED,
                    release.min_count)


def species_groups(session: Session, operation: ReleasedOperation, release: Release
                   ) -> pd.DataFrame:
    """Seizures per taxon display group (GroupColumns), most first."""
    seizures = func.sum(SummaryGroup.seizures)
    rows = session.execute(
        select(SummaryGroup.display_group, seizures)
        .where(_released_summary(SummaryGroup, operation, rollup=True))
        .group_by(SummaryGroup.display_group)
        .order_by(seizures.desc(), SummaryGroup.display_group)
    ).all()
    frame = _frame([(*row, "") for row in rows], GroupColumns.ALL)
    return suppress(frame, GroupColumns.SEIZURES, GroupColumns.SUPPRESSED, release.min_count)


def flagship_species(session: Session, operation: ReleasedOperation, release: Release
                     ) -> pd.DataFrame:
    """Seizures per flagship taxon (FlagshipColumns), most first."""
    # Distinct seizures per taxon: the taxon summary counts them exactly.
    seizures = func.sum(SummaryTaxon.seizures)
    rows = session.execute(
        select(Taxon.scientific_name, Taxon.common_name_en, Taxon.common_name_fr,
               Taxon.common_name_pt, Taxon.display_group, seizures)
        .select_from(SummaryTaxon).join(Taxon, Taxon.id == SummaryTaxon.taxon_id)
        .where(_released_summary(SummaryTaxon, operation, rollup=True), Taxon.flagship.is_(True))
        .group_by(Taxon.id, Taxon.scientific_name, Taxon.common_name_en, Taxon.common_name_fr,
                  Taxon.common_name_pt, Taxon.display_group)
        .order_by(seizures.desc(), Taxon.scientific_name)
    ).all()
    frame = _frame([(*row, "") for row in rows], FlagshipColumns.ALL)
    # Flagships are a selection whose total is not published: no complementary withholding.
    return suppress(frame, FlagshipColumns.SEIZURES, FlagshipColumns.SUPPRESSED,
                    release.min_count, complement=False)


def daily(session: Session, operation: ReleasedOperation, release: Release) -> pd.DataFrame:
    """Seizures per released operation day, zeros included (DailyColumns)."""
    counted = {day: int(n) for day, n in session.execute(
        select(SummarySeizure.seizure_date, func.sum(SummarySeizure.seizures))
        .where(_released_summary(SummarySeizure, operation, rollup=True))
        .group_by(SummarySeizure.seizure_date)
    ).all()}
    rows = []
    for offset in range(operation.released_days):
        date = operation.start_date + dt.timedelta(days=offset)
        rows.append((offset + 1, date, counted.get(date, 0), ""))
    return suppress(_frame(rows, DailyColumns.ALL), DailyColumns.SEIZURES,
                    DailyColumns.SUPPRESSED, release.min_count)


def earlier_operations(session: Session, operation: ReleasedOperation, release: Release,
                       limit: int = COMPARE_LIMIT) -> list[ReleasedOperation]:
    """Releasable operations that started before this one, the most recent first."""
    earlier = [op for op in releasable_operations(session, release)
               if op.start_date < operation.start_date]
    return earlier[:max(0, limit)]


def impact_report(session: Session, code: str | None, release: Release,
                  compare: int = COMPARE_LIMIT) -> ImpactReport | None:
    """All the sanitised figures of one releasable operation, with earlier operations for
    comparison; None when the operation does not exist or is not releasable."""
    operation = released_operation(session, code, release)
    if operation is None:
        return None
    top = headline(session, operation, release)
    days = daily(session, operation, release)
    compared = [(operation, top, days)]
    for other in earlier_operations(session, operation, release, compare):
        compared.append((other, headline(session, other, release),
                         daily(session, other, release)))
    comparison = pd.concat(
        [frame.assign(**{ComparisonColumns.CODE: op.code, ComparisonColumns.NAME: op.name})
         for op, frame, _days in compared], ignore_index=True)[list(ComparisonColumns.HEADLINE)]
    comparison_daily = pd.concat(
        [frame.assign(**{ComparisonColumns.CODE: op.code, ComparisonColumns.NAME: op.name})
         for op, _top, frame in compared], ignore_index=True)[list(ComparisonColumns.DAILY)]
    return ImpactReport(
        operation=operation, min_count=release.min_count, headline=top,
        countries=countries(session, operation, release),
        groups=species_groups(session, operation, release),
        flagships=flagship_species(session, operation, release), daily=days,
        comparison=comparison, comparison_daily=comparison_daily,
    )
