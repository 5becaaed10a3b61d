"""Pure builders of page components from query results (no database, no callbacks)."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.i18n import _, format_date, format_number, format_time
from data_access.queries.operations import OperationColumns, OperationHeadline


def empty_state(message: str, icon: str = "bi-inbox") -> html.Div:
    """A clear message where there is nothing to show, instead of a blank area."""
    return html.Div(
        [html.I(className=f"bi {icon} fs-2 d-block mb-2", **{"aria-hidden": "true"}),
         html.P(message, className="mb-0")],
        className="empty-state text-center text-body-secondary py-5",
        role="status",
    )


def status_label(status: str) -> str:
    """The operation status in the user's language."""
    return {"planned": _("Planned"), "active": _("Active"), "closed": _("Closed")}.get(
        status, status)


def operation_options(operations: pd.DataFrame) -> list[dict[str, str]]:
    """Dropdown options for the operation picker, newest first."""
    return [
        {"label": f"{row[OperationColumns.NAME]} · {status_label(row[OperationColumns.STATUS])}",
         "value": row[OperationColumns.CODE]}
        for _i, row in operations.iterrows()
    ]


def updated_label(now: dt.datetime | None = None) -> str:
    """'updated hh:mm:ss' in the user's language and the server's local time."""
    now = now or dt.datetime.now().astimezone()
    return _("updated {time}").format(time=format_time(now, "HH:mm:ss"))


def _phase_line(h: OperationHeadline) -> str:
    """Where the operation stands in its window, in words."""
    if h.phase == "not_started":
        days = (h.start_date - h.today).days
        return _("Starts in {days} days").format(days=format_number(days))
    if h.phase == "ended":
        return _("Ended on {date}").format(date=format_date(h.end_date))
    return _("Day {day} of {total}").format(day=format_number(h.day_number),
                                            total=format_number(h.total_days))


def _days_left_line(h: OperationHeadline) -> str:
    """Time left in the operation."""
    if h.phase != "in_progress":
        return ""
    if h.days_left == 0:
        return _("Last day")
    return _("{days} days left").format(days=format_number(h.days_left))


def operation_header(h: OperationHeadline) -> dbc.Card:
    """The operation's name, dates and where it stands today."""
    badges = [dbc.Badge(status_label(h.status), color="primary" if h.status == "active"
                        else "secondary", className="me-2")]
    if h.is_demo:
        badges.append(dbc.Badge(_("Demo data"), color="warning", text_color="dark"))
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col([
                        html.H1(h.name, className="h3 mb-1"),
                        html.Div([html.Span(h.code, className="text-body-secondary me-3"),
                                  *badges]),
                        html.Div(
                            _("{start} to {end}").format(start=format_date(h.start_date),
                                                         end=format_date(h.end_date)),
                            className="mt-1",
                        ),
                    ], md=8),
                    dbc.Col([
                        html.Div(_phase_line(h), className="display-6 fw-semibold"),
                        html.Div(_days_left_line(h), className="text-body-secondary"),
                    ], md=4, className="text-md-end"),
                ],
                align="center",
            )
        ),
        className="mb-3 shadow-sm",
    )


def kpi_card(label: str, value: str, note: str = "", icon: str = "") -> dbc.Col:
    """One headline figure with its label."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody([
                html.Div([html.I(className=f"bi {icon} me-2", **{"aria-hidden": "true"})
                          if icon else None, label], className="kpi-label text-body-secondary"),
                html.Div(value, className="kpi-value"),
                html.Div(note, className="kpi-note small text-body-secondary"),
            ]),
            className="h-100 shadow-sm",
        ),
        xs=6, md=4, xl=2, className="mb-3",
    )


def headline_kpis(h: OperationHeadline) -> dbc.Row:
    """The operation's headline counts as cards."""
    reported = _("{reported} of {total}").format(
        reported=format_number(h.reported_today), total=format_number(h.participating_countries))
    return dbc.Row([
        kpi_card(_("Seizures"), format_number(h.seizures), icon="bi-box-seam"),
        kpi_card(_("Seizure items"), format_number(h.items), icon="bi-list-ul"),
        kpi_card(_("Countries reported today"), reported,
                 _("as of {date}").format(date=format_date(h.today)), icon="bi-flag"),
        kpi_card(_("Participating countries"), format_number(h.participating_countries),
                 icon="bi-globe"),
        kpi_card(_("Arrests"), format_number(h.arrests), icon="bi-person-lock"),
        kpi_card(_("Distinct species"), format_number(h.species), icon="bi-bug"),
    ])


def operation_summary(h: OperationHeadline) -> html.Div:
    """Header and headline figures of an operation, with an explicit empty state."""
    parts = [operation_header(h), headline_kpis(h)]
    if h.phase == "not_started":
        parts.append(empty_state(_("This operation has not started yet."), "bi-hourglass"))
    elif h.seizures == 0:
        parts.append(empty_state(_("No seizures reported yet for this operation.")))
    return html.Div(parts)
