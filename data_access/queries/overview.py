"""The overview's figures beyond the headline: commodities in harmonised units, seizures per
day, hotspot cells and the latest entries, all counted in the database.

Harmonised totals add `SeizureItem.base_quantity` within one unit class only (mass in kg,
volume in m3, count in specimens), as derived at write time; lines in units that do not
convert (bags, boxes...) are left out of those totals rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from data_access.filters import SeizureFilters, seizure_condition
from data_access.models import (
    CitesTerm,
    Country,
    Location,
    Operation,
    Seizure,
    SeizureItem,
    SummaryItem,
    SummarySeizure,
    Taxon,
)
from data_access.summaries import item_summary_condition, summary_condition
from geo.cells import cell_centres, cell_column

IVORY_GENERA = ("Loxodonta", "Elephas")
IVORY_TERMS = ("TUS", "IVC", "IVP", "IVS")
PANGOLIN_FAMILY = "Manidae"
PANGOLIN_SCALES_TERM = "SCA"
TIMBER_GROUP = "timber"
PLANT_GROUPS = ("plants", "timber")
# Most hotspot cells sent to the compact map, whatever the data size (the busiest first).
HOTSPOT_LIMIT = 400
LATEST_LIMIT = 10
# The H3 resolution kept in the seizure summary (SummarySeizure.cell).
SUMMARY_RESOLUTION = 3


@dataclass(frozen=True)
class CommodityTotals:
    """Headline commodities under the filters, in harmonised units."""

    ivory_kg: float
    ivory_pieces: float  # ivory lines counted in specimens (tusks, carvings by number)
    pangolin_scales_kg: float
    live_animals: float  # live animal specimens counted by number (plants excluded)
    live_lines_by_mass: int  # live-animal lines recorded by mass (not in the count)
    timber_m3: float
    timber_kg: float


class DailyColumns:
    """Columns of daily_seizures()."""

    DATE = "seizure_date"
    SEIZURES = "seizures"


class HotspotColumns:
    """Columns of hotspot_cells()."""

    CELL = "cell"
    SEIZURES = "seizures"
    LAT = "lat"
    LON = "lon"


class LatestColumns:
    """Columns of LatestEntries.seizures."""

    ID = "id"
    CREATED_AT = "created_at"  # UTC
    SEIZURE_DATE = "seizure_date"
    ISO3 = "iso3"
    NAME_EN = "name_en"
    NAME_FR = "name_fr"
    NAME_PT = "name_pt"
    LOCATION = "location"  # the port or post's name, or None (country level)
    LOCATION_KIND = "location_kind"
    REFERENCE = "national_reference"


class LatestItemColumns:
    """Columns of LatestEntries.items."""

    SEIZURE_ID = "seizure_id"
    POSITION = "position"
    SCIENTIFIC_NAME = "scientific_name"
    COMMON_NAME_EN = "common_name_en"
    COMMON_NAME_FR = "common_name_fr"
    COMMON_NAME_PT = "common_name_pt"
    TERM = "term_code"
    TERM_LABEL_EN = "label_en"
    TERM_LABEL_FR = "label_fr"
    TERM_LABEL_PT = "label_pt"
    QUANTITY = "quantity"
    UNIT = "unit_code"
    IS_LIVE = "is_live"


@dataclass(frozen=True)
class LatestEntries:
    """The newest seizures (newest first) and their commodity lines."""

    timezone: str  # the operation's, to show entry times in
    seizures: pd.DataFrame  # LatestColumns
    items: pd.DataFrame  # LatestItemColumns, by seizure and position


def _genus(names: tuple[str, ...]) -> ColumnElement[bool]:
    """Taxa of the given genera: the genus itself or any of its species."""
    return or_(*(or_(Taxon.scientific_name == name, Taxon.scientific_name.like(f"{name} %"))
                 for name in names))


def _sum_where(condition: ColumnElement[bool], unit_class: str):
    """SUM of base quantities of the lines matching a condition in one unit class."""
    return func.coalesce(func.sum(case(
        (and_(condition, SummaryItem.base_class == unit_class), SummaryItem.base_quantity),
        else_=0.0)), 0.0)


def headline_commodities(session: Session, filters: SeizureFilters) -> CommodityTotals:
    """Ivory (kg and pieces), pangolin scales (kg), live animals (specimens) and timber
    (m3 and kg) seized under the filters, in one aggregate query."""
    # The taxa of each commodity are looked up first (a few hundred rows), so that the
    # conditions on the summary rows are plain IN lists on taxon_id, with no join to taxa.
    ivory_taxa = list(session.execute(select(Taxon.id).where(_genus(IVORY_GENERA))).scalars())
    pangolins = list(session.execute(
        select(Taxon.id).where(Taxon.family == PANGOLIN_FAMILY)).scalars())
    plants = list(session.execute(
        select(Taxon.id).where(Taxon.display_group.in_(PLANT_GROUPS))).scalars())
    timber_taxa = list(session.execute(
        select(Taxon.id).where(Taxon.display_group == TIMBER_GROUP)).scalars())
    ivory = and_(SummaryItem.taxon_id.in_(ivory_taxa), SummaryItem.term_code.in_(IVORY_TERMS))
    scales = and_(SummaryItem.taxon_id.in_(pangolins),
                  SummaryItem.term_code == PANGOLIN_SCALES_TERM)
    # Live plants (orchids, cacti...) are live specimens too, but not animals.
    live = and_(SummaryItem.is_live.is_(True), SummaryItem.taxon_id.not_in(plants))
    timber = SummaryItem.taxon_id.in_(timber_taxa)
    statement = select(
        _sum_where(ivory, "mass"), _sum_where(ivory, "count"), _sum_where(scales, "mass"),
        _sum_where(live, "count"),
        func.coalesce(func.sum(case((and_(live, SummaryItem.base_class == "mass"),
                                     SummaryItem.items), else_=0)), 0),
        _sum_where(timber, "volume"), _sum_where(timber, "mass"),
    ).select_from(SummaryItem)
    if filters.taxon_groups:
        statement = statement.join(Taxon, Taxon.id == SummaryItem.taxon_id)
    row = session.execute(statement.where(item_summary_condition(filters, rollup=True))).one()
    return CommodityTotals(
        ivory_kg=float(row[0]), ivory_pieces=float(row[1]), pangolin_scales_kg=float(row[2]),
        live_animals=float(row[3]), live_lines_by_mass=int(row[4]), timber_m3=float(row[5]),
        timber_kg=float(row[6]),
    )


def daily_seizures(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """Seizures per day (DailyColumns) over the operation's window narrowed by the date
    filter, days without seizures included as zero, until the window's end."""
    window = session.execute(
        select(Operation.start_date, Operation.end_date)
        .where(Operation.id == filters.operation_id)
    ).first()
    if window is None:
        return pd.DataFrame(columns=[DailyColumns.DATE, DailyColumns.SEIZURES])
    start = max(window[0], filters.date_from) if filters.date_from else window[0]
    end = min(window[1], filters.date_to) if filters.date_to else window[1]
    if filters.filters_items:
        counts = dict(session.execute(
            select(Seizure.seizure_date, func.count(Seizure.id))
            .where(seizure_condition(filters)).group_by(Seizure.seizure_date)
        ).all())
    else:
        counts = dict(session.execute(
            select(SummarySeizure.seizure_date, func.sum(SummarySeizure.seizures))
            .where(summary_condition(SummarySeizure, filters, rollup=True))
            .group_by(SummarySeizure.seizure_date)
        ).all())
    days = [start + dt.timedelta(days=i) for i in range(max(0, (end - start).days + 1))]
    return pd.DataFrame({DailyColumns.DATE: days,
                         DailyColumns.SEIZURES: [int(counts.get(d, 0)) for d in days]})


def hotspot_cells(session: Session, filters: SeizureFilters, resolution: int = 3,
                  limit: int = HOTSPOT_LIMIT) -> pd.DataFrame:
    """Seizures per H3 cell with the cell's centre (HotspotColumns), busiest first."""
    if resolution == SUMMARY_RESOLUTION and not filters.filters_items:
        cell, count = SummarySeizure.cell, func.sum(SummarySeizure.seizures)
        where = and_(summary_condition(SummarySeizure, filters, rollup=True), cell != "")
    else:
        cell, count = getattr(Seizure, cell_column(resolution)), func.count(Seizure.id)
        where = and_(seizure_condition(filters), cell.is_not(None))
    rows = session.execute(
        select(cell, count).where(where).group_by(cell).order_by(count.desc(), cell)
        .limit(limit)
    ).all()
    frame = pd.DataFrame(rows, columns=[HotspotColumns.CELL, HotspotColumns.SEIZURES])
    centres = cell_centres(frame[HotspotColumns.CELL])
    frame[HotspotColumns.LAT] = centres["lat"].astype(float)
    frame[HotspotColumns.LON] = centres["lon"].astype(float)
    return frame


def latest_entries(session: Session, filters: SeizureFilters,
                   limit: int = LATEST_LIMIT) -> LatestEntries:
    """The most recently entered seizures under the filters, with their items."""
    timezone = session.execute(
        select(Operation.timezone).where(Operation.id == filters.operation_id)
    ).scalar_one_or_none() or "UTC"
    seizures = pd.DataFrame(session.execute(
        select(Seizure.id, Seizure.created_at, Seizure.seizure_date, Seizure.reporting_country,
               Country.name_en, Country.name_fr, Country.name_pt, Location.name, Location.kind,
               Seizure.national_reference)
        .join(Country, Country.iso3 == Seizure.reporting_country)
        .outerjoin(Location, Location.id == Seizure.location_id)
        .where(seizure_condition(filters))
        .order_by(Seizure.created_at.desc(), Seizure.id.desc()).limit(limit)
    ).all(), columns=[LatestColumns.ID, LatestColumns.CREATED_AT, LatestColumns.SEIZURE_DATE,
                      LatestColumns.ISO3, LatestColumns.NAME_EN, LatestColumns.NAME_FR,
                      LatestColumns.NAME_PT, LatestColumns.LOCATION,
                      LatestColumns.LOCATION_KIND, LatestColumns.REFERENCE])
    items = pd.DataFrame(session.execute(
        select(SeizureItem.seizure_id, SeizureItem.position, Taxon.scientific_name,
               Taxon.common_name_en, Taxon.common_name_fr, Taxon.common_name_pt,
               SeizureItem.term_code, CitesTerm.label_en, CitesTerm.label_fr,
               CitesTerm.label_pt, SeizureItem.quantity, SeizureItem.unit_code,
               SeizureItem.is_live)
        .join(Taxon, Taxon.id == SeizureItem.taxon_id)
        .join(CitesTerm, CitesTerm.code == SeizureItem.term_code)
        .where(SeizureItem.seizure_id.in_([int(i) for i in seizures[LatestColumns.ID]]))
        .order_by(SeizureItem.seizure_id, SeizureItem.position)
    ).all(), columns=[LatestItemColumns.SEIZURE_ID, LatestItemColumns.POSITION,
                      LatestItemColumns.SCIENTIFIC_NAME, LatestItemColumns.COMMON_NAME_EN,
                      LatestItemColumns.COMMON_NAME_FR, LatestItemColumns.COMMON_NAME_PT,
                      LatestItemColumns.TERM, LatestItemColumns.TERM_LABEL_EN,
                      LatestItemColumns.TERM_LABEL_FR, LatestItemColumns.TERM_LABEL_PT,
                      LatestItemColumns.QUANTITY, LatestItemColumns.UNIT,
                      LatestItemColumns.IS_LIVE])
    return LatestEntries(timezone, seizures, items)
