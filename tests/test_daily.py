"""Daily tallies page: queries on both databases with hand-counted seizures, builders,
callbacks, and the commander's comparison with last year in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.callbacks.daily import (
    daily_heartbeat,
    show_country_days,
    show_cumulative,
    show_daily_stack,
)
from dashboard.figures import daily as figures
from data_access.filters import SeizureFilters
from data_access.models import Country, Seizure
from data_access.queries import daily as queries
from data_access.queries.daily import CountryDayGrid, CurveColumns, GridColumns, TallyColumns
from data_access.scope import EVERY_OPERATION
from tests.callback_outputs import as_figure, validated
from tests.conftest import ACTIVE, DEMO_TODAY
from tests.factories import Item, make_operation, make_seizure
from tests.request_helpers import key_for, signed_in
from tests.test_species import two_taxa

# Far in the past, so that on the shared PostgreSQL schema no other test's operation
# starts before ours and joins the comparison.
PREVIOUS_START = dt.date(1901, 1, 1)
CURRENT_START = dt.date(1901, 3, 1)


@pytest.fixture
def two_operations(engine):
    """An earlier operation P and the current one C, seizures by hand:
      P day 1: KEN, KEN (1 item each); P day 3: NGA (2 items)
      C day 1: KEN (E TUS), NGA (R SKI); C day 2: KEN (E TUS + R SKI); C day 5: FRA (E TUS)
      C day 4: KEN deleted (never counted)
    """
    with Session(engine) as session:
        previous = make_operation(session, start=PREVIOUS_START)
        current = make_operation(session, start=CURRENT_START)
        elephant, reptile = two_taxa(session)
        tusk, skin = Item(elephant.id, "TUS", 5, "KIL"), Item(reptile.id, "SKI", 3, "NUM")
        cargo = {"transport_mode": "air_cargo"}
        make_seizure(session, previous, country="KEN", day=1, items=[tusk], **cargo)
        make_seizure(session, previous, country="KEN", day=1, items=[tusk], **cargo)
        make_seizure(session, previous, country="NGA", day=3, items=[tusk, skin], **cargo)
        make_seizure(session, current, country="KEN", day=1, items=[tusk], **cargo)
        make_seizure(session, current, country="NGA", day=1, items=[skin], **cargo)
        make_seizure(session, current, country="KEN", day=2, items=[tusk, skin], **cargo)
        make_seizure(session, current, country="FRA", day=5, items=[tusk], **cargo)
        make_seizure(session, current, country="KEN", day=4, items=[tusk], deleted=True, **cargo)
        session.flush()  # never committed: the shared PostgreSQL schema stays clean
        regions = dict(session.execute(select(Country.iso3, Country.region_code).where(
            Country.iso3.in_(["KEN", "NGA", "FRA"]))).all())
        yield session, previous, current, regions
        session.rollback()


# The builders under test, their figures validated by plotly.
daily_stack = validated(figures.daily_stack)
cumulative_comparison = validated(figures.cumulative_comparison)
country_day_heatmap = validated(figures.country_day_heatmap)

def day(n: int) -> dt.date:
    return CURRENT_START + dt.timedelta(days=n - 1)


def test_tallies_by_region_count_seizures_and_items(two_operations) -> None:
    session, _p, current, regions = two_operations
    frame = queries.daily_tallies(session, SeizureFilters(operation_id=current.id))
    assert list(frame.columns) == list(TallyColumns.ALL)
    got: dict[tuple, list[int]] = {}
    for row in frame.itertuples(index=False):
        got[(row.day, row.category)] = [row.seizures, row.items]
    expected: dict[tuple, list[int]] = {}
    for n, iso, items in [(1, "KEN", 1), (1, "NGA", 1), (2, "KEN", 2), (5, "FRA", 1)]:
        cell = expected.setdefault((n, regions[iso]), [0, 0])
        cell[0] += 1
        cell[1] += items
    assert got == expected
    assert frame[TallyColumns.DATE].iloc[0] == day(1)
    assert frame[TallyColumns.LABEL_EN].str.len().min() > 0  # region names filled in
    view = queries.daily_view(session, SeizureFilters(operation_id=current.id))
    assert view.tallies.equals(frame) and view.dates == tuple(day(n) for n in range(1, 29))


def test_tallies_by_commodity_count_a_seizure_in_each_of_its_commodities(two_operations):
    session, _p, current, _regions = two_operations
    frame = queries.daily_tallies(session, SeizureFilters(operation_id=current.id),
                                  queries.StackBy.COMMODITY)
    got = {(r.day, r.category): (r.seizures, r.items) for r in frame.itertuples(index=False)}
    assert got == {(1, "TUS"): (1, 1), (1, "SKI"): (1, 1), (2, "TUS"): (1, 1),
                   (2, "SKI"): (1, 1), (5, "TUS"): (1, 1)}
    assert set(frame.loc[frame[TallyColumns.CATEGORY] == "TUS", TallyColumns.LABEL_FR]) == {
        "Défenses"}


def test_commodities_beyond_the_top_are_counted_together(two_operations, monkeypatch):
    session, _p, current, _regions = two_operations
    monkeypatch.setattr(queries, "TOP_COMMODITIES", 1)
    frame = queries.daily_tallies(session, SeizureFilters(operation_id=current.id),
                                  queries.StackBy.COMMODITY)
    # TUS has 3 items, SKI 2: SKI becomes "other".
    assert set(frame[TallyColumns.CATEGORY]) == {"TUS", queries.OTHER}
    other = frame[frame[TallyColumns.CATEGORY] == queries.OTHER]
    assert other[TallyColumns.SEIZURES].sum() == 2


def test_comparison_aligns_operations_by_day(two_operations) -> None:
    session, previous, current, _regions = two_operations
    frame = queries.daily_comparison(session, SeizureFilters(operation_id=current.id),
                                     EVERY_OPERATION)
    assert list(frame.columns) == list(CurveColumns.ALL)
    assert frame[CurveColumns.OPERATION_ID].iloc[0] == current.id  # current first
    curves = {oid: part for oid, part in frame.groupby(CurveColumns.OPERATION_ID)}
    assert set(curves) == {current.id, previous.id}
    now = curves[current.id]
    assert now[CurveColumns.DAY].tolist() == [1, 2, 5]
    assert now[CurveColumns.SEIZURES].tolist() == [2, 1, 1]
    assert now[CurveColumns.CUMULATIVE_SEIZURES].tolist() == [2, 3, 4]
    assert now[CurveColumns.CUMULATIVE_ITEMS].tolist() == [2, 4, 5]
    assert now[CurveColumns.IS_CURRENT].all()
    before = curves[previous.id]
    assert before[CurveColumns.DAY].tolist() == [1, 3]
    assert before[CurveColumns.CUMULATIVE_SEIZURES].tolist() == [2, 3]
    assert before[CurveColumns.CUMULATIVE_ITEMS].tolist() == [2, 4]
    assert not before[CurveColumns.IS_CURRENT].any()


def test_comparison_applies_the_filters_and_the_day_window(two_operations) -> None:
    session, previous, current, _regions = two_operations
    window = SeizureFilters(operation_id=current.id, date_from=day(2), date_to=day(4))
    frame = queries.daily_comparison(session, window, EVERY_OPERATION)
    got = {(r.operation_id, r.day): r.cumulative_seizures for r in frame.itertuples()}
    assert got == {(current.id, 2): 1, (previous.id, 3): 1}
    kenya = SeizureFilters(operation_id=current.id, countries=("KEN",))
    got = {(r.operation_id, r.day): r.seizures
           for r in queries.daily_comparison(session, kenya, EVERY_OPERATION).itertuples()}
    assert got == {(current.id, 1): 1, (current.id, 2): 1, (previous.id, 1): 2}
    skins = SeizureFilters(operation_id=current.id, terms=("SKI",))
    got = {(r.operation_id, r.day): (r.seizures, r.items)
           for r in queries.daily_comparison(session, skins, EVERY_OPERATION).itertuples()}
    assert got == {(current.id, 1): (1, 1), (current.id, 2): (1, 1), (previous.id, 3): (1, 1)}
    # The earlier operation has no earlier one to compare with.
    alone = queries.daily_comparison(session, SeizureFilters(operation_id=previous.id),
                                     EVERY_OPERATION)
    assert set(alone[CurveColumns.OPERATION_ID]) == {previous.id}


def test_country_day_grid_lists_participants_by_total(two_operations) -> None:
    session, _p, current, _regions = two_operations
    grid = queries.country_day_grid(session, SeizureFilters(operation_id=current.id))
    assert grid.countries[GridColumns.ISO3].tolist() == ["KEN", "FRA", "NGA"]  # 2, 1, 1
    assert grid.countries["total"].tolist() == [2, 1, 1]
    assert len(grid.dates) == 28 and grid.dates[0] == CURRENT_START  # all in the past
    cells = {(r.iso3, r.seizure_date): r.seizures for r in grid.counts.itertuples()}
    assert cells == {("KEN", day(1)): 1, ("KEN", day(2)): 1, ("NGA", day(1)): 1,
                     ("FRA", day(5)): 1}
    nigeria = queries.country_day_grid(session, SeizureFilters(
        operation_id=current.id, countries=("NGA",), date_to=day(3)))
    assert nigeria.countries[GridColumns.ISO3].tolist() == ["NGA"]
    assert len(nigeria.dates) == 3


def test_days_stop_at_the_operation_today() -> None:
    start = dt.date(2030, 1, 1)
    now = dt.datetime(2030, 1, 3, 12, tzinfo=dt.UTC)
    days = queries.window_days(start, start + dt.timedelta(27), "UTC", now=now)
    assert days == (start, start + dt.timedelta(1), start + dt.timedelta(2))
    before = dt.datetime(2029, 12, 1, tzinfo=dt.UTC)
    assert queries.window_days(start, start + dt.timedelta(27), "UTC", now=before) == ()


def test_an_operation_without_seizures_gives_empty_frames(engine) -> None:
    with Session(engine) as session:
        operation = make_operation(session, start=dt.date(1900, 6, 1))
        filters = SeizureFilters(operation_id=operation.id)
        assert queries.daily_tallies(session, filters).empty
        assert queries.daily_comparison(session, filters, EVERY_OPERATION).empty
        grid = queries.country_day_grid(session, filters)
        assert grid.countries["total"].tolist() == [0, 0, 0]
        assert session.execute(select(Seizure.id).where(
            Seizure.operation_id == operation.id)).first() is None
        session.rollback()


# Builders ---------------------------------------------------------------------------------

def test_builders_show_an_empty_state(dash_app) -> None:
    with signed_in(dash_app):
        stack = daily_stack(pd.DataFrame(columns=list(TallyColumns.ALL)))
        curve = cumulative_comparison(pd.DataFrame(columns=list(CurveColumns.ALL)),
                                              empty_message="This operation has not started yet.")
        none = country_day_heatmap(None)
        not_started = country_day_heatmap(CountryDayGrid(
            pd.DataFrame([("KEN", "Kenya", "Kenya", "Quénia", 0)],
                         columns=[*GridColumns.COUNTRIES, "total"]),
            pd.DataFrame(columns=[GridColumns.ISO3, GridColumns.DATE, GridColumns.SEIZURES]),
            (), dt.date(2030, 1, 1)))
        filtered_out = country_day_heatmap(CountryDayGrid(
            pd.DataFrame([("KEN", "Kenya", "Kenya", "Quénia", 0)],
                         columns=[*GridColumns.COUNTRIES, "total"]),
            pd.DataFrame(columns=[GridColumns.ISO3, GridColumns.DATE, GridColumns.SEIZURES]),
            (), dt.date(2020, 1, 1)))
    for figure in (stack, curve, none, not_started, filtered_out):
        assert isinstance(figure, go.Figure) and not figure.data
    assert stack.layout.annotations[0].text == "No seizures match this filter."
    assert curve.layout.annotations[0].text == "This operation has not started yet."
    assert "No participating country" in none.layout.annotations[0].text
    assert "not started" in not_started.layout.annotations[0].text
    assert filtered_out.layout.annotations[0].text == "No operation day matches these dates."


def tallies_frame(days: int = 28) -> pd.DataFrame:
    rows = []
    for n in range(1, days + 1):
        for region, count in (("ESA", n % 4), ("WCA", 2), ("EUR", 1)):
            rows.append((day(n), n, region, region, region, region, count, count * 2))
    return pd.DataFrame(rows, columns=list(TallyColumns.ALL))


def test_stacked_bars_have_axis_titles_units_and_local_dates(dash_app) -> None:
    frame = tallies_frame()
    with signed_in(dash_app, headers={"Accept-Language": "fr"}):
        figure = daily_stack(frame, figures.Measure.ITEMS, queries.StackBy.REGION,
                                     tuple(day(n) for n in range(1, 29)))
        commodities = daily_stack(frame, figures.Measure.SEIZURES,
                                          queries.StackBy.COMMODITY)
    assert figure.layout.barmode == "stack" and len(figure.data) == 3
    # A region keeps its colour whatever else is on the chart.
    assert {t.name: t.marker.color for t in figure.data}["ESA"] == figures.REGION_COLOURS["ESA"]
    assert figure.layout.yaxis.dtick is None  # large counts: automatic ticks
    small = tallies_frame(3)
    with signed_in(dash_app):
        few = daily_stack(small[small[TallyColumns.CATEGORY] == "ESA"])
    assert few.data[0].marker.color == figures.REGION_COLOURS["ESA"]
    assert few.layout.yaxis.dtick == 1  # no "1.5 seizures"
    assert figure.layout.yaxis.title.text == "Articles saisis par jour (nombre)"
    assert "Date" in figure.layout.xaxis.title.text
    assert "mars" in figure.layout.xaxis.ticktext[0]
    assert figure.layout.separators == ", "
    assert len(figure.to_json()) < 60_000
    assert "plusieurs" in commodities.layout.annotations[0].text


def test_cumulative_curve_marks_this_operation(dash_app) -> None:
    rows = []
    for oid, current, name in ((2, True, "Now"), (1, False, "Last year")):
        total = 0
        for n in range(1, 29 if not current else 19):
            total += n
            rows.append((oid, f"OP{oid}", name, day(1), current, n, n, n, total, total * 2))
    frame = pd.DataFrame(rows, columns=list(CurveColumns.ALL))
    with signed_in(dash_app):
        figure = cumulative_comparison(frame, figures.Measure.SEIZURES)
    assert [t.name for t in figure.data] == ["Now (this operation)", "Last year"]
    assert figure.data[0].line.width > figure.data[1].line.width
    assert figure.data[1].line.dash
    assert figure.layout.xaxis.title.text.startswith("Operation day")
    assert figure.layout.yaxis.title.text == "Seizures, cumulative (number)"


def test_heat_cells_keep_their_numbers_readable() -> None:
    for colour in figures.HEAT_COLOURS:
        text = figures.text_colour(colour)
        lum_bg = figures._luminance(colour)
        lum_fg = figures._luminance(text)
        ratio = (max(lum_bg, lum_fg) + 0.05) / (min(lum_bg, lum_fg) + 0.05)
        assert ratio >= 4.5, (colour, text, ratio)
    assert figures.heat_colour(1, 10) == figures.HEAT_COLOURS[0]
    assert figures.heat_colour(10, 10) == figures.HEAT_COLOURS[-1]


def big_grid(countries: int = 130, days: int = 28) -> CountryDayGrid:
    names = [(f"C{i:02d}", f"Country {i}", f"Pays {i}", f"País {i}") for i in range(countries)]
    counts = [(iso, day(n), (i + n) % 6) for i, (iso, *_names) in enumerate(names)
              for n in range(1, days + 1) if (i + n) % 6]
    counts_frame = pd.DataFrame(counts, columns=[GridColumns.ISO3, GridColumns.DATE,
                                                 GridColumns.SEIZURES])
    frame = pd.DataFrame(names, columns=list(GridColumns.COUNTRIES))
    frame["total"] = frame[GridColumns.ISO3].map(
        counts_frame.groupby(GridColumns.ISO3)[GridColumns.SEIZURES].sum())
    frame = frame.sort_values("total", ascending=False).reset_index(drop=True)
    return CountryDayGrid(frame, counts_frame, tuple(day(n) for n in range(1, days + 1)),
                          day(1))


def test_country_day_grid_is_bounded_and_shaded(dash_app) -> None:
    grid = big_grid()
    with signed_in(dash_app):
        short = country_day_heatmap(grid)
        full = country_day_heatmap(grid, show_all=True)
    size_short, size_full = len(short.to_json()), len(full.to_json())
    print("country x day grid bytes:", size_short, size_full)
    black, white, totals = short.data
    assert len(black.y) == figures.DEFAULT_COUNTRY_ROWS
    assert len(full.data[0].y) == 130
    assert list(black.x)[:2] == ["1", "2"]
    assert short.layout.xaxis.categoryarray[-1] == "Total"
    assert short.layout.yaxis.categoryarray[-1] == "Total per day"
    assert "100 more participating countries" in short.layout.annotations[0].text
    assert short.layout.height < full.layout.height
    # Every count is printed on its shade in the colour that contrasts more (WCAG).
    for layer in (black, white):
        for row in layer.z:
            for level in row:
                if level is not None:
                    assert figures.text_colour(figures.HEAT_COLOURS[level]) == \
                        layer.textfont.color
    assert black.textfont.color == "#000" and white.textfont.color == "#fff"
    numbers = totals
    first = grid.countries.iloc[0]
    assert f"<b>{first['total']}</b>" in list(numbers.text)
    assert short.layout.xaxis.title.text.endswith("number)")
    assert size_short < 60_000 and size_full < 200_000


def test_country_day_grid_counts_by_hand(two_operations, dash_app) -> None:
    session, _p, current, _regions = two_operations
    grid = queries.country_day_grid(session, SeizureFilters(operation_id=current.id))
    with signed_in(dash_app):
        figure = country_day_heatmap(grid)
    black, white, totals = figure.data
    assert list(figure.layout.yaxis.categoryarray) == ["Kenya", "France", "Nigeria",
                                                       "Total per day"]
    cells = {(x, y): n for layer in (black, white)
             for y, row in zip(layer.y, layer.text, strict=True)
             for x, n in zip(layer.x, row, strict=True) if n}
    assert cells == {("1", "Kenya"): "1", ("2", "Kenya"): "1", ("5", "France"): "1",
                     ("1", "Nigeria"): "1"}
    printed = dict(zip(zip(totals.x, totals.y, strict=True), totals.text, strict=True))
    assert printed[("Total", "Kenya")] == "<b>2</b>"
    assert printed[("1", "Total per day")] == "<b>2</b>"
    assert printed[("Total", "Total per day")] == "<b>4</b>"


# Callbacks on the demo app ---------------------------------------------------------------

def test_callbacks_fill_the_page_for_the_demo_operation(dash_app) -> None:
    key = key_for(dash_app, daily_heartbeat, f"?operation={ACTIVE}")
    with signed_in(dash_app):
        stack = as_figure(show_daily_stack(key, "seizures", "region"))
        by_commodity = as_figure(show_daily_stack(key, "items", "commodity"))
        curve = as_figure(show_cumulative(key, "seizures"))
        grid = show_country_days(key, False)
        grid_all = show_country_days(key, True)
    assert len(stack.data) >= 3 and stack.layout.barmode == "stack"
    assert 2 <= len(by_commodity.data) <= queries.TOP_COMMODITIES + 1
    names = [t.name for t in curve.data]
    assert names[0].startswith(f"Thunder {DEMO_TODAY.year}")
    assert "Thunder 2025 (demo)" in names and "Thunder 2024 (demo)" in names
    this = curve.data[0]
    assert max(this.x) <= 18  # day 18 of 28 is today
    assert max(curve.data[1].x) > 18  # last year's operation ran to its end
    grid, style = as_figure(grid[0]), grid[1]
    grid_all, style_all = as_figure(grid_all[0]), grid_all[1]
    assert len(grid.data[0].y) == figures.DEFAULT_COUNTRY_ROWS
    assert len(grid_all.data[0].y) > 100
    assert len(grid.data[0].x) == 18  # the days up to today
    assert style["height"] == f"{grid.layout.height}px" != style_all["height"]
    for figure in (stack, by_commodity, curve, grid):
        assert len(figure.to_json()) < 60_000
    assert len(grid_all.to_json()) < 100_000  # ~130 countries x 18 days, whatever the data


def test_closed_operation_compares_with_the_one_before(dash_app) -> None:
    key = key_for(dash_app, daily_heartbeat, "?operation=THUNDER-2025")
    with signed_in(dash_app, headers={"Accept-Language": "pt"}):
        curve = as_figure(show_cumulative(key, "items"))
    assert [t.name for t in curve.data] == ["Thunder 2025 (demo) (esta operação)",
                                            "Thunder 2024 (demo)"]
    assert "acumulado" in curve.layout.yaxis.title.text


def test_filter_matching_nothing_and_unknown_operation(dash_app) -> None:
    key = key_for(dash_app, daily_heartbeat, f"?operation={ACTIVE}&country=ZZZ")
    with signed_in(dash_app):
        stack = as_figure(show_daily_stack(key, "seizures", "region"))
        curve = as_figure(show_cumulative(key, "seizures"))
        grid = as_figure(show_country_days(key, False)[0])
        missing = key_for(dash_app, daily_heartbeat, "?operation=NOPE")
        gone = as_figure(show_daily_stack(missing, "seizures", "region"))
    assert stack.layout.annotations[0].text == "No seizures match this filter."
    assert curve.layout.annotations[0].text == "No seizures match this filter."
    assert "No participating country" in grid.layout.annotations[0].text
    assert "does not exist" in gone.layout.annotations[0].text


# The commander's journey -----------------------------------------------------------------

@pytest.mark.browser
def test_commander_compares_daily_curve_with_last_year(signed_in_as, watched_page,
                                                       live_server) -> None:
    page, _watch = watched_page
    signed_in_as(page, "commander", path=f"/daily?operation={ACTIVE}")
    page.goto(f"{live_server}/daily?operation={ACTIVE}")
    curve = page.locator(f"#{ids.DAILY_CUMULATIVE}")
    expect(curve.locator(".legendtext", has_text="Thunder 2025 (demo)")).to_be_visible(
        timeout=20_000)
    expect(curve.locator(".legendtext", has_text="(this operation)")).to_be_visible()
    expect(curve.locator(".ytitle")).to_have_text("Seizures, cumulative (number)")
    stack = page.locator(f"#{ids.DAILY_STACK}")
    expect(stack.locator(".ytitle")).to_have_text("Seizures per day (number)")
    grid = page.locator(f"#{ids.DAILY_GRID}")
    expect(grid.get_by_text(re.compile("more participating countries not shown"))).to_be_visible(
        timeout=20_000)
    page.get_by_text("Seizure items", exact=True).click()
    expect(curve.locator(".ytitle")).to_have_text("Seizure items, cumulative (number)")
    expect(stack.locator(".ytitle")).to_have_text("Seizure items per day (number)")
    page.get_by_text("Commodity", exact=True).click()
    expect(stack.locator(".legendtext", has_text="Other commodities")).to_be_visible()
    page.get_by_label("Show all participating countries").check()
    expect(grid.get_by_text(re.compile("more participating countries not shown"))).to_have_count(
        0, timeout=20_000)
    expect(grid.get_by_text("Total per day")).to_be_visible()
