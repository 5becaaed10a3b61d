"""Messages of the entry page: lock state, the day's status, results and refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.i18n import _, format_date, ngettext
from dashboard.views.report_form import error_text
from data_access.entries import DayColumns
from data_access.entry_rules import EntryState
from data_access.errors import EntryError, FieldError


def _alert(children, color: str, icon: str) -> dbc.Alert:
    return dbc.Alert([html.I(className=f"bi {icon} me-2"), *children], color=color,
                     className="mb-0 py-2")


def no_choice() -> dbc.Alert:
    """Nothing to report in: no operation or no country to choose."""
    return _alert([_("You take part in no operation where you can report seizures.")],
                  "secondary", "bi-info-circle")


def refusal(exc: EntryError) -> dbc.Alert:
    """Why the server refused, in the user's language."""
    return _alert([html.Div(error_text(e)) for e in exc.errors] or [_("Refused.")],
                  "danger", "bi-x-octagon")


def state_banner(state: EntryState) -> dbc.Alert:
    """Open, reopened or locked, with the dates that matter."""
    window = _("Operation from {start} to {end}.").format(
        start=format_date(state.start_date), end=format_date(state.end_date))
    if state.locked:
        return _alert([html.Strong(_("Reporting is closed.")), " ",
                       _("The operation was locked on {date}: seizures can no longer be "
                         "entered or changed. Ask the coordination unit to reopen your "
                         "country if something is missing.").format(
                           date=format_date(state.lock_date))], "warning", "bi-lock")
    if state.reopened:
        until = format_date(state.reopened_until) if state.reopened_until else None
        text = (_("Reporting was reopened until {date}.").format(date=until) if until
                else _("Reporting was reopened."))
        return _alert([html.Strong(text), " ", _("Reason: {reason}").format(
            reason=state.reopen_reason)], "info", "bi-unlock")
    lock = (" " + _("Entries close after {date}.").format(date=format_date(state.lock_date))
            if state.lock_date else "")
    return _alert([window, lock], "light", "bi-calendar-check")


def nil_button_label(day: dt.date | None) -> str:
    """The nil-return button names its day."""
    if day is None:
        return _("Nil return for this date")
    return _("Nil return for {date}").format(date=format_date(day))


def day_status(days: pd.DataFrame, day: dt.date) -> html.Span:
    """What is recorded for the day: seizures, a nil return, or nothing yet."""
    row = days[days[DayColumns.DATE] == day]
    if row.empty:
        return html.Span(_("This date is outside the operation."), className="text-danger")
    count = int(row[DayColumns.SEIZURES].iloc[0])
    kind = row[DayColumns.KIND].iloc[0]
    if count:
        return html.Span([html.I(className="bi bi-check-circle-fill text-success me-1"),
                          ngettext("{count} seizure reported for {date}.",
                                   "{count} seizures reported for {date}.", count).format(
                              count=count, date=format_date(day))])
    if kind == "nil":
        return html.Span([html.I(className="bi bi-dash-circle-fill text-info me-1"),
                          _("Nil return recorded for {date}.").format(date=format_date(day))])
    return html.Span([html.I(className="bi bi-exclamation-circle text-warning me-1"),
                      _("Nothing reported yet for {date}.").format(date=format_date(day))])


def saved(reference: str, edited: bool, notices: Iterable[FieldError]) -> dbc.Alert:
    """The seizure was saved (and what else happened)."""
    text = (_("Changes to seizure {reference} saved.") if edited
            else _("Seizure {reference} saved. The form is ready for the next one.")
            ).format(reference=reference)
    return _alert([html.Div(text), *[html.Div(error_text(n)) for n in notices]], "success",
                  "bi-check-circle")


def not_saved(general: list[str], fields_marked: bool) -> dbc.Alert:
    """The seizure was not saved: why, and (for invalid values) where to look."""
    hint = [" ", _("Please correct the fields marked below; what you typed is kept.")] \
        if fields_marked else [" ", _("What you typed is kept.")]
    return _alert([html.Strong(_("Not saved.")), *hint, *[html.Div(t) for t in general]],
                  "danger", "bi-exclamation-triangle")


def info(texts: Iterable[str], color: str = "success") -> dbc.Alert:
    """A short result."""
    icon = {"success": "bi-check-circle", "danger": "bi-x-octagon"}.get(color, "bi-info-circle")
    return _alert([html.Div(t) for t in texts], color, icon)
