"""Pure builders shared by the admin screens: sub-navigation, labelled form fields, error
messages in the user's language, confirmation alerts and server-side tables.

Text that users or files supplied (names, contacts, codes) is only ever passed as a
component's children, which Dash renders as plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import (
    LANGUAGE_NAMES,
    N_,
    _,
    format_date,
    format_number,
    localized,
    ngettext,
)
from dashboard.ui.codes import ADMIN_SCREENS, sentence
from dashboard.ui.components import empty_state, status_label
from dashboard.ui.labels import DISPLAY_GROUPS, LOCATION_KINDS, label
from dashboard.ui.shell import ROLE_LABELS
from data_access import vocab
from data_access.admin import (
    AccountColumns,
    CountryChoiceColumns,
    LocationChoiceColumns,
    OperationTableColumns,
    ParticipantInput,
    SkipReason,
    TaxonColumns,
    UnlocodeReport,
)
from data_access.admin.unlocode import Outcome
from data_access.errors import EntryError, FieldError
from data_access.taxa_reference import RANKS

SUBNAV = (
    (paths.ADMIN_OPERATIONS, N_("Operations"), "bi-calendar-range"),
    (paths.ADMIN_USERS, N_("Users"), "bi-people"),
    (paths.ADMIN_REFERENCE, N_("Reference data"), "bi-journal-text"),
)
# Select values standing for "no value" (dbc.Select keeps "" for its own placeholder).
NEW_OPERATION = "new"
AUTO_LANGUAGE = "auto"

SKIP_REASONS: Mapping[str, str] = {
    SkipReason.MALFORMED_ROW: N_("Wrong number of columns"),
    SkipReason.BAD_CODE: N_("Malformed code"),
    SkipReason.REMOVED_ENTRY: N_("Marked for removal"),
    SkipReason.REFERENCE_ENTRY: N_("Reference to another entry"),
    SkipReason.NOT_PORT: N_("Not a port, airport, border crossing, mail centre or terminal"),
    SkipReason.NO_COORDINATES: N_("No coordinates"),
    SkipReason.BAD_COORDINATES: N_("Unreadable coordinates"),
    SkipReason.UNKNOWN_COUNTRY: N_("Unknown country"),
    SkipReason.AIRPORT_EXISTS: N_("Airport already listed under its IATA code"),
    SkipReason.DUPLICATE_IN_FILE: N_("Listed twice in the file"),
}
OUTCOMES: Mapping[str, str] = {
    Outcome.INSERTED: N_("Added"),
    Outcome.UPDATED: N_("Updated"),
    Outcome.UNCHANGED: N_("Unchanged"),
    Outcome.SKIPPED: N_("Skipped"),
}
APPENDICES: Mapping[str, str] = {
    "I": N_("Appendix I"),
    "II": N_("Appendix II"),
    "III": N_("Appendix III"),
    "NL": N_("Not listed"),
}
RANK_LABELS: Mapping[str, str] = {
    "species": N_("Species"),
    "subspecies": N_("Subspecies"),
    "genus": N_("Genus"),
    "family": N_("Family"),
    "order": N_("Order"),
}
# Parameters holding ISO dates, shown as dates in the user's language.
_INDEXED = re.compile(r"^(\w+)\[(\d+)\]")


# ---------------------------------------------------------------------------------------
# Frame and form pieces


def feedback_id(component_id: str) -> str:
    """The id of the element that shows a field's error message."""
    return f"{component_id}-feedback"


def admin_subnav(active_path: str) -> dbc.Nav:
    """Links between the three admin screens, the current one marked."""
    return dbc.Nav(
        [dbc.NavItem(dbc.NavLink(
            [html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}), _(name)],
            href=path, active=path == active_path))
         for path, name, icon in SUBNAV],
        id=ids.ADMIN_SUBNAV, pills=True, className="mb-3",
    )


def page_header(title: str, intro: str, active_path: str) -> html.Div:
    """The admin screen's title, one line on what it is for, and the sub-navigation."""
    return html.Div([
        html.H1(title, className="h3 mb-1"),
        html.P(intro, className="text-body-secondary mb-2"),
        admin_subnav(active_path),
    ])


def field(label_text: str, control: Any, control_id: str, help_text: str = "",
          **col: Any) -> dbc.Col:
    """A control with its visible label, a place for its error message and optional help."""
    return dbc.Col([
        dbc.Label(label_text, html_for=control_id, className="fw-semibold mb-1"),
        control,
        html.Div(id=feedback_id(control_id), className="invalid-feedback d-block",
                 **{"aria-live": "polite"}),
        dbc.FormText(help_text) if help_text else None,
    ], className="mb-3", **col)


def section(title: str, body: list[Any], intro: str = "") -> dbc.Card:
    """A titled card around one form or table."""
    return dbc.Card(dbc.CardBody([
        html.H2(title, className="h5 mb-1"),
        html.P(intro, className="small text-body-secondary mb-3") if intro else None,
        *body,
    ]), className="mb-4 shadow-sm")


def options(table: Mapping[str, str], codes: Iterable[str] | None = None
            ) -> list[dict[str, str]]:
    """Select options for codes labelled in the user's language."""
    return [{"label": _(table[c]) if c in table else c, "value": c}
            for c in (codes if codes is not None else table)]


def status_options() -> list[dict[str, str]]:
    """Operation statuses."""
    return [{"label": status_label(s), "value": s} for s in vocab.OPERATION_STATUSES]


def role_options() -> list[dict[str, str]]:
    """Account roles."""
    return options(ROLE_LABELS, vocab.ROLES)


def language_options() -> list[dict[str, str]]:
    """Interface languages, with "browser's language" first."""
    return [{"label": _("Browser's language"), "value": AUTO_LANGUAGE},
            *({"label": name, "value": code} for code, name in LANGUAGE_NAMES.items())]


def parse_codes(text: str | None) -> list[str]:
    """Place codes from text separated by spaces, commas, semicolons or new lines."""
    return [c for c in re.split(r"[\s,;]+", (text or "").upper()) if c]


def ports_text(places: pd.DataFrame) -> str:
    """Place codes as editable text, one line per country."""
    c = LocationChoiceColumns
    return "\n".join(" ".join(group[c.CODE]) for _country, group in
                     places.sort_values([c.COUNTRY, c.CODE]).groupby(c.COUNTRY, sort=True))


def ports_summary(places: pd.DataFrame) -> html.Div:
    """How many places of each kind take part, in how many countries."""
    if places.empty:
        return empty_state(_("No participating port yet."), "bi-signpost")
    c = LocationChoiceColumns
    kinds = ", ".join(f"{label(LOCATION_KINDS, kind)}: {format_number(int(n))}"
                      for kind, n in places[c.KIND].value_counts().items())
    return html.Div([
        html.P(_("{count} places in {countries} countries.").format(
            count=format_number(len(places)),
            countries=format_number(places[c.COUNTRY].nunique())), className="mb-0"),
        html.P(kinds, className="small text-body-secondary mb-0"),
    ])


def rank_options() -> list[dict[str, str]]:
    """Taxonomic ranks."""
    return options(RANK_LABELS, RANKS)


def appendix_options() -> list[dict[str, str]]:
    """CITES appendices."""
    return options(APPENDICES, vocab.CITES_APPENDICES)


def group_options() -> list[dict[str, str]]:
    """Taxon display groups."""
    return options(DISPLAY_GROUPS, vocab.DISPLAY_GROUPS)


def country_options(countries: pd.DataFrame) -> list[dict[str, str]]:
    """Countries as "Name (ISO3)", sorted by name in the user's language."""
    items = [(f"{localized(row, 'name')} ({getattr(row, CountryChoiceColumns.ISO3)})",
              getattr(row, CountryChoiceColumns.ISO3))
             for row in countries.itertuples(index=False)]
    return [{"label": text, "value": value} for text, value in sorted(items)]


def location_options(locations: pd.DataFrame) -> list[dict[str, str]]:
    """Places as "CODE · Name · Kind (ISO3)"."""
    c = LocationChoiceColumns
    kinds = {kind: label(LOCATION_KINDS, kind) for kind in LOCATION_KINDS}
    return [{"label": f"{code} · {name} · {kinds.get(kind, kind)} ({country})", "value": code}
            for code, name, kind, country in zip(locations[c.CODE], locations[c.NAME],
                                                 locations[c.KIND], locations[c.COUNTRY],
                                                 strict=True)]


# ---------------------------------------------------------------------------------------
# Errors and confirmations


def error_message(error: FieldError) -> str:
    """One field error as a sentence in the user's language."""
    return sentence(error.code, error.params, ADMIN_SCREENS)


def split_errors(errors: Iterable[FieldError], fields: Mapping[str, str]
                 ) -> tuple[dict[str, str], list[str]]:
    """Messages by component id for the fields on the form, and the others (general)."""
    by_component: dict[str, list[str]] = {}
    general: list[str] = []
    for error in errors:
        component = fields.get(error.field) or fields.get(
            _INDEXED.sub(r"\1", error.field))
        if component:
            by_component.setdefault(component, []).append(error_message(error))
        else:
            general.append(error_message(error))
    return {k: " ".join(v) for k, v in by_component.items()}, general


def field_feedback(errors: Iterable[FieldError], fields: Mapping[str, str]
                   ) -> tuple[list[str], list[bool], list[str]]:
    """Per field (in the mapping's order): its message, whether it is invalid; and the
    general messages."""
    messages, general = split_errors(errors, fields)
    order = list(dict.fromkeys(fields.values()))
    return ([messages.get(c, "") for c in order], [c in messages for c in order], general)


def success_alert(message: str) -> dbc.Alert:
    """A confirmation after a change."""
    return dbc.Alert([html.I(className="bi bi-check-circle me-2", **{"aria-hidden": "true"}),
                      message], color="success", dismissable=True, className="mb-0 mt-2")


def info_alert(message: str) -> dbc.Alert:
    """A neutral notice (nothing changed)."""
    return dbc.Alert(message, color="secondary", dismissable=True, className="mb-0 mt-2")


def error_alert(messages: Sequence[str] = ()) -> dbc.Alert:
    """Why a change was refused: a summary, then any message not tied to a field."""
    return dbc.Alert([
        html.Div([html.I(className="bi bi-exclamation-triangle me-2",
                         **{"aria-hidden": "true"}),
                  _("Nothing was saved. Please correct the problems shown.")],
                 className="fw-semibold"),
        html.Ul([html.Li(m) for m in messages], className="mb-0 mt-1") if messages else None,
    ], color="danger", className="mb-0 mt-2")


def refusal(exc: EntryError, fields: Mapping[str, str]
            ) -> tuple[list[str], list[bool], dbc.Alert]:
    """Field messages, invalid flags and the alert for a refused write."""
    messages, invalid, general = field_feedback(exc.errors, fields)
    return messages, invalid, error_alert(general)


# ---------------------------------------------------------------------------------------
# Tables


def _table(header: Sequence[str], rows: list[list[Any]], caption: str = "") -> dbc.Table:
    """A compact, striped table built on the server."""
    return dbc.Table([
        html.Caption(caption, className="caption-top") if caption else None,
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
    ], striped=True, hover=True, size="sm", responsive=True, className="align-middle mb-0")


def _cell(value: Any, empty: str = "—") -> str:
    """Text for a table cell, with a dash for missing values."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return empty
    return str(value)


def _date_text(value: Any) -> str:
    """A date for a table cell ("" when missing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    return format_date(value)


def operations_table(frame: pd.DataFrame) -> html.Div | dbc.Table:
    """Existing operations with their settings and an Edit link each."""
    if frame.empty:
        return empty_state(_("No operation yet. Create the first one with the form below."),
                           "bi-calendar-plus")
    c = OperationTableColumns
    rows = []
    for _i, r in frame.iterrows():
        deadline = r[c.DEADLINE]
        rows.append([
            html.Span(r[c.CODE], className="font-monospace"),
            r[c.NAME],
            _("{start} to {end}").format(start=_date_text(r[c.START]),
                                         end=_date_text(r[c.END])),
            r[c.TIMEZONE],
            deadline.strftime("%H:%M") if deadline is not None else "",
            _date_text(r[c.LOCK]) or "—",
            dbc.Badge(status_label(r[c.STATUS]),
                      color="primary" if r[c.STATUS] == "active" else "secondary"),
            format_number(r[c.COUNTRIES]),
            format_number(r[c.PORTS]),
            format_number(r[c.SEIZURES]),
            dcc.Link([html.I(className="bi bi-pencil me-1", **{"aria-hidden": "true"}),
                      _("Edit")], href=paths.operation_edit_href(r[c.CODE]),
                     title=_("Edit {code}").format(code=r[c.CODE])),
        ])
    return _table([_("Code"), _("Name"), _("Dates"), _("Time zone"), _("Report deadline"),
                   _("Lock date"), _("Status"), _("Countries"), _("Ports"), _("Seizures"),
                   ""], rows)


def operation_picker_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """"New operation" then every operation, for the form's picker."""
    c = OperationTableColumns
    return [{"label": _("New operation"), "value": NEW_OPERATION},
            *({"label": f"{r[c.CODE]} · {r[c.NAME]}", "value": r[c.CODE]}
              for _i, r in frame.iterrows())]


def operation_form_values(values: Mapping[str, Any] | None) -> list[Any]:
    """The form's field values (in OPERATION_FIELDS order) for an operation, or blanks
    with sensible defaults for a new one."""
    if values is None:
        return ["", "", "", "", "UTC", "23:59", "", "planned", "", ""]

    def text(value: Any) -> str:
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        return "" if value is None else str(value)

    return [text(values[name]) for name in (
        "code", "name", "start_date", "end_date", "timezone", "report_deadline", "lock_date",
        "status", "description", "lead_organisations")]


def participants_text(participants: Iterable[ParticipantInput]) -> str:
    """Participants as editable lines: "ISO3; focal point; contact"."""
    lines = []
    for p in participants:
        parts = [p.country_iso3 or "", p.focal_point_name or "", p.focal_point_contact or ""]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append("; ".join(parts))
    return "\n".join(lines)


def parse_participants(text: str | None) -> tuple[list[ParticipantInput], list[int]]:
    """Participants from the lines of the text box, with the line number of each."""
    participants, lines = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[;\t]", line, maxsplit=2)]
        parts += [""] * (3 - len(parts))
        participants.append(ParticipantInput(parts[0], parts[1], parts[2]))
        lines.append(number)
    return participants, lines


def participant_errors(errors: Iterable[FieldError], lines: Sequence[int]) -> str:
    """The participants' errors as one message, each prefixed by its line number."""
    messages = []
    for error in errors:
        match = _INDEXED.match(error.field)
        text = error_message(error)
        if match and int(match[2]) < len(lines):
            text = _("Line {line}: {message}").format(line=lines[int(match[2])], message=text)
        messages.append(text)
    return " ".join(messages)


def participants_table(participants: Sequence[ParticipantInput], countries: pd.DataFrame
                       ) -> html.Div | dbc.Table:
    """The participating countries with their names and focal points."""
    if not participants:
        return empty_state(_("No participating country yet."), "bi-flag")
    names = {row.iso3: localized(row, "name") for row in countries.itertuples(index=False)}
    rows = [[p.country_iso3, names.get(p.country_iso3 or "", ""), p.focal_point_name or "—",
             p.focal_point_contact or "—"] for p in participants]
    summary = _("{count} participating countries: show the list").format(
        count=format_number(len(rows)))
    return html.Details([
        html.Summary(summary, className="mb-2"),
        _table([_("ISO code"), _("Country"), _("Focal point"), _("Contact")], rows),
    ])


def accounts_table(frame: pd.DataFrame) -> dbc.Table | html.Div:
    """Every account: role, country, restrictions, language, state and last sign-in."""
    if frame.empty:
        return empty_state(_("No account yet."), "bi-people")
    c = AccountColumns
    roles = {role: label(ROLE_LABELS, role) for role in ROLE_LABELS}
    active, disabled, never, every = _("Active"), _("Disabled"), _("Never"), _("All")
    rows = []
    for r in frame.itertuples(index=False):
        last = getattr(r, c.LAST_LOGIN)
        role = getattr(r, c.ROLE)
        rows.append([
            getattr(r, c.USERNAME),
            _cell(getattr(r, c.FULL_NAME)),
            roles.get(role, role),
            _cell(getattr(r, c.COUNTRY)),
            _cell(getattr(r, c.OPERATIONS), every if role == "commander" else "—"),
            LANGUAGE_NAMES.get(_cell(getattr(r, c.LANGUAGE)), "—"),
            active if getattr(r, c.ACTIVE) else html.Strong(disabled, className="text-danger"),
            _date_text(last) if last is not None and not pd.isna(last) else never,
        ])
    return _table([_("Username"), _("Full name"), _("Role"), _("Country"), _("Operations"),
                   _("Language"), _("State"), _("Last sign-in")], rows,
                  _("{count} accounts").format(count=format_number(len(rows))))


def account_picker_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Accounts as "username · role" for the picker."""
    c = AccountColumns
    return [{"label": f"{r[c.USERNAME]} · {label(ROLE_LABELS, r[c.ROLE])}"
                      + ("" if r[c.ACTIVE] else f" · {_('Disabled')}"),
             "value": r[c.USERNAME]} for _i, r in frame.iterrows()]


def account_state(role: str, active: bool, sessions: int = 0) -> html.Div:
    """The picked account's role, state and how many browsers are signed in."""
    return html.Div([
        html.Span(_("Role: {role}").format(role=label(ROLE_LABELS, role)), className="me-3"),
        dbc.Badge(_("Active"), color="success") if active else
        dbc.Badge(_("Disabled"), color="danger"),
        html.Span(ngettext("Signed in on {count} browser", "Signed in on {count} browsers",
                           sessions).format(count=sessions) if sessions else
                  _("Not signed in"), className="ms-3 small text-body-secondary"),
    ], className="mb-3")


def taxa_table(frame: pd.DataFrame) -> dbc.Table | html.Div:
    """The taxa added last."""
    if frame.empty:
        return empty_state(_("No taxon in the reference list yet."), "bi-bug")
    c = TaxonColumns
    rows = [[html.I(r[c.SCIENTIFIC_NAME]), r[c.COMMON_NAME_EN], r[c.COMMON_NAME_FR] or "—",
             r[c.COMMON_NAME_PT] or "—", label(APPENDICES, r[c.CITES_APPENDIX]),
             label(DISPLAY_GROUPS, r[c.DISPLAY_GROUP])] for _i, r in frame.iterrows()]
    return _table([_("Scientific name"), _("English name"), _("French name"),
                   _("Portuguese name"), _("CITES"), _("Group")], rows,
                  _("The taxa added last"))


def _count_card(title: str, value: int, color: str) -> dbc.Col:
    """One count of the import report."""
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(title, className="kpi-label text-body-secondary"),
        html.Div(format_number(value), className=f"kpi-value text-{color}"),
    ]), className="h-100"), xs=6, md=3, className="mb-3")


def unlocode_report(report: UnlocodeReport, filename: str = "") -> html.Div:
    """What the UN/LOCODE import did: counts, skip reasons and the rows concerned."""
    header = _("Import of {file} finished: {entries} entries read.").format(
        file=filename or _("the file"), entries=format_number(report.entries))
    cards = dbc.Row([
        _count_card(_("Ports added"), report.inserted, "success"),
        _count_card(_("Ports updated"), report.updated, "primary"),
        _count_card(_("Unchanged"), report.unchanged, "body"),
        _count_card(_("Skipped"), report.skipped_total, "secondary"),
    ])
    reasons = _table([_("Why skipped"), _("Entries")],
                     [[label(SKIP_REASONS, reason), format_number(count)]
                      for reason, count in sorted(report.skipped.items(),
                                                  key=lambda kv: -kv[1])]) \
        if report.skipped else None
    rows = _table([_("Line"), _("Code"), _("Name"), _("Result"), _("Kind or reason")],
                  [[format_number(r.line), html.Span(r.code, className="font-monospace"),
                    r.name, label(OUTCOMES, r.outcome),
                    label(SKIP_REASONS, r.reason) if r.reason else
                    label(LOCATION_KINDS, r.kind)] for r in report.rows],
                  _("The first {count} entries added, updated or skipped").format(
                      count=format_number(len(report.rows)))) if report.rows else None
    return html.Div([success_alert(header), html.Div(className="mb-3"), cards,
                     html.Div(reasons, className="mb-3"), rows])
