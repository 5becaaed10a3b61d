"""Pure builders of the commanders' seizure page: details, items, status, history and the
messages of a refused verification (no database, no callbacks).

Everything a focal point typed (reference, notes, concealment, reasons) is passed as a
component's children, which Dash renders as plain text, never as HTML, Markdown or a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.i18n import N_, _, format_date, format_number, format_time, localized
from dashboard.ui import labels
from dashboard.ui.codes import SEIZURE_PAGE, sentence
from dashboard.ui.components import empty_state
from dashboard.views.overview import UNIT_SYMBOLS, quantity
from data_access.errors import EntryError
from data_access.seizures import AuditAction, HistoryColumns
from data_access.verification import VERIFIED, ItemColumns, SeizureDetail, VerificationAction

ACTION_LABELS: Mapping[str, str] = {
    AuditAction.CREATE: N_("First entered"),
    AuditAction.UPDATE: N_("Edited"),
    AuditAction.WITHDRAW: N_("Withdrawn"),
    AuditAction.IMPORT: N_("Imported from a file"),
    VerificationAction.VERIFY: N_("Verified"),
    VerificationAction.UNVERIFY: N_("Returned to provisional"),
}

FIELD_LABELS: Mapping[str, str] = {
    "status": N_("Status"),
    "reason": N_("Reason"),
    "national_reference": N_("National reference"),
    "seizure_date": N_("Date"),
    "seizure_time": N_("Time"),
    "location_id": N_("Port or place"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "seizure_point": N_("Seizure point"),
    "transport_mode": N_("Transport"),
    "detection_method": N_("Detection"),
    "concealment": N_("Concealment"),
    "origin_country": N_("Origin"),
    "export_country": N_("Export"),
    "destination_country": N_("Destination"),
    "transit_countries": N_("Transit"),
    "suspects_arrested": N_("Arrests"),
    "notes": N_("Notes"),
    "items": N_("Items"),
    "deleted_reason": N_("Reason for withdrawal"),
    "file": N_("File"),
}
# Bookkeeping fields that change with every write and say nothing to a reader.
HIDDEN_FIELDS = {"version", "deleted", "replaced_nil_return", "geo_precision"}
MAX_VALUE_TEXT = 120
MAX_CHANGES_SHOWN = 8


def parse_seizure_id(raw: Any) -> int | None:
    """The seizure id from the URL, or None when it is missing or not a number."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def error_messages(exc: EntryError) -> list[str]:
    """Why a verification was refused, in the user's language."""
    return [sentence(error.code, error.params, SEIZURE_PAGE) for error in exc.errors]


def status_badge(status: str, deleted: bool = False) -> dbc.Badge:
    """The seizure's state: verified, provisional or withdrawn."""
    if deleted:
        return dbc.Badge([html.I(className="bi bi-x-circle me-1", **{"aria-hidden": "true"}),
                          _("Withdrawn")], color="secondary", className="fs-6")
    if status == VERIFIED:
        return dbc.Badge([html.I(className="bi bi-patch-check me-1",
                                 **{"aria-hidden": "true"}), _("Verified")],
                         color="success", className="fs-6")
    return dbc.Badge([html.I(className="bi bi-hourglass-split me-1",
                             **{"aria-hidden": "true"}), _("Provisional")],
                     color="warning", text_color="dark", className="fs-6")


def _when(value: dt.datetime, zone: str) -> str:
    """A timestamp in the operation's time zone, in the user's format."""
    local = value.astimezone(ZoneInfo(zone))
    return f"{format_date(local, 'd MMM y')} {format_time(local, 'HH:mm')}"


def title(detail: SeizureDetail) -> list:
    """The page heading: reference and country."""
    country = localized(_Row(detail.country_names), "name") or detail.reporting_country
    return [_("Seizure") + " ",
            html.Span(detail.national_reference, className="font-monospace"),
            html.Span(f" · {country}", className="text-body-secondary")]


class _Row:
    """Attribute access over a dict, for localized()."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.__dict__.update(values)


def _route(detail: SeizureDetail) -> str:
    """Origin → export → transit → destination, as ISO-3 codes."""
    stops = [detail.origin_country, detail.export_country, *detail.transit_countries,
             detail.destination_country]
    shown: list[str] = []
    for stop in stops:
        if stop and (not shown or shown[-1] != stop):
            shown.append(stop)
    return " → ".join(shown) if shown else "—"


def _place(detail: SeizureDetail) -> list:
    """The port or post, or country level."""
    if not detail.location_name:
        return [_("Country level")]
    return [detail.location_name, html.Span(f" ({detail.location_code})",
                                            className="text-body-secondary"),
            html.Div(labels.label(labels.LOCATION_KINDS, detail.location_kind or ""),
                     className="small text-body-secondary")]


def _pair(term: str, value: Any) -> list:
    """One term and its value in a description list."""
    return [html.Dt(term, className="col-sm-4 text-body-secondary fw-normal"),
            html.Dd(value if value not in (None, "") else "—", className="col-sm-8")]


def _when_who(at: dt.datetime, who: str, zone: str) -> str:
    """When, and by whom when known."""
    return f"{_when(at, zone)} · {who}" if who else _when(at, zone)


def details(detail: SeizureDetail) -> html.Dl:
    """What, where, when and how, as the focal point reported it."""
    when = format_date(detail.seizure_date)
    if detail.seizure_time:
        when += " " + format_time(detail.seizure_time, "HH:mm")
    rows = [
        _pair(_("Operation"), f"{detail.operation_name} ({detail.operation_code})"),
        _pair(_("National reference"), html.Span(detail.national_reference,
                                                 className="font-monospace")),
        _pair(_("Date"), when),
        _pair(_("Port or place"), _place(detail)),
        _pair(_("Seizure point"), labels.label(labels.SEIZURE_POINTS, detail.seizure_point)),
        _pair(_("Transport"), labels.label(labels.TRANSPORT_MODES, detail.transport_mode)),
        _pair(_("Detection"), labels.label(labels.DETECTION_METHODS,
                                           detail.detection_method)),
        _pair(_("Concealment"), detail.concealment),
        _pair(_("Route"), _route(detail)),
        _pair(_("Arrests"), format_number(detail.suspects_arrested)),
        _pair(_("Notes"), html.Div(detail.notes, className="seizure-notes")
              if detail.notes else None),
        _pair(_("Entered"), _when_who(detail.created_at, detail.created_by,
                                      detail.operation_timezone)),
        _pair(_("Last change"), _when_who(detail.updated_at, detail.updated_by,
                                          detail.operation_timezone)),
    ]
    if detail.deleted:
        rows.append(_pair(_("Reason for withdrawal"), detail.deleted_reason))
    return html.Dl([part for row in rows for part in row], className="row mb-0")


def items_table(items: pd.DataFrame) -> dbc.Table | html.Div:
    """The seized commodities, one line each."""
    if items.empty:
        return empty_state(_("No items recorded."))
    rows = []
    for row in items.itertuples(index=False):
        common = localized(row, "common_name")
        unit = getattr(row, ItemColumns.UNIT)
        value = getattr(row, ItemColumns.VALUE_USD)
        rows.append(html.Tr([
            html.Td([html.Div(common or getattr(row, ItemColumns.SCIENTIFIC_NAME),
                              className="fw-semibold"),
                     html.Div(getattr(row, ItemColumns.SCIENTIFIC_NAME),
                              className="small fst-italic text-body-secondary")
                     if common else None]),
            html.Td(localized(row, "label") or getattr(row, ItemColumns.TERM)),
            html.Td(quantity(float(getattr(row, ItemColumns.QUANTITY))),
                    className="text-end"),
            html.Td(_("specimens") if unit == "NUM" else UNIT_SYMBOLS.get(unit, unit)),
            html.Td(_("Yes") if getattr(row, ItemColumns.IS_LIVE) else _("No")),
            html.Td(format_number(value) if value is not None and not pd.isna(value) else "—",
                    className="text-end"),
        ]))
    header = html.Thead(html.Tr([html.Th(_("Species"), scope="col"),
                                 html.Th(_("Commodity"), scope="col"),
                                 html.Th(_("Quantity"), scope="col", className="text-end"),
                                 html.Th(_("Unit"), scope="col"),
                                 html.Th(_("Live"), scope="col"),
                                 html.Th(_("Value (USD)"), scope="col",
                                         className="text-end")]))
    return dbc.Table([header, html.Tbody(rows)], size="sm", striped=True, responsive=True,
                     className="mb-0 align-middle")


def _value_text(value: Any) -> str:
    """A recorded value as short plain text."""
    if value is None or value == "":
        return "—"
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = text or "—"
    return text if len(text) <= MAX_VALUE_TEXT else text[: MAX_VALUE_TEXT - 1] + "…"


def _field_label(name: str) -> str:
    """The translated name of a recorded field."""
    message = FIELD_LABELS.get(name)
    return _(message) if message else name


def _status_text(value: Any) -> str:
    """A recorded status in the user's language."""
    return {"verified": _("Verified"), "provisional": _("Provisional")}.get(
        str(value), _value_text(value))


def changes(before: Any, after: Any) -> list:
    """The fields an event changed, as "field: old → new" lines (plain text)."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    lines: list = []
    for name in after:
        if name in HIDDEN_FIELDS or (before and before.get(name) == after.get(name)):
            continue
        if not before and name not in ("reason", "file", "status"):
            continue  # a new seizure: its values are on the page already
        if name == "items":
            lines.append(_("Items changed"))
            continue
        old, new = before.get(name), after.get(name)
        if name == "status":
            old, new = (_status_text(old) if old else None), _status_text(new)
        if name in before:
            lines.append(_("{field}: {old} → {new}").format(
                field=_field_label(name), old=_value_text(old), new=_value_text(new)))
        else:
            lines.append(_("{field}: {value}").format(field=_field_label(name),
                                                     value=_value_text(new)))
    shown = lines[:MAX_CHANGES_SHOWN]
    if len(lines) > MAX_CHANGES_SHOWN:
        shown.append(_("+ {count} more").format(count=len(lines) - MAX_CHANGES_SHOWN))
    parts: list = []
    for line in shown:
        parts.append(html.Div(line))
    return parts or ["—"]


def history_table(history: pd.DataFrame, zone: str) -> dbc.Table | html.Div:
    """Every recorded change, newest first: when, who, what."""
    if history.empty:
        return empty_state(_("No recorded changes."), icon="bi-clock-history")
    rows = []
    for row in history.iloc[::-1].itertuples(index=False):
        action = getattr(row, HistoryColumns.ACTION)
        message = ACTION_LABELS.get(action)
        rows.append(html.Tr([
            html.Td(_when(getattr(row, HistoryColumns.AT), zone), className="text-nowrap"),
            html.Td(getattr(row, HistoryColumns.USERNAME) or "—"),
            html.Td(_(message) if message else action),
            html.Td(changes(getattr(row, HistoryColumns.BEFORE),
                            getattr(row, HistoryColumns.AFTER)), className="small"),
        ]))
    header = html.Thead(html.Tr([html.Th(_("When"), scope="col"),
                                 html.Th(_("Who"), scope="col"),
                                 html.Th(_("What"), scope="col"),
                                 html.Th(_("Changes"), scope="col")]))
    caption = html.Caption(_("Times in {zone}.").format(zone=zone),
                           className="caption-top small")
    return dbc.Table([caption, header, html.Tbody(rows)], size="sm", striped=True,
                     responsive=True, className="mb-0 align-middle")


def not_shown(message: str) -> html.Div:
    """What the page shows when the seizure cannot be shown (missing, out of scope)."""
    return empty_state(message, icon="bi-search")


def detail_cards(detail: SeizureDetail) -> dbc.Row:
    """The details and the items side by side."""
    def card(heading: str, body: Any) -> dbc.Card:
        return dbc.Card([dbc.CardHeader(html.H2(heading, className="h6 mb-0")),
                         dbc.CardBody(body)], className="shadow-sm h-100")

    return dbc.Row([
        dbc.Col(card(_("Details"), details(detail)), lg=6, className="mb-3"),
        dbc.Col(card(_("Items"), items_table(detail.items)), lg=6, className="mb-3"),
    ])
