"""Callbacks of the daily tallies page: one query, one builder each."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback

from dashboard import ids
from dashboard.access import COMMAND_CENTRE_ROLES, allow
from dashboard.callbacks.live import register_heartbeat, run_query
from dashboard.context import current_scope
from dashboard.figures import daily as figures
from dashboard.figures.style import empty_figure
from dashboard.server.cache import cached_output
from data_access.queries import daily as queries

LIVE = ids.DAILY_LIVE


daily_heartbeat = register_heartbeat(LIVE)


@callback(
    Output(ids.DAILY_STACK, "figure"),
    Input(LIVE.version, "data"),
    Input(ids.DAILY_MEASURE, "value"),
    Input(ids.DAILY_STACK_BY, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("daily.show_daily_stack")
def show_daily_stack(key: dict[str, Any] | None, measure: str | None, stack_by: str | None):
    """Seizures or items per day, stacked by region or commodity."""
    stack_by = stack_by if stack_by in queries.StackBy.ALL else queries.StackBy.REGION
    view, message = run_query(key, queries.daily_view, stack_by)
    if view is None:
        return empty_figure(message)
    return figures.daily_stack(view.tallies, measure or figures.Measure.SEIZURES, stack_by,
                               view.dates, empty_message=message)


@callback(
    Output(ids.DAILY_CUMULATIVE, "figure"),
    Input(LIVE.version, "data"),
    Input(ids.DAILY_MEASURE, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("daily.show_cumulative")
def show_cumulative(key: dict[str, Any] | None, measure: str | None):
    """This operation's running total against earlier operations, by operation day."""
    frame, message = run_query(key, queries.daily_comparison, current_scope())
    if frame is None:
        return empty_figure(message)
    return figures.cumulative_comparison(frame, measure or figures.Measure.SEIZURES,
                                         empty_message=message)


@callback(
    Output(ids.DAILY_GRID, "figure"),
    Output(ids.DAILY_GRID, "style"),
    Input(LIVE.version, "data"),
    Input(ids.DAILY_SHOW_ALL, "value"),
)
@allow(*COMMAND_CENTRE_ROLES)
@cached_output("daily.show_country_days")
def show_country_days(key: dict[str, Any] | None, show_all: bool | None):
    """Seizures per participating country and operation day (the graph grows with rows)."""
    grid, message = run_query(key, queries.country_day_grid)
    figure = (empty_figure(message, 240) if grid is None else
              figures.country_day_heatmap(grid, bool(show_all), empty_message=None))
    return figure, {"height": f"{figure['layout']['height']}px"}
