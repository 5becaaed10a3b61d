"""Where seizures happen: hotspot cells, ports, reporting countries and trafficking routes,
aggregated in SQL, plus the figures and latest seizures of one clicked place.

Weights are SUM(SeizureItem.base_quantity) over items in a mass unit (kilograms), counting
only the items that match the filters' taxon group and commodity. Every frame has at most
one row per cell, port, country or route, however many seizures there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import ColumnElement, Select, Subquery, case, func, or_, select
from sqlalchemy.orm import Session

from data_access.columns import CommonNames
from data_access.filters import SeizureFilters, item_condition, place_condition, seizure_condition
from data_access.models import (
    CitesTerm,
    CitesUnit,
    Country,
    Location,
    Operation,
    OperationCountry,
    OperationLocation,
    Seizure,
    SeizureItem,
    SeizureTransit,
    SummaryRoute,
    SummarySeizure,
    Taxon,
)
from data_access.queries.operations import operation_today
from data_access.summaries import summary_condition
from geo.cells import H3_RESOLUTIONS, cell_column
from geo.routes import TRANSIT_SEPARATOR

# Transit countries kept per route; a longer declared route keeps its first ones. Real
# declarations rarely name more than two or three.
MAX_TRANSITS = 5
LATEST_LIMIT = 10
DEFAULT_TOP_ROUTES = 25
# The most hotspot cells a map carries (the busiest): each is a hexagon sent to the browser,
# and fine cells over explicit coordinates could otherwise grow with the data.
MAX_CELLS = 600
MASS_CLASS = "mass"
# The H3 resolution kept in the seizure summary (SummarySeizure.cell).
SUMMARY_RESOLUTION = 3


class Layers:
    """The map's layers, as named in map_data(layers=...)."""

    HOTSPOTS = "hotspots"
    PORTS = "ports"
    COUNTRIES = "countries"
    ROUTES = "routes"
    ALL = (HOTSPOTS, PORTS, COUNTRIES, ROUTES)


class StatColumns:
    """The figures every place frame carries."""

    SEIZURES = "seizures"  # live seizures under the filters
    ITEMS = "items"  # their items matching the item filters
    MASS_KG = "mass_kg"  # SUM(base_quantity) of those items in a mass unit, kilograms
    ARRESTS = "arrests"  # SUM(suspects_arrested)
    ALL = (SEIZURES, ITEMS, MASS_KG, ARRESTS)


class CellColumns(StatColumns):
    """Columns of hotspot_cells(): one row per H3 cell holding seizures."""

    CELL = "cell"  # H3 cell id at the requested resolution
    ALL = (CELL, *StatColumns.ALL)


class PortColumns(StatColumns):
    """Columns of operation_ports(): the operation's ports, with or without seizures."""

    LOCATION_ID = "location_id"
    CODE = "code"
    NAME = "name"
    KIND = "kind"  # airport, seaport, land_border, mail_centre, inland
    ISO3 = "country_iso3"
    LAT = "lat"
    LON = "lon"
    ALL = (LOCATION_ID, CODE, NAME, KIND, ISO3, LAT, LON, *StatColumns.ALL)


class CountryColumns(StatColumns):
    """Columns of country_seizures(): participating and reporting countries."""

    ISO3 = "iso3"
    NAME_EN = "name_en"
    NAME_FR = "name_fr"
    NAME_PT = "name_pt"
    ALL = (ISO3, NAME_EN, NAME_FR, NAME_PT, *StatColumns.ALL)


class RouteColumns:
    """Columns of top_routes(): one row per origin, transit path and destination."""

    ORIGIN = "origin"  # ISO-3
    TRANSITS = "transits"  # transit ISO-3 codes in route order, joined by "," ("" if none)
    DESTINATION = "destination"  # ISO-3
    SEIZURES = "seizures"
    MASS_KG = "mass_kg"
    ALL = (ORIGIN, TRANSITS, DESTINATION, SEIZURES, MASS_KG)


class LatestColumns:
    """Columns of PlaceDetails.latest: the place's most recent seizures."""

    SEIZURE_ID = "seizure_id"
    DATE = "seizure_date"
    COUNTRY = "reporting_country"
    COUNTRY_EN = "country_name_en"
    COUNTRY_FR = "country_name_fr"
    COUNTRY_PT = "country_name_pt"
    PORT = "port_name"  # "" when reported without a port
    MODE = "transport_mode"
    ARRESTS = "arrests"
    ALL = (SEIZURE_ID, DATE, COUNTRY, COUNTRY_EN, COUNTRY_FR, COUNTRY_PT, PORT, MODE, ARRESTS)


class LatestItemColumns(CommonNames):
    """Columns of PlaceDetails.items: every item of the latest seizures, in entry order."""

    SEIZURE_ID = "seizure_id"
    SCIENTIFIC_NAME = "scientific_name"
    TERM = "term_code"
    TERM_EN = "label_en"
    TERM_FR = "label_fr"
    TERM_PT = "label_pt"
    QUANTITY = "quantity"  # as reported, in the item's unit
    UNIT = "unit_code"
    UNIT_EN = "unit_label_en"
    UNIT_FR = "unit_label_fr"
    UNIT_PT = "unit_label_pt"
    ALL = (SEIZURE_ID, SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES, TERM,
           TERM_EN, TERM_FR, TERM_PT, QUANTITY, UNIT, UNIT_EN, UNIT_FR, UNIT_PT)


@dataclass(frozen=True)
class MapData:
    """Everything the map draws for an operation under the filters (empty frames for layers
    that were not asked for)."""

    resolution: int
    cells: pd.DataFrame  # CellColumns.ALL, the busiest first, at most MAX_CELLS
    ports: pd.DataFrame  # PortColumns.ALL
    countries: pd.DataFrame  # CountryColumns.ALL
    routes: pd.DataFrame  # RouteColumns.ALL, the busiest first
    seizures: int  # live seizures under the filters
    located: int  # ... of which have coordinates (and so a cell)
    route_count: int  # distinct routes under the filters (routes holds the top ones)
    cell_count: int  # cells holding matching seizures (cells holds the busiest ones)
    status: str  # the operation's status
    start_date: dt.date
    end_date: dt.date
    today: dt.date  # in the operation's time zone
    layers: tuple[str, ...] = field(default=Layers.ALL)

    @property
    def phase(self) -> str:
        """"not_started", "in_progress" or "ended", judged by the operation's own today."""
        if self.today < self.start_date:
            return "not_started"
        return "ended" if self.today > self.end_date else "in_progress"


@dataclass(frozen=True)
class PlaceDetails:
    """A clicked cell, port or country: what it is, its figures and latest seizures."""

    kind: str  # "cell", "port" or "country"
    key: str  # the cell id, the location id or the ISO-3 code
    name: str  # the port's name, or the cell id ("" for a country: see country_name_*)
    location_kind: str  # the port's kind ("" otherwise)
    country_iso3: str  # the port's or country's ISO-3 ("" for a cell)
    country_name_en: str
    country_name_fr: str
    country_name_pt: str
    seizures: int
    items: int
    mass_kg: float
    arrests: int
    latest: pd.DataFrame  # LatestColumns.ALL, newest first, at most LATEST_LIMIT rows
    items_of_latest: pd.DataFrame  # LatestItemColumns.ALL

    @property
    def found(self) -> bool:
        """Whether the place exists (an unknown port or country gives an empty record)."""
        return bool(self.name or self.country_iso3)


def _frame(rows: list, columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with the documented columns, even when there are no rows."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _per_seizure(filters: SeizureFilters) -> Subquery:
    """Per matching seizure: its matching items and their mass in kg (only seizures that
    have matching items appear)."""
    mass = func.sum(case((SeizureItem.base_class == MASS_CLASS, SeizureItem.base_quantity)))
    return (
        select(SeizureItem.seizure_id.label("seizure_id"),
               func.count(SeizureItem.id).label("item_count"), mass.label("kg"))
        .join(Seizure, Seizure.id == SeizureItem.seizure_id)
        .join(Taxon, Taxon.id == SeizureItem.taxon_id)
        .where(seizure_condition(filters), item_condition(filters))
        .group_by(SeizureItem.seizure_id)
        .subquery("per_seizure")
    )


def _stats(per_seizure: Subquery) -> list[ColumnElement]:
    """The StatColumns aggregates over Seizure outer-joined to _per_seizure()."""
    return [
        func.count(Seizure.id).label(StatColumns.SEIZURES),
        func.coalesce(func.sum(per_seizure.c.item_count), 0).label(StatColumns.ITEMS),
        func.coalesce(func.sum(per_seizure.c.kg), 0.0).label(StatColumns.MASS_KG),
        func.coalesce(func.sum(Seizure.suspects_arrested), 0).label(StatColumns.ARRESTS),
    ]


def _seizure_stats(filters: SeizureFilters, *keys: ColumnElement) -> Select:
    """SELECT keys, figures FROM matching seizures (GROUP BY left to the caller)."""
    per_seizure = _per_seizure(filters)
    return (select(*keys, *_stats(per_seizure)).select_from(Seizure)
            .outerjoin(per_seizure, per_seizure.c.seizure_id == Seizure.id)
            .where(seizure_condition(filters)))


def _summary_stats(filters: SeizureFilters, *keys: ColumnElement, rollup: bool = False
                   ) -> Select:
    """_seizure_stats() read from the seizure summary (only without item filters: the
    summary counts every item of a seizure); rollup: as for summary_condition()."""
    return select(
        *keys,
        func.coalesce(func.sum(SummarySeizure.seizures), 0).label(StatColumns.SEIZURES),
        func.coalesce(func.sum(SummarySeizure.items), 0).label(StatColumns.ITEMS),
        func.coalesce(func.sum(SummarySeizure.mass_kg), 0.0).label(StatColumns.MASS_KG),
        func.coalesce(func.sum(SummarySeizure.arrests), 0).label(StatColumns.ARRESTS),
    ).where(summary_condition(SummarySeizure, filters, rollup))


def _summarised(filters: SeizureFilters) -> bool:
    """Whether the seizure summary answers exactly (no taxon group or commodity filter)."""
    return not filters.filters_items


def hotspot_cells(session: Session, filters: SeizureFilters, resolution: int,
                  limit: int = MAX_CELLS) -> tuple[pd.DataFrame, int]:
    """Seizures, items, kg and arrests per H3 cell at a stored resolution (CellColumns; the
    `limit` busiest cells; seizures without coordinates have no cell), and how many cells
    hold matching seizures in all."""
    if resolution == SUMMARY_RESOLUTION and _summarised(filters):
        cell, seizures = SummarySeizure.cell, func.sum(SummarySeizure.seizures)
        statement = (_summary_stats(filters, cell, rollup=True).add_columns(func.count().over())
                     .where(cell != "").group_by(cell)
                     .order_by(seizures.desc(), cell).limit(max(0, int(limit))))
    else:
        cell = getattr(Seizure, cell_column(resolution))
        seizures = func.count(Seizure.id)
        statement = (_seizure_stats(filters, cell).add_columns(func.count().over())
                     .where(cell.is_not(None)).group_by(cell)
                     .order_by(seizures.desc(), cell).limit(max(0, int(limit))))
    rows = session.execute(statement).all()
    return (_frame([row[:-1] for row in rows], CellColumns.ALL),
            int(rows[0][-1]) if rows else 0)


def operation_ports(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """The operation's ports and any other port with matching seizures, with their figures
    (PortColumns; ports without seizures have zeros). Country and region filters narrow the
    ports; the other filters only narrow the seizures counted."""
    if _summarised(filters):
        stats = (_summary_stats(filters, SummarySeizure.location_id, rollup=True)
                 .where(SummarySeizure.location_id != 0).group_by(SummarySeizure.location_id)
                 .subquery("port_stats"))
    else:
        stats = (_seizure_stats(filters, Seizure.location_id)
                 .where(Seizure.location_id.is_not(None)).group_by(Seizure.location_id)
                 .subquery("port_stats"))
    taking_part = select(OperationLocation.location_id).where(
        OperationLocation.operation_id == filters.operation_id)
    statement = (
        select(Location.id, Location.code, Location.name, Location.kind, Location.country_iso3,
               Location.latitude, Location.longitude,
               *[func.coalesce(stats.c[c], 0) for c in StatColumns.ALL])
        .outerjoin(stats, stats.c.location_id == Location.id)
        .where(or_(Location.id.in_(taking_part), stats.c.location_id.is_not(None)),
               place_condition(filters, Location.country_iso3))
        .order_by(func.coalesce(stats.c[StatColumns.SEIZURES], 0).desc(), Location.code)
    )
    return _frame(session.execute(statement).all(), PortColumns.ALL)


def country_seizures(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """Seizures per reporting country (CountryColumns): every participating country in the
    filtered regions and countries, with zeros where nothing was reported."""
    if _summarised(filters):
        stats = (_summary_stats(filters, SummarySeizure.reporting_country)
                 .group_by(SummarySeizure.reporting_country).subquery("country_stats"))
    else:
        stats = (_seizure_stats(filters, Seizure.reporting_country)
                 .group_by(Seizure.reporting_country).subquery("country_stats"))
    taking_part = select(OperationCountry.country_iso3).where(
        OperationCountry.operation_id == filters.operation_id)
    statement = (
        select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt,
               *[func.coalesce(stats.c[c], 0) for c in StatColumns.ALL])
        .outerjoin(stats, stats.c.reporting_country == Country.iso3)
        .where(or_(Country.iso3.in_(taking_part), stats.c.reporting_country.is_not(None)),
               place_condition(filters, Country.iso3))
        .order_by(func.coalesce(stats.c[StatColumns.SEIZURES], 0).desc(), Country.iso3)
    )
    return _frame(session.execute(statement).all(), CountryColumns.ALL)


def _transit_paths(filters: SeizureFilters) -> Subquery:
    """Per matching seizure with transits: transit country k (k = 1..MAX_TRANSITS) in route
    order, "" past the last one (a pivot, as SQLite cannot order inside group_concat)."""
    rank = func.row_number().over(partition_by=SeizureTransit.seizure_id,
                                  order_by=SeizureTransit.position).label("rank")
    ranked = (select(SeizureTransit.seizure_id, SeizureTransit.country_iso3, rank)
              .where(SeizureTransit.seizure_id.in_(
                  select(Seizure.id).where(seizure_condition(filters))))
              .subquery("ranked_transits"))
    return (
        select(ranked.c.seizure_id, *[
            func.coalesce(func.max(case((ranked.c.rank == k, ranked.c.country_iso3))), "")
            .label(f"t{k}") for k in range(1, MAX_TRANSITS + 1)])
        .group_by(ranked.c.seizure_id).subquery("transit_paths")
    )


def _route_statement(filters: SeizureFilters) -> tuple[Select, list[ColumnElement]]:
    """Seizures and kg per origin, transit path and destination; and the group keys."""
    paths = _transit_paths(filters)
    transits = [func.coalesce(paths.c[f"t{k}"], "") for k in range(1, MAX_TRANSITS + 1)]
    keys = [Seizure.origin_country, *transits, Seizure.destination_country]
    per_seizure = _per_seizure(filters)
    statement = (
        select(*keys, func.count(Seizure.id).label(RouteColumns.SEIZURES),
               func.coalesce(func.sum(per_seizure.c.kg), 0.0).label(RouteColumns.MASS_KG))
        .select_from(Seizure)
        .outerjoin(paths, paths.c.seizure_id == Seizure.id)
        .outerjoin(per_seizure, per_seizure.c.seizure_id == Seizure.id)
        .where(seizure_condition(filters), Seizure.origin_country.is_not(None),
               Seizure.destination_country.is_not(None),
               # A seizure that never left its country is not a route.
               or_(Seizure.origin_country != Seizure.destination_country, transits[0] != ""))
        .group_by(*keys)
    )
    return statement, keys


def top_routes(session: Session, filters: SeizureFilters, limit: int = DEFAULT_TOP_ROUTES
               ) -> tuple[pd.DataFrame, int]:
    """The `limit` busiest routes origin -> transits -> destination (RouteColumns), and how
    many distinct routes the matching seizures follow in all."""
    if _summarised(filters):
        keys = [SummaryRoute.origin, *[getattr(SummaryRoute, f"t{k}")
                                       for k in range(1, MAX_TRANSITS + 1)],
                SummaryRoute.destination]
        seizures = func.sum(SummaryRoute.seizures)
        statement = (select(*keys, seizures.label(RouteColumns.SEIZURES),
                            func.coalesce(func.sum(SummaryRoute.mass_kg), 0.0)
                            .label(RouteColumns.MASS_KG))
                     .where(summary_condition(SummaryRoute, filters, rollup=True))
                     .group_by(*keys))
    else:
        statement, keys = _route_statement(filters)
        seizures = func.count(Seizure.id)
    # A window over the grouped rows counts the groups before LIMIT: one query, not two.
    total = func.count().over()
    rows = session.execute(
        statement.add_columns(total).order_by(seizures.desc(), *keys)
        .limit(max(0, int(limit)))).all()
    frame = _frame([
        (row[0], TRANSIT_SEPARATOR.join(t for t in row[1:1 + MAX_TRANSITS] if t),
         row[1 + MAX_TRANSITS], int(row[2 + MAX_TRANSITS]), float(row[3 + MAX_TRANSITS]))
        for row in rows
    ], RouteColumns.ALL)
    return frame, int(rows[0][-1]) if rows else 0


def map_data(session: Session, filters: SeizureFilters, *, resolution: int,
             layers: tuple[str, ...] = Layers.ALL, top_routes_limit: int = DEFAULT_TOP_ROUTES,
             now: dt.datetime | None = None) -> MapData | None:
    """The map's layers for an operation under the filters (None if it does not exist);
    layers not asked for are not queried and come back empty."""
    if resolution not in H3_RESOLUTIONS:
        raise ValueError(f"unsupported H3 resolution {resolution}")
    operation = session.get(Operation, filters.operation_id)
    if operation is None:
        return None
    if _summarised(filters):
        # Every stored resolution has a cell exactly when the seizure has coordinates.
        seizures, located = session.execute(
            select(func.coalesce(func.sum(SummarySeizure.seizures), 0),
                   func.coalesce(func.sum(case((SummarySeizure.cell != "",
                                                SummarySeizure.seizures), else_=0)), 0))
            .where(summary_condition(SummarySeizure, filters, rollup=True))
        ).one()
    else:
        has_cell = case((getattr(Seizure, cell_column(resolution)).is_not(None), 1), else_=0)
        seizures, located = session.execute(
            select(func.count(Seizure.id), func.coalesce(func.sum(has_cell), 0))
            .where(seizure_condition(filters))
        ).one()
    wanted = set(layers)
    routes, route_count = (top_routes(session, filters, top_routes_limit)
                           if Layers.ROUTES in wanted else (_frame([], RouteColumns.ALL), 0))
    cells, cell_count = (hotspot_cells(session, filters, resolution)
                         if Layers.HOTSPOTS in wanted else (_frame([], CellColumns.ALL), 0))
    return MapData(
        resolution=resolution,
        cells=cells, cell_count=cell_count,
        ports=(operation_ports(session, filters) if Layers.PORTS in wanted
               else _frame([], PortColumns.ALL)),
        countries=(country_seizures(session, filters) if Layers.COUNTRIES in wanted
                   else _frame([], CountryColumns.ALL)),
        routes=routes, seizures=int(seizures), located=int(located), route_count=route_count,
        status=operation.status, start_date=operation.start_date,
        end_date=operation.end_date, today=operation_today(operation.timezone, now),
        layers=tuple(layer for layer in Layers.ALL if layer in wanted),
    )


def _latest(session: Session, filters: SeizureFilters, place: ColumnElement[bool]
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The place's latest matching seizures and all their items."""
    latest = _frame(session.execute(
        select(Seizure.id, Seizure.seizure_date, Seizure.reporting_country, Country.name_en,
               Country.name_fr, Country.name_pt, func.coalesce(Location.name, ""),
               Seizure.transport_mode, Seizure.suspects_arrested)
        .join(Country, Country.iso3 == Seizure.reporting_country)
        .outerjoin(Location, Location.id == Seizure.location_id)
        .where(seizure_condition(filters), place)
        .order_by(Seizure.seizure_date.desc(), Seizure.id.desc())
        .limit(LATEST_LIMIT)
    ).all(), LatestColumns.ALL)
    ids = [int(i) for i in latest[LatestColumns.SEIZURE_ID]]
    items = _frame(session.execute(
        select(SeizureItem.seizure_id, Taxon.scientific_name, Taxon.common_name_en,
               Taxon.common_name_fr, Taxon.common_name_pt, SeizureItem.term_code,
               CitesTerm.label_en, CitesTerm.label_fr, CitesTerm.label_pt,
               SeizureItem.quantity, SeizureItem.unit_code, CitesUnit.label_en,
               CitesUnit.label_fr, CitesUnit.label_pt)
        .join(Taxon, Taxon.id == SeizureItem.taxon_id)
        .join(CitesTerm, CitesTerm.code == SeizureItem.term_code)
        .join(CitesUnit, CitesUnit.code == SeizureItem.unit_code)
        .where(SeizureItem.seizure_id.in_(ids))
        .order_by(SeizureItem.seizure_id, SeizureItem.position, SeizureItem.id)
    ).all(), LatestItemColumns.ALL) if ids else _frame([], LatestItemColumns.ALL)
    return latest, items


def _details(session: Session, filters: SeizureFilters, kind: str, key: str,
             place: ColumnElement[bool], identity: tuple[str, str, str, str, str, str],
             summary_place: ColumnElement[bool] | None = None) -> PlaceDetails:
    """Figures and latest seizures of the seizures matching `place` (`summary_place`: the
    same place on the seizure summary, used when it answers exactly)."""
    if summary_place is not None and _summarised(filters):
        statement = _summary_stats(filters).where(summary_place)
    else:
        statement = _seizure_stats(filters).where(place)
    seizures, items, mass, arrests = session.execute(statement).one()
    latest, latest_items = _latest(session, filters, place)
    name, location_kind, iso3, name_en, name_fr, name_pt = identity
    return PlaceDetails(
        kind=kind, key=key, name=name, location_kind=location_kind, country_iso3=iso3,
        country_name_en=name_en, country_name_fr=name_fr, country_name_pt=name_pt,
        seizures=int(seizures), items=int(items), mass_kg=float(mass), arrests=int(arrests),
        latest=latest, items_of_latest=latest_items,
    )


def cell_details(session: Session, filters: SeizureFilters, cell: str, resolution: int
                 ) -> PlaceDetails:
    """Figures and latest seizures in one H3 cell at a stored resolution."""
    column = getattr(Seizure, cell_column(resolution))
    return _details(session, filters, "cell", cell, column == cell,
                    (cell, "", "", "", "", ""),
                    SummarySeizure.cell == cell if resolution == SUMMARY_RESOLUTION else None)


def port_details(session: Session, filters: SeizureFilters, location_id: int) -> PlaceDetails:
    """Figures and latest seizures at one port (an unknown id gives an empty record)."""
    row = session.execute(
        select(Location.name, Location.kind, Location.country_iso3, Country.name_en,
               Country.name_fr, Country.name_pt)
        .join(Country, Country.iso3 == Location.country_iso3)
        .where(Location.id == location_id)
    ).first()
    identity = tuple(row) if row else ("", "", "", "", "", "")
    return _details(session, filters, "port", str(location_id),
                    Seizure.location_id == location_id, identity,
                    SummarySeizure.location_id == location_id)


def country_details(session: Session, filters: SeizureFilters, iso3: str) -> PlaceDetails:
    """Figures and latest seizures reported by one country (unknown: an empty record)."""
    row = session.execute(
        select(Country.iso3, Country.name_en, Country.name_fr, Country.name_pt)
        .where(Country.iso3 == iso3)
    ).first()
    identity = ("", "", *tuple(row)) if row else ("", "", "", "", "", "")
    return _details(session, filters, "country", iso3, Seizure.reporting_country == iso3,
                    identity, SummarySeizure.reporting_country == iso3)
