"""Species page: queries on both databases with hand-counted seizures, builders, callbacks,
and the commander's journey in Chromium."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.callbacks.species import (
    show_appendices,
    show_commodities,
    show_species_table,
    show_taxonomy,
    show_totals,
    species_heartbeat,
)
from dashboard.figures import species as figures
from dashboard.ui.filter_bar import state_from_search
from dashboard.ui.live import LiveView, empty_message
from data_access.filters import SeizureFilters
from data_access.models import Taxon
from data_access.queries import species as queries
from data_access.queries.filter_options import OperationRef
from data_access.queries.species import (
    AppendixColumns,
    CommodityColumns,
    QuantityColumns,
    SortKeys,
    SpeciesColumns,
    TotalColumns,
)
from tests.callback_outputs import as_component, as_figure, text_of, validated
from tests.conftest import ACTIVE
from tests.factories import Item, make_operation, make_seizure
from tests.request_helpers import key_for, signed_in

START = dt.date(1902, 5, 1)



# The builders under test, their figures validated by plotly.
taxonomy_sunburst = validated(figures.taxonomy_sunburst)
appendix_bars = validated(figures.appendix_bars)
commodity_bars = validated(figures.commodity_bars)

def two_taxa(session: Session) -> tuple[Taxon, Taxon]:
    """The African elephant and one reptile of the reference list."""
    elephant = session.execute(
        select(Taxon).where(Taxon.scientific_name == "Loxodonta africana")).scalar_one()
    reptile = session.execute(
        select(Taxon).where(Taxon.display_group == "reptiles").order_by(Taxon.scientific_name)
        .limit(1)).scalar_one()
    return elephant, reptile


@pytest.fixture
def seized(engine):
    """An operation with four hand-made seizures (one deleted) of an elephant (E) and a
    reptile (R):
      S1 KEN day 1: E TUS 10 KIL; E TUS 4 NUM
      S2 NGA day 1: E IVC 500 GRM; R SKI 20 NUM
      S3 KEN day 2: R LIV 3 NUM; R SKI 2 BOX (no conversion)
      S4 FRA day 3, deleted: E TUS 100 KIL (never counted)
    """
    with Session(engine) as session:
        operation = make_operation(session, start=START)
        elephant, reptile = two_taxa(session)
        e, r = elephant.id, reptile.id
        cargo = {"transport_mode": "air_cargo"}
        make_seizure(session, operation, country="KEN", day=1, **cargo,
                     items=[Item(e, "TUS", 10, "KIL"), Item(e, "TUS", 4, "NUM")])
        make_seizure(session, operation, country="NGA", day=1, **cargo,
                     items=[Item(e, "IVC", 500, "GRM"), Item(r, "SKI", 20, "NUM")])
        make_seizure(session, operation, country="KEN", day=2, **cargo,
                     items=[Item(r, "LIV", 3, "NUM"), Item(r, "SKI", 2, "BOX")])
        make_seizure(session, operation, country="FRA", day=3, deleted=True, **cargo,
                     items=[Item(e, "TUS", 100, "KIL")])
        session.flush()  # never committed: the shared PostgreSQL schema stays clean
        yield session, SeizureFilters(operation_id=operation.id), elephant, reptile
        session.rollback()


def by_taxon(frame: pd.DataFrame, taxon: Taxon) -> pd.Series:
    return frame.set_index(SpeciesColumns.TAXON_ID).loc[taxon.id]


def test_table_counts_seizures_items_and_harmonised_totals(seized) -> None:
    session, filters, elephant, reptile = seized
    table = queries.species_table(session, filters)
    assert table.total_species == 2
    assert list(table.rows.columns) == list(SpeciesColumns.TABLE)
    e, r = by_taxon(table.rows, elephant), by_taxon(table.rows, reptile)
    assert (e[SpeciesColumns.SEIZURES], e[SpeciesColumns.ITEMS]) == (2, 3)
    assert (r[SpeciesColumns.SEIZURES], r[SpeciesColumns.ITEMS]) == (2, 3)
    # 10 kg + 500 g = 10.5 kg; 4 specimens; the deleted 100 kg never counts.
    assert e[SpeciesColumns.MASS_KG] == pytest.approx(10.5)
    assert e[SpeciesColumns.SPECIMENS] == pytest.approx(4)
    assert pd.isna(e[SpeciesColumns.VOLUME_M3])
    assert e[SpeciesColumns.UNCONVERTED_ITEMS] == 0
    # 20 + 3 specimens; the 2 boxes stay outside every harmonised total.
    assert r[SpeciesColumns.SPECIMENS] == pytest.approx(23)
    assert pd.isna(r[SpeciesColumns.MASS_KG])
    assert r[SpeciesColumns.UNCONVERTED_ITEMS] == 1


def test_quantities_stay_per_unit_and_are_never_added_across_units(seized) -> None:
    session, filters, elephant, reptile = seized
    q = queries.species_table(session, filters).quantities
    assert list(q.columns) == list(QuantityColumns.ALL)
    rows = {(t, u): (quantity, n) for t, u, quantity, n in q[[
        QuantityColumns.TAXON_ID, QuantityColumns.UNIT, QuantityColumns.QUANTITY,
        QuantityColumns.ITEMS]].itertuples(index=False)}
    assert rows == {
        (elephant.id, "KIL"): (10, 1), (elephant.id, "NUM"): (4, 1),
        (elephant.id, "GRM"): (500, 1),
        (reptile.id, "NUM"): (23, 2), (reptile.id, "BOX"): (2, 1),
    }


def test_harmonised_totals_convert_grams_and_leave_boxes_apart(seized) -> None:
    session, filters, _e, _r = seized
    totals = queries.harmonised_totals(session, filters)
    assert list(totals.columns) == list(TotalColumns.ALL)
    got = {(c if isinstance(c, str) else None): (q, n) for c, q, n in
           totals.itertuples(index=False)}
    assert got["mass"][0] == pytest.approx(10.5) and got["mass"][1] == 2
    assert got["count"][0] == pytest.approx(27) and got["count"][1] == 3
    assert got[None][1] == 1 and pd.isna(got[None][0])
    assert "volume" not in got


def test_table_is_sorted_in_the_database(seized) -> None:
    session, filters, elephant, reptile = seized
    first = {key: queries.species_table(session, filters, key).rows[SpeciesColumns.TAXON_ID]
             .tolist() for key in SortKeys.ALL}
    assert first[SortKeys.SPECIMENS] == [reptile.id, elephant.id]  # 23 before 4
    assert first[SortKeys.MASS] == [elephant.id, reptile.id]  # 10.5 kg, then none
    names = sorted([(elephant.scientific_name, elephant.id), (reptile.scientific_name,
                                                              reptile.id)])
    assert first[SortKeys.NAME] == [t for _n, t in names]
    assert first[SortKeys.VOLUME] == first[SortKeys.NAME]  # no volume: by name
    top = queries.species_table(session, filters, SortKeys.SPECIMENS, limit=1)
    assert top.rows[SpeciesColumns.TAXON_ID].tolist() == [reptile.id]
    assert set(top.quantities[QuantityColumns.TAXON_ID]) == {reptile.id}
    assert top.total_species == 2


def test_filters_narrow_items_and_seizures(seized) -> None:
    session, filters, elephant, reptile = seized
    reptiles = SeizureFilters(operation_id=filters.operation_id, taxon_groups=("reptiles",))
    table = queries.species_table(session, reptiles)
    assert table.rows[SpeciesColumns.TAXON_ID].tolist() == [reptile.id]
    tusks = SeizureFilters(operation_id=filters.operation_id, terms=("TUS",))
    table = queries.species_table(session, tusks)
    e = by_taxon(table.rows, elephant)
    assert (e[SpeciesColumns.SEIZURES], e[SpeciesColumns.ITEMS]) == (1, 2)
    assert set(table.quantities[QuantityColumns.UNIT]) == {"KIL", "NUM"}
    day2 = SeizureFilters(operation_id=filters.operation_id, date_from=START + dt.timedelta(1),
                          date_to=START + dt.timedelta(1))
    assert queries.taxonomy_breakdown(session, day2)[SpeciesColumns.TAXON_ID].tolist() == [
        reptile.id]
    kenya = SeizureFilters(operation_id=filters.operation_id, countries=("KEN",))
    # One seizure each in Kenya: ties in code order.
    assert queries.commodity_breakdown(session, kenya)[CommodityColumns.TERM].tolist() == [
        "LIV", "SKI", "TUS"]


def test_taxonomy_appendices_and_commodities(seized) -> None:
    session, filters, elephant, reptile = seized
    tree = queries.taxonomy_breakdown(session, filters)
    assert list(tree.columns) == list(SpeciesColumns.TAXONOMY)
    assert by_taxon(tree, elephant)[SpeciesColumns.FAMILY] == elephant.family
    assert by_taxon(tree, reptile)[SpeciesColumns.GROUP] == "reptiles"
    appendices = queries.appendix_split(session, filters).set_index(AppendixColumns.APPENDIX)
    if elephant.cites_appendix == reptile.cites_appendix:
        row = appendices.loc[elephant.cites_appendix]
        assert (row[AppendixColumns.SEIZURES], row[AppendixColumns.ITEMS]) == (3, 6)
    else:
        e = appendices.loc[elephant.cites_appendix]
        r = appendices.loc[reptile.cites_appendix]
        assert (e[AppendixColumns.SEIZURES], e[AppendixColumns.ITEMS]) == (2, 3)
        assert (r[AppendixColumns.SEIZURES], r[AppendixColumns.ITEMS]) == (2, 3)
    terms = queries.commodity_breakdown(session, filters).set_index(CommodityColumns.TERM)
    assert terms.loc["SKI", CommodityColumns.SEIZURES] == 2
    assert terms.loc["SKI", CommodityColumns.ITEMS] == 2
    assert terms.loc["TUS", CommodityColumns.SEIZURES] == 1
    assert terms.loc["TUS", CommodityColumns.ITEMS] == 2
    assert terms.loc["IVC", CommodityColumns.SEIZURES] == 1
    assert terms.loc["LIV", CommodityColumns.SEIZURES] == 1
    assert terms.index[0] == "SKI"  # most seizures first
    assert terms.loc["TUS", CommodityColumns.LABEL_FR] == "Défenses"


def test_an_operation_without_seizures_gives_empty_frames(engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session, start=START)
        filters = SeizureFilters(operation_id=operation.id)
        assert queries.taxonomy_breakdown(session, filters).empty
        assert queries.appendix_split(session, filters).empty
        assert queries.commodity_breakdown(session, filters).empty
        assert queries.harmonised_totals(session, filters).empty
        table = queries.species_table(session, filters)
        assert table.rows.empty and table.quantities.empty and table.total_species == 0
        assert list(table.rows.columns) == list(SpeciesColumns.TABLE)
        session.rollback()


# Builders ---------------------------------------------------------------------------------

def synthetic_taxa(n: int) -> pd.DataFrame:
    """n taxa spread over many families, classes and groups."""
    groups = ["mammals", "birds", "reptiles", "plants", "fish"]
    rows = []
    for i in range(n):
        rows.append((i + 1, f"Genus{i} species{i}", f"Beast {i}", f"Bête {i}", f"Bicho {i}",
                     groups[i % 5], f"Class{i % 7}", f"Order{i % 23}", f"Family{i % 97}",
                     "II", 1 + i % 4, 1 + (i * 7) % 13))
    return pd.DataFrame(rows, columns=list(SpeciesColumns.TAXONOMY))


def test_sunburst_stays_small_whatever_the_number_of_taxa(dash_app) -> None:
    with signed_in(dash_app):
        small = taxonomy_sunburst(synthetic_taxa(12))
        large = taxonomy_sunburst(synthetic_taxa(5000))
    frame = synthetic_taxa(5000)
    trace = large.data[0]
    roots = [v for v, p in zip(trace.values, trace.parents, strict=True) if p == ""]
    assert roots == [int(frame[SpeciesColumns.ITEMS].sum())]  # nothing lost in "Other"
    leaves = set(trace.ids) - set(trace.parents)
    assert len(leaves) <= figures.TOP_FAMILIES * (figures.SPECIES_PER_FAMILY + 1) + 10
    assert len(trace.ids) < 250
    assert len(large.to_json()) < 60_000
    assert len(small.data[0].ids) < len(trace.ids)
    # Each parent's value is the sum of its children's (branchvalues="total").
    children: dict[str, int] = {}
    for value, parent in zip(trace.values, trace.parents, strict=True):
        children[parent] = children.get(parent, 0) + value
    for node, value in zip(trace.ids, trace.values, strict=True):
        if node in children:
            assert children[node] == value


def test_builders_show_an_empty_state(dash_app) -> None:
    empty = pd.DataFrame(columns=list(SpeciesColumns.TAXONOMY))
    with signed_in(dash_app):
        for figure in (taxonomy_sunburst(empty),
                       appendix_bars(pd.DataFrame(columns=list(AppendixColumns.ALL))),
                       commodity_bars(pd.DataFrame(columns=list(
                           CommodityColumns.ALL)), empty_message="Nothing here.")):
            assert isinstance(figure, go.Figure) and not figure.data
            assert figure.layout.annotations[0].text in ("No seizures match this filter.",
                                                         "Nothing here.")
        table = figures.species_table(queries.SpeciesTable(
            pd.DataFrame(columns=list(SpeciesColumns.TABLE)),
            pd.DataFrame(columns=list(QuantityColumns.ALL)), 0))
        assert "No seizures match this filter." in text_of(table)


def test_bar_charts_have_axis_titles_with_units(dash_app) -> None:
    appendices = pd.DataFrame([("I", 12, 20), ("NL", 3, 3), ("II", 1234, 2000)],
                              columns=list(AppendixColumns.ALL))
    terms = pd.DataFrame([(f"T{i:02d}", f"Term {i}", f"Terme {i}", f"Termo {i}", 30 - i, 40)
                          for i in range(20)], columns=list(CommodityColumns.ALL))
    with signed_in(dash_app, headers={"Accept-Language": "fr"}):
        bars = appendix_bars(appendices)
        commodities = commodity_bars(terms)
    assert list(bars.data[0].y) == ["Annexe I", "Annexe II", "Non inscrit à la CITES"]
    assert "1 234" in bars.data[0].text[1].replace("\u202f", " ").replace("\xa0", " ")
    assert "(nombre)" in bars.layout.xaxis.title.text
    assert len(commodities.data[0].y) == figures.TOP_COMMODITIES
    assert "12 marchandises affichées sur 20" in commodities.layout.xaxis.title.text


def test_species_table_lists_quantities_per_unit(seized, dash_app) -> None:
    session, filters, elephant, _r = seized
    table = queries.species_table(session, filters, SortKeys.MASS)
    with signed_in(dash_app):
        html_table = figures.species_table(table, SortKeys.MASS)
    text = text_of(html_table)
    assert "10 kg" in text and "500 g" in text and "4 specimens" in text and "2 boxes" in text
    assert "10.5" in text  # harmonised kg for the elephant
    assert elephant.scientific_name in text
    assert "sorted by mass (kg)" in text


def test_quantity_text_keeps_needed_decimals(dash_app) -> None:
    with signed_in(dash_app, headers={"Accept-Language": "pt"}):
        assert figures.quantity_text(10.0) == "10"
        assert figures.quantity_text(10.5) == "10,5"
        assert figures.quantity_text(0.0026) == "0,003"
        assert figures.quantity_text(6.1) == "6,1"
        assert figures.quantity_text(0.00004) == "0,00004"
        assert figures.quantity_text(12345.67).replace("\xa0", " ") in ("12 346", "12\u202f346")


# Callbacks on the demo app ---------------------------------------------------------------

def test_callbacks_fill_the_page_for_the_demo_operation(dash_app) -> None:
    key = key_for(dash_app, species_heartbeat, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        tree = as_figure(show_taxonomy(key))
        bars = as_figure(show_appendices(key))
        terms = as_figure(show_commodities(key))
        totals = show_totals(key)
        table = show_species_table(key, SortKeys.SEIZURES)
    assert tree.data and tree.data[0].type == "sunburst"
    assert bars.data and terms.data
    assert "kg" in text_of(totals) and "Total mass" in text_of(totals)
    text = text_of(table)
    assert re.search(r"Top 50 of \d+ taxa, sorted by seizures", text)
    for figure in (tree, bars, terms):
        assert len(figure.to_json()) < 60_000


def test_table_callback_sorts_by_the_chosen_column(dash_app) -> None:
    key = key_for(dash_app, species_heartbeat, f"?operation={ACTIVE}")

    def first_masses(sort: str) -> list[float]:
        with signed_in(dash_app):
            table = as_component(show_species_table(key, sort))
        rows = table.children.children[2].children
        values = []
        for row in rows:
            cell = text_of(row.children[7]).replace(",", "")
            values.append(math.nan if cell == "–" else float(cell))
        return values

    masses = first_masses(SortKeys.MASS)
    known = [m for m in masses if not math.isnan(m)]
    assert known == sorted(known, reverse=True) and known
    assert first_masses("nonsense")  # unknown sort falls back to seizures


def test_callbacks_in_french_and_with_a_filter_matching_nothing(dash_app) -> None:
    key = key_for(dash_app, species_heartbeat, f"?operation={ACTIVE}&country=ZZZ")
    with signed_in(dash_app, headers={"Accept-Language": "fr"}):
        tree = as_figure(show_taxonomy(key))
        table = show_species_table(key, SortKeys.SEIZURES)
    assert not tree.data
    assert "filtre" in tree.layout.annotations[0].text
    assert "filtre" in text_of(table)
    missing = key_for(dash_app, species_heartbeat, "?operation=NOPE")
    with signed_in(dash_app):
        assert "does not exist" in as_figure(show_taxonomy(missing)).layout.annotations[0].text
        assert "does not exist" in text_of(show_species_table(missing, None))


def test_empty_states_say_why(dash_app) -> None:
    planned = OperationRef(1, "LATER", "Later", dt.date(2999, 1, 1), dt.date(2999, 1, 28),
                           "UTC", "planned")
    closed = OperationRef(2, "EARLIER", "Earlier", dt.date(2000, 1, 1), dt.date(2000, 1, 28),
                          "UTC", "closed")
    def view(operation: OperationRef, search: str) -> LiveView:
        state = state_from_search(search)
        return LiveView(operation, state, SeizureFilters(operation_id=operation.id))

    with signed_in(dash_app):
        assert empty_message(view(planned, "")) == "This operation has not started yet."
        assert empty_message(view(closed, "?operation=EARLIER&country=KEN")) == \
            "No seizures match this filter."
        assert empty_message(view(closed, "?operation=EARLIER")) == \
            "No seizures reported yet for this operation."


# The commander's journey -----------------------------------------------------------------

@pytest.mark.browser
def test_commander_reads_species_breakdown(signed_in_as, watched_page, live_server) -> None:
    page, _watch = watched_page
    signed_in_as(page, "commander", path=f"/species?operation={ACTIVE}")
    page.goto(f"{live_server}/species?operation={ACTIVE}")
    expect(page.get_by_role("heading", name="Taxonomy of seized items")).to_be_visible()
    table = page.locator(f"#{ids.SPECIES_TABLE} table")
    expect(table).to_be_visible(timeout=20_000)
    expect(page.locator(f"#{ids.SPECIES_SUNBURST} .sunburstlayer")).to_have_count(
        1, timeout=20_000)
    expect(page.locator(f"#{ids.SPECIES_APPENDICES} .xtitle")).to_have_text("Seizures (number)")
    expect(table.locator("th[aria-sort]")).to_contain_text("Seizures")
    expect(table.locator("caption")).to_contain_text("sorted by seizures")
    page.locator(f"#{ids.SPECIES_SORT}").click()
    page.locator(".dash-dropdown-option", has_text="Mass (kg)").click()
    expect(page.locator(f"#{ids.SPECIES_SORT}")).to_contain_text("Mass (kg)")
    expect(table.locator("th[aria-sort]")).to_contain_text("Mass (kg)", timeout=20_000)
    expect(table.locator("caption")).to_contain_text("sorted by mass (kg)")
    first_mass = table.locator("tbody tr").first.locator("td").nth(7)
    expect(first_mass).not_to_have_text("–")
    expect(page.get_by_text(re.compile(r"^Total mass$"))).to_be_visible()
