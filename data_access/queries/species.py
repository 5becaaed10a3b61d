"""What was seized: taxa, CITES appendices, commodities and quantities, counted in SQL.

Quantities are never added across units: "as reported" totals are grouped by taxon and
unit, and harmonised totals add only `SeizureItem.base_quantity` within one unit class
(mass in kg, volume in m3, count in specimens...), as derived at write time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Select, Subquery, case, distinct, func, select
from sqlalchemy.orm import Session

from data_access.columns import CommonNames, Labels
from data_access.filters import (
    SeizureFilters,
    group_condition,
    item_condition,
    seizure_condition,
    term_condition,
)
from data_access.models import (
    CitesTerm,
    CitesUnit,
    Seizure,
    SeizureItem,
    SummaryAppendix,
    SummaryItem,
    SummaryTaxon,
    SummaryTerm,
    Taxon,
)
from data_access.summaries import item_summary_condition, summary_condition

# The most rows the species table returns, whatever the data size.
TABLE_LIMIT = 50
# Unit classes whose harmonised totals the species table shows, with their base units.
HARMONISED_CLASSES = ("mass", "volume", "count")


class SpeciesColumns(CommonNames):
    """Columns of taxonomy_breakdown() and species_table().rows."""

    TAXON_ID = "taxon_id"
    SCIENTIFIC_NAME = "scientific_name"
    GROUP = "display_group"
    CLASS = "taxon_class"
    ORDER = "taxon_order"
    FAMILY = "family"
    APPENDIX = "cites_appendix"
    SEIZURES = "seizures"  # distinct seizures with at least one matching item of the taxon
    ITEMS = "items"  # matching seizure items (commodity lines)
    MASS_KG = "mass_kg"  # SUM(base_quantity) of items in a mass unit, in kilograms
    VOLUME_M3 = "volume_m3"  # ... in a volume unit, in cubic metres
    SPECIMENS = "specimens"  # ... in a count unit, in specimens
    UNCONVERTED_ITEMS = "unconverted_items"  # items whose unit has no conversion
    NAMES = CommonNames.COMMON_NAMES
    TAXONOMY = (TAXON_ID, SCIENTIFIC_NAME, *NAMES, GROUP, CLASS, ORDER, FAMILY, APPENDIX,
                SEIZURES, ITEMS)
    TABLE = (TAXON_ID, SCIENTIFIC_NAME, *NAMES, GROUP, APPENDIX, SEIZURES, ITEMS, MASS_KG,
             VOLUME_M3, SPECIMENS, UNCONVERTED_ITEMS)


class QuantityColumns(Labels):
    """Columns of species_table().quantities: one row per taxon and unit, never summed across."""

    TAXON_ID = "taxon_id"
    UNIT = "unit_code"
    UNIT_CLASS = "unit_class"
    QUANTITY = "quantity"  # SUM(quantity) in that unit
    ITEMS = "items"
    ALL = (TAXON_ID, UNIT, UNIT_CLASS, *Labels.LABELS, QUANTITY, ITEMS)


class AppendixColumns:
    """Columns of appendix_split()."""

    APPENDIX = "cites_appendix"  # I, II, III or NL (not listed)
    SEIZURES = "seizures"
    ITEMS = "items"
    ALL = (APPENDIX, SEIZURES, ITEMS)


class CommodityColumns(Labels):
    """Columns of commodity_breakdown() (CITES terms)."""

    TERM = "term_code"
    SEIZURES = "seizures"
    ITEMS = "items"
    ALL = (TERM, *Labels.LABELS, SEIZURES, ITEMS)


class TotalColumns:
    """Columns of harmonised_totals(): one row per unit class with a conversion."""

    UNIT_CLASS = "base_class"  # mass (kg), volume (m3), count (specimens), area, length;
    # None for the items whose unit has no conversion
    QUANTITY = "base_quantity"
    ITEMS = "items"
    ALL = (UNIT_CLASS, QUANTITY, ITEMS)


class SortKeys:
    """Orders the species table can be sorted by (largest first, except the name)."""

    SEIZURES = "seizures"
    ITEMS = "items"
    MASS = "mass"
    VOLUME = "volume"
    SPECIMENS = "specimens"
    NAME = "name"
    ALL = (SEIZURES, ITEMS, MASS, VOLUME, SPECIMENS, NAME)


@dataclass(frozen=True)
class SpeciesTable:
    """The top species under the filters, and their quantities per unit as reported."""

    rows: pd.DataFrame  # SpeciesColumns.TABLE, in the requested order
    quantities: pd.DataFrame  # QuantityColumns.ALL, for the taxa of `rows`
    total_species: int  # distinct taxa matching the filters (rows shows at most `limit`)


def _matching_items(*columns: ColumnElement) -> Select:
    """SELECT columns FROM items joined to their seizure and taxon (filters added later)."""
    return (select(*columns)
            .select_from(SeizureItem)
            .join(Seizure, Seizure.id == SeizureItem.seizure_id)
            .join(Taxon, Taxon.id == SeizureItem.taxon_id))


def _where(filters: SeizureFilters) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The seizure and item conditions of the filters."""
    return seizure_condition(filters), item_condition(filters)


def _frame(rows: list, columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with the documented columns, even when there are no rows."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _summary_items(filters: SeizureFilters, *columns: ColumnElement, taxa: bool = False
                   ) -> Select:
    """SELECT columns FROM the item summary under every filter, joined to taxa when the
    columns (taxa=True) or the group filter need them."""
    statement = select(*columns).select_from(SummaryItem)
    if taxa or filters.taxon_groups:
        statement = statement.join(Taxon, Taxon.id == SummaryItem.taxon_id)
    return statement.where(item_summary_condition(filters, rollup=True))


def _taxon_seizures(filters: SeizureFilters) -> Subquery:
    """Distinct seizures per taxon (taxon_id, seizures) from the taxon summary: exact under
    every filter but the commodity one (see _uses_summaries)."""
    statement = select(SummaryTaxon.taxon_id, func.sum(SummaryTaxon.seizures).label("seizures"))
    if filters.taxon_groups:
        statement = statement.join(Taxon, Taxon.id == SummaryTaxon.taxon_id)
    return (statement.where(summary_condition(SummaryTaxon, filters, rollup=True),
                            group_condition(filters))
            .group_by(SummaryTaxon.taxon_id).subquery("taxon_seizures"))


def _taxon_summaries_exact(filters: SeizureFilters) -> bool:
    """Whether seizures per taxon can be read from the taxon summary: not under a commodity
    filter (a seizure holding a taxon in two matching commodities would count twice)."""
    return not filters.terms


def taxonomy_breakdown(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """Seizures and items per taxon with its group, class, order and family
    (SpeciesColumns.TAXONOMY; one row per taxon seized, most items first)."""
    if _taxon_summaries_exact(filters):
        seized = _taxon_seizures(filters)
        items_sq = (_summary_items(filters, SummaryItem.taxon_id,
                                   func.sum(SummaryItem.items).label("items"))
                    .group_by(SummaryItem.taxon_id).subquery("taxon_items"))
        statement = (
            select(Taxon.id, Taxon.scientific_name, Taxon.common_name_en,
                   Taxon.common_name_fr, Taxon.common_name_pt, Taxon.display_group,
                   Taxon.taxon_class, Taxon.taxon_order, Taxon.family, Taxon.cites_appendix,
                   seized.c.seizures, items_sq.c["items"])
            .join(items_sq, items_sq.c.taxon_id == Taxon.id)
            .join(seized, seized.c.taxon_id == Taxon.id)
            .order_by(items_sq.c["items"].desc(), Taxon.scientific_name))
        return _frame(session.execute(statement).all(), SpeciesColumns.TAXONOMY)
    items = func.count(SeizureItem.id)
    statement = _matching_items(
        Taxon.id, Taxon.scientific_name, Taxon.common_name_en, Taxon.common_name_fr,
        Taxon.common_name_pt, Taxon.display_group, Taxon.taxon_class, Taxon.taxon_order,
        Taxon.family, Taxon.cites_appendix, func.count(distinct(Seizure.id)), items,
    ).where(*_where(filters)).group_by(Taxon.id).order_by(items.desc(), Taxon.scientific_name)
    return _frame(session.execute(statement).all(), SpeciesColumns.TAXONOMY)


def appendix_split(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """Seizures and items per CITES appendix of the taxon (AppendixColumns; a seizure with
    taxa of two appendices counts under both)."""
    if not filters.filters_items:
        seized = (select(SummaryAppendix.cites_appendix, func.sum(SummaryAppendix.seizures)
                         .label("n"))
                  .where(summary_condition(SummaryAppendix, filters, rollup=True))
                  .group_by(SummaryAppendix.cites_appendix).subquery("appendix_seizures"))
        items_sq = (_summary_items(filters, Taxon.cites_appendix.label("cites_appendix"),
                                   func.sum(SummaryItem.items).label("items"), taxa=True)
                    .group_by(Taxon.cites_appendix).subquery("appendix_items"))
        return _frame(session.execute(
            select(seized.c.cites_appendix, seized.c.n, items_sq.c["items"])
            .join(items_sq, items_sq.c.cites_appendix == seized.c.cites_appendix)
            .order_by(seized.c.cites_appendix)).all(), AppendixColumns.ALL)
    statement = _matching_items(
        Taxon.cites_appendix, func.count(distinct(Seizure.id)), func.count(SeizureItem.id),
    ).where(*_where(filters)).group_by(Taxon.cites_appendix).order_by(Taxon.cites_appendix)
    return _frame(session.execute(statement).all(), AppendixColumns.ALL)


def commodity_breakdown(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """Seizures and items per CITES term (CommodityColumns; most seizures first)."""
    if not filters.taxon_groups:
        # Distinct seizures per term from the term summary (exact without a group filter).
        seized = (select(SummaryTerm.term_code, func.sum(SummaryTerm.seizures).label("n"))
                  .where(summary_condition(SummaryTerm, filters, rollup=True),
                         term_condition(filters, SummaryTerm.term_code))
                  .group_by(SummaryTerm.term_code).subquery("term_seizures"))
        items_sq = (_summary_items(filters, SummaryItem.term_code,
                                   func.sum(SummaryItem.items).label("items"))
                    .group_by(SummaryItem.term_code).subquery("term_items"))
        statement = (
            select(CitesTerm.code, CitesTerm.label_en, CitesTerm.label_fr, CitesTerm.label_pt,
                   seized.c.n, items_sq.c["items"])
            .join(seized, seized.c.term_code == CitesTerm.code)
            .join(items_sq, items_sq.c.term_code == CitesTerm.code)
            .order_by(seized.c.n.desc(), CitesTerm.code))
        return _frame(session.execute(statement).all(), CommodityColumns.ALL)
    seizures = func.count(distinct(Seizure.id))
    statement = (
        _matching_items(SeizureItem.term_code, CitesTerm.label_en, CitesTerm.label_fr,
                        CitesTerm.label_pt, seizures, func.count(SeizureItem.id))
        .join(CitesTerm, CitesTerm.code == SeizureItem.term_code)
        .where(*_where(filters))
        .group_by(SeizureItem.term_code, CitesTerm.label_en, CitesTerm.label_fr,
                  CitesTerm.label_pt)
        .order_by(seizures.desc(), SeizureItem.term_code)
    )
    return _frame(session.execute(statement).all(), CommodityColumns.ALL)


def harmonised_totals(session: Session, filters: SeizureFilters) -> pd.DataFrame:
    """SUM(base_quantity) per unit class (TotalColumns); the row whose class is None counts
    the items in a unit without conversion (pieces, boxes, skins...), quantity None."""
    statement = _summary_items(
        filters, SummaryItem.base_class, func.sum(SummaryItem.base_quantity),
        func.sum(SummaryItem.items),
    ).group_by(SummaryItem.base_class).order_by(SummaryItem.base_class)
    return _frame(session.execute(statement).all(), TotalColumns.ALL)


def species_table(session: Session, filters: SeizureFilters, sort: str = SortKeys.SEIZURES,
                  limit: int = TABLE_LIMIT) -> SpeciesTable:
    """The top `limit` taxa under the filters, sorted in SQL by `sort` (SortKeys), with
    harmonised totals per unit class and, separately, quantities per reported unit."""
    def class_total(unit_class: str) -> ColumnElement:
        return func.sum(case((SummaryItem.base_class == unit_class,
                              SummaryItem.base_quantity)))

    per_taxon = (_summary_items(
        filters, SummaryItem.taxon_id, func.sum(SummaryItem.items).label("items"),
        class_total("mass").label("mass"), class_total("volume").label("volume"),
        class_total("count").label("specimens"),
        func.sum(case((SummaryItem.base_quantity.is_(None), SummaryItem.items),
                      else_=0)).label("unconverted"))
        .group_by(SummaryItem.taxon_id).subquery("per_taxon"))
    if _taxon_summaries_exact(filters):
        seized = _taxon_seizures(filters)
    else:
        seized = (_matching_items(SeizureItem.taxon_id.label("taxon_id"),
                                  func.count(distinct(Seizure.id)).label("seizures"))
                  .where(*_where(filters)).group_by(SeizureItem.taxon_id)
                  .subquery("taxon_seizures"))
    seizures = seized.c.seizures.label(SpeciesColumns.SEIZURES)
    items = per_taxon.c["items"].label(SpeciesColumns.ITEMS)
    mass = per_taxon.c.mass.label(SpeciesColumns.MASS_KG)
    volume = per_taxon.c.volume.label(SpeciesColumns.VOLUME_M3)
    specimens = per_taxon.c.specimens.label(SpeciesColumns.SPECIMENS)
    # Largest first; taxa without any quantity of the sorted class go last (NULLs differ
    # between SQLite and PostgreSQL, so order on "is null" explicitly).
    orders = {
        SortKeys.SEIZURES: [seizures.desc()],
        SortKeys.ITEMS: [items.desc()],
        SortKeys.MASS: [mass.is_(None), mass.desc()],
        SortKeys.VOLUME: [volume.is_(None), volume.desc()],
        SortKeys.SPECIMENS: [specimens.is_(None), specimens.desc()],
        SortKeys.NAME: [],
    }
    order = orders.get(sort, orders[SortKeys.SEIZURES])
    statement = (
        select(Taxon.id, Taxon.scientific_name, Taxon.common_name_en, Taxon.common_name_fr,
               Taxon.common_name_pt, Taxon.display_group, Taxon.cites_appendix, seizures,
               items, mass, volume, specimens, per_taxon.c.unconverted,
               # A window over the joined rows counts the taxa before LIMIT: one query.
               func.count().over())
        .join(per_taxon, per_taxon.c.taxon_id == Taxon.id)
        .join(seized, seized.c.taxon_id == Taxon.id)
        .order_by(*order, Taxon.scientific_name).limit(max(0, int(limit)))
    )
    found = session.execute(statement).all()
    rows = _frame([row[:-1] for row in found], SpeciesColumns.TABLE)
    total = int(found[0][-1]) if found else 0
    quantities = _frame([], QuantityColumns.ALL)
    if len(rows):
        quantity = func.sum(SummaryItem.quantity)
        count = func.sum(SummaryItem.items)
        quantities = _frame(session.execute(
            _summary_items(filters, SummaryItem.taxon_id, SummaryItem.unit_code,
                           CitesUnit.unit_class, CitesUnit.label_en, CitesUnit.label_fr,
                           CitesUnit.label_pt, quantity, count)
            .join(CitesUnit, CitesUnit.code == SummaryItem.unit_code)
            .where(SummaryItem.taxon_id.in_([int(t) for t in rows[SpeciesColumns.TAXON_ID]]))
            .group_by(SummaryItem.taxon_id, SummaryItem.unit_code, CitesUnit.unit_class,
                      CitesUnit.label_en, CitesUnit.label_fr, CitesUnit.label_pt)
            .order_by(SummaryItem.taxon_id, count.desc(), SummaryItem.unit_code)
        ).all(), QuantityColumns.ALL)
    return SpeciesTable(rows=rows, quantities=quantities, total_species=int(total))
