"""Building blocks of the spreadsheet upload page (/report/upload): the choices, the
progress bar, the check report with its rejected rows, the import result, and the
translated messages of every importer code.

Everything here is a plain function of data (no database, no request state beyond the
user's language), so the callbacks stay thin and the tests can call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.i18n import N_, _, format_date, format_number, localized, ngettext
from dashboard.upload_jobs import (
    IMPORT_ALREADY_STARTED,
    JOB_FAILED,
    JOB_RUNNING,
    NO_FILE,
    NO_TARGET,
    UPLOAD_EXPIRED,
    UPLOAD_QUOTA,
)
from data_access.errors import ErrorCode, NoticeCode
from data_access.importer.targets import TargetCountryColumns, TargetOperationColumns
from data_access.tabular import csv_text

UPLOAD_PATH = "/report/upload"
ENTRY_PATH = "/report"
TEMPLATE_CSV_PATH = "/report/upload/template.csv"
TEMPLATE_XLSX_PATH = "/report/upload/template.xlsx"
REJECTS_PATH = "/report/upload/rejects.csv"
TOKEN_ARG = "upload"
# Rejected rows listed on the page; all of them are in the CSV download.
TABLE_ROWS = 200
# Milliseconds between two looks at a running job.
POLL_MS = 700
ACCEPT = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument." \
         "spreadsheetml.sheet"

# The English text of each code is the one data_access.validation.ERROR_MESSAGES proposes
# (tests keep them equal), except the size message, which speaks in MB here.
MESSAGES: Mapping[str, str] = {
    ErrorCode.REQUIRED: N_("This field is required."),
    ErrorCode.TOO_LONG: N_("Too long: at most {max} characters."),
    ErrorCode.INVALID_DATE: N_("Not a date: use YYYY-MM-DD or DD/MM/YYYY."),
    ErrorCode.INVALID_TIME: N_("Not a time: use HH:MM."),
    ErrorCode.INVALID_NUMBER: N_("Not a number."),
    ErrorCode.INVALID_INTEGER: N_("Not a whole number."),
    ErrorCode.INVALID_BOOLEAN: N_("Answer yes or no."),
    ErrorCode.DATE_BEFORE_OPERATION: N_("The date is before the operation started ({start})."),
    ErrorCode.DATE_AFTER_OPERATION: N_("The date is after the operation ended ({end})."),
    ErrorCode.DATE_IN_FUTURE: N_("The date is in the future (today is {today})."),
    ErrorCode.DATE_IN_PAST: N_("The date has already passed (today is {today})."),
    ErrorCode.QUANTITY_NOT_POSITIVE: N_("The quantity must be greater than zero."),
    ErrorCode.NEGATIVE_VALUE: N_("The value cannot be negative."),
    ErrorCode.UNKNOWN_CODE: N_('Unknown value "{value}"; use one of: {allowed}.'),
    ErrorCode.UNKNOWN_COUNTRY: N_('Unknown country "{value}".'),
    ErrorCode.COUNTRY_NOT_PARTICIPATING: N_("{country} does not take part in this "
                                            "operation."),
    ErrorCode.UNKNOWN_LOCATION: N_('Unknown port or place "{value}".'),
    ErrorCode.LOCATION_OTHER_COUNTRY: N_("{location} is not in {country}."),
    ErrorCode.LATITUDE_OUT_OF_RANGE: N_("The latitude must be between -90 and 90."),
    ErrorCode.LONGITUDE_OUT_OF_RANGE: N_("The longitude must be between -180 and 180."),
    ErrorCode.COORDINATES_INCOMPLETE: N_("Give both latitude and longitude, or neither."),
    ErrorCode.UNKNOWN_SPECIES: N_('Unknown species "{value}".'),
    ErrorCode.AMBIGUOUS_SPECIES: N_('"{value}" could be several species: {candidates}. '
                                    "Use the scientific name."),
    ErrorCode.UNKNOWN_TERM: N_('Unknown CITES term "{value}".'),
    ErrorCode.UNKNOWN_UNIT: N_('Unknown unit "{value}".'),
    ErrorCode.UNIT_NOT_ALLOWED: N_("The unit {unit} does not fit the term {term}; "
                                   "use one of: {allowed}."),
    ErrorCode.NO_ITEMS: N_("Add at least one seized item."),
    ErrorCode.DUPLICATE_REFERENCE: N_("The national reference {reference} is already used "
                                      "by another seizure of this country in this "
                                      "operation."),
    ErrorCode.PERMISSION_DENIED: N_("You are not allowed to do this."),
    ErrorCode.OTHER_COUNTRY: N_("You can only report for your own country, not {country}."),
    ErrorCode.OPERATION_NOT_ALLOWED: N_("You do not take part in this operation."),
    ErrorCode.OPERATION_NOT_FOUND: N_("This operation does not exist."),
    ErrorCode.SEIZURE_NOT_FOUND: N_("This seizure does not exist."),
    ErrorCode.REOPENING_NOT_FOUND: N_("This reopening does not exist."),
    ErrorCode.OPERATION_LOCKED: N_("The operation was locked on {lock_date}: entries and "
                                   "edits are closed. Ask the coordination unit to reopen "
                                   "your country."),
    ErrorCode.VERSION_CONFLICT: N_("This seizure was changed by {by} at {at}. Reload it and "
                                   "make your changes again."),
    ErrorCode.SEIZURE_WITHDRAWN: N_("This seizure has been withdrawn and can no longer be "
                                    "changed."),
    ErrorCode.NIL_RETURN_HAS_SEIZURES: N_("{count} seizures are already reported for {date}: "
                                          "a nil return is not possible for that day."),
    ErrorCode.FILE_TOO_LARGE: N_("The file is too large ({size} MB; at most {limit} MB)."),
    ErrorCode.TOO_MANY_ROWS: N_("The file has too many rows (at most {limit})."),
    ErrorCode.UNSUPPORTED_FILE_TYPE: N_("Only CSV and XLSX files can be imported."),
    ErrorCode.MACRO_WORKBOOK: N_("Workbooks with macros are refused; save it as a plain "
                                 ".xlsx workbook."),
    ErrorCode.MALFORMED_CSV: N_("The CSV file cannot be read near line {line}."),
    ErrorCode.UNSUPPORTED_ENCODING: N_("The file's text encoding is not supported; save it "
                                       "as UTF-8 CSV."),
    ErrorCode.UNREADABLE_WORKBOOK: N_("The workbook cannot be read; it may be damaged."),
    ErrorCode.MISSING_COLUMNS: N_("Columns missing from the file: {columns}."),
    ErrorCode.EMPTY_FILE: N_("The file has no data rows."),
    ErrorCode.ROWS_REJECTED: N_("{count} rows are rejected: correct them or import only the "
                                "valid seizures."),
    ErrorCode.MALFORMED_ROW: N_("The row has {found} cells where {expected} were expected."),
    ErrorCode.FORMULA_WITHOUT_VALUE: N_("A formula without a saved value: open the file in a "
                                        "spreadsheet program, save it and try again."),
    ErrorCode.REFERENCE_CONFLICT: N_("Rows with the same national reference disagree on "
                                     "this column (first given on row {first_row})."),
    ErrorCode.OTHER_ROW_REJECTED: N_("Not imported because another row of the same seizure "
                                     "is rejected (rows {rows})."),
    ErrorCode.UNPACKED_TOO_LARGE: N_("The workbook is too large once unpacked ({size} MB; at "
                                     "most {limit} MB)."),
    ErrorCode.WORKBOOK_TOO_COMPRESSED: N_("The workbook is packed far tighter than "
                                          "spreadsheet programs pack ({ratio} to 1; at most "
                                          "{limit} to 1)."),
    ErrorCode.WORKBOOK_TOO_MANY_PARTS: N_("The workbook has too many parts ({count}; at most "
                                          "{limit})."),
    ErrorCode.CELL_TOO_LONG: N_("The file holds a text of more than {limit} characters; "
                                "longer texts are refused."),
    ErrorCode.TOO_MANY_EMPTY_ROWS: N_("More than {limit} empty rows follow row {row}, with "
                                      "data after them: delete the empty rows and try "
                                      "again."),
    ErrorCode.FILE_TOO_HEAVY: N_("Reading the file needs more memory or time than the server "
                                 "allows. Split it into smaller files and try again."),
    NoticeCode.DUPLICATE_SUBMISSION: N_("This form was already submitted; the seizure was "
                                        "recorded once."),
    NoticeCode.NIL_RETURN_REPLACED: N_("The nil return for {date} was replaced by this "
                                       "seizure."),
    NoticeCode.NIL_RETURN_ALREADY_RECORDED: N_("A nil return for {date} was already "
                                               "recorded."),
    UPLOAD_EXPIRED: N_("This upload is no longer available (uploads are kept for a day and "
                       "removed after their import). Please upload the file again."),
    IMPORT_ALREADY_STARTED: N_("This file is already being imported, or was imported: "
                               "nothing was done twice."),
    JOB_RUNNING: N_("The file is still being checked or imported; please wait."),
    NO_TARGET: N_("Choose the operation and the country first."),
    JOB_FAILED: N_("Something went wrong on the server; nothing was imported. Please try "
                   "again, and tell the coordination unit if it happens again."),
    NO_FILE: N_("The upload did not arrive whole. Please try again."),
    UPLOAD_QUOTA: N_("Too many of your files are waiting on the server ({count} files, "
                     "{size} MB; at most {max_count} files and {max_size} MB together). "
                     "Import them, or wait: each is removed {hours} hours after its "
                     "upload."),
}

# The template's documentation sheet is written in the user's language: every text of
# data_access/importer/columns.py and template.py, marked here for translation (a test
# checks that none is missing).
COLUMN_DOC_MESSAGES = (
    # template.DOC_HEADERS and the level / required words
    N_("Column"), N_("Level"), N_("Required"), N_("Meaning"), N_("Accepted values"),
    N_("Example"), N_("seizure"), N_("item"), N_("yes"), N_("no"),
    # national_reference
    N_("Your national case or seizure reference. Rows with the same reference form one "
       "seizure; a reference already imported updates that seizure."),
    N_("Text, at most 64 characters."),
    # seizure_date
    N_("Local date of the seizure, inside the operation and not in the future."),
    N_("YYYY-MM-DD or DD/MM/YYYY, or a date cell."),
    # location_code
    N_("Code of the port, airport, border post or mail centre where the seizure was made "
       "(as listed in the app)."),
    N_("A location code of your country; leave empty to give coordinates or none."),
    # latitude, longitude
    N_("Latitude of the place, when it has no location code."),
    N_("Decimal degrees, -90 to 90 (decimal point or comma)."),
    N_("Longitude of the place, when it has no location code."),
    N_("Decimal degrees, -180 to 180."),
    # seizure_point, transport_mode, detection_method
    N_("Where in the trade chain the seizure was made."),
    N_("import, export, transit, internal (or their names in English, French or "
       "Portuguese)."),
    N_("How the goods were moving."),
    N_("air_passenger, air_cargo, postal, express_courier, sea_container, sea_vessel, road, "
       "rail, pedestrian, other (or their names in English, French or Portuguese)."),
    N_("How the goods were found."),
    N_("x_ray, sniffer_dog, risk_profiling, intelligence, physical_inspection, "
       "documentary_check, random_check, other (or their names in English, French or "
       "Portuguese)."),
    # concealment
    N_("How the goods were hidden."),
    N_("Free text, at most 255 characters."),
    # countries
    N_("Country the goods came from."),
    N_("ISO-2 or ISO-3 code, or the country's name in English, French or Portuguese."),
    N_("Country the goods were exported from."),
    N_("As origin_country."),
    N_("Countries the goods passed through, in route order."),
    N_("Countries as origin_country, separated by ; or |."),
    N_("Country the goods were going to."),
    # items
    N_("The species (or higher taxon) seized."),
    N_("Scientific name, or the common name in English, French or Portuguese (case and "
       "accents do not matter)."),
    N_("What was seized (CITES description of specimens)."),
    N_("CITES term code, or its name in English, French or Portuguese."),
    N_("How much was seized, in the unit given."),
    N_("A number greater than zero."),
    N_("Unit of the quantity; empty means a number of specimens (CITES convention)."),
    N_("CITES unit code or a common unit: kg, kgs, g, pcs, pieces, litres, m3..."),
    N_("Whether the specimens were alive."),
    N_("yes/no, oui/non, sim/não, true/false, 1/0; empty means no."),
    N_("Estimated value in US dollars."),
    N_("A number, zero or more."),
    # suspects_arrested, notes
    N_("Number of suspects arrested."),
    N_("A whole number, zero or more; empty means 0."),
    N_("Anything else worth knowing."),
    N_("Free text."),
)

PHASES = {"read": N_("Reading the file"), "validate": N_("Checking the rows"),
          "write": N_("Saving the seizures")}
_DATE_PARAMS = ("start", "end", "today", "lock_date", "date")
_MB = 1024 * 1024


# ---------------------------------------------------------------------------------------
# Messages


def _param_text(name: str, value: Any) -> str:
    """A message parameter for display (dates, numbers, sizes, lists)."""
    if name in _DATE_PARAMS and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(_param_text("", v) for v in value)
    return str(value)


class _Params(dict):
    """Message parameters that leave unknown names empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for an importer or page code, in the user's language."""
    params = dict(params or {})
    if code == ErrorCode.FILE_TOO_LARGE:
        params = {"size": format_number(float(params.get("size", 0)) / _MB, 1),
                  "limit": format_number(float(params.get("limit", 0)) / _MB, 1)}
    elif code == ErrorCode.TOO_MANY_ROWS:
        params = {"limit": format_number(int(params.get("limit", 0)))}
    template = MESSAGES.get(str(code))
    if template is None:
        return _("This value is not accepted ({code}).").format(code=str(code))
    return _(template).format_map(_Params({k: _param_text(k, v) for k, v in params.items()}))


def messages(errors: Iterable[Mapping[str, Any]]) -> list[str]:
    """Sentences for a list of {code, params} dicts (refusals of a whole file)."""
    return [message(e.get("code", ""), e.get("params")) for e in errors]


def limits_text(max_bytes: int, max_rows: int) -> str:
    """The limits as one sentence."""
    return _("CSV or XLSX, at most {size} MB and {rows} rows.").format(
        size=format_number(max_bytes / _MB, 0 if max_bytes % _MB == 0 else 1),
        rows=format_number(max_rows))


# ---------------------------------------------------------------------------------------
# Choices


def operation_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Operation choices: "Name · CODE"."""
    return [{"label": f"{r[TargetOperationColumns.NAME]} · {r[TargetOperationColumns.CODE]}",
             "value": str(r[TargetOperationColumns.ID])} for _i, r in frame.iterrows()]


def country_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Country choices in the user's language: "Kenya (KEN)"."""
    rows = [(localized(r, "name"), getattr(r, TargetCountryColumns.ISO3))
            for r in frame.itertuples()]
    return [{"label": f"{name} ({iso3})", "value": iso3} for name, iso3 in sorted(rows)]


def parse_operation_id(value: Any) -> int | None:
    """An operation id from a select value (anything else: None)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_country(value: Any) -> str | None:
    """An ISO-3 code from a select value (anything else: None)."""
    if isinstance(value, str) and len(value.strip()) == 3 and value.strip().isalpha():
        return value.strip().upper()
    return None


# ---------------------------------------------------------------------------------------
# Alerts


def refusal_alert(texts: Sequence[str], title: str | None = None) -> dbc.Alert:
    """Why a file or a request was refused."""
    return dbc.Alert([
        html.Div([html.I(className="bi bi-x-octagon me-2", **{"aria-hidden": "true"}),
                  title or _("The file was not accepted.")], className="fw-semibold"),
        html.Ul([html.Li(t) for t in texts], className="mb-0 mt-1") if texts else None,
    ], color="danger", className="mt-3 mb-0")


def notice_alert(text: str) -> dbc.Alert:
    """A neutral notice (nothing changed)."""
    return dbc.Alert(text, color="secondary", className="mt-3 mb-0")


# ---------------------------------------------------------------------------------------
# Progress


def progress_view(status: Mapping[str, Any] | None, file_name: str = "") -> html.Div | None:
    """The progress bar of a running job: phase, rows done out of the total."""
    if not status:
        return None
    phase = _(PHASES.get(str(status.get("phase")), PHASES["read"]))
    done, total = int(status.get("done") or 0), int(status.get("total") or 0)
    importing = status.get("mode") != "dry_run"
    title = (_("Importing {file}…") if importing else _("Checking {file}…")).format(
        file=file_name or _("the file"))
    if total:
        value = max(2, min(100, round(100 * done / total)))
        detail = _("{phase}: {done} of {total} rows").format(
            phase=phase, done=format_number(done), total=format_number(total))
        bar = dbc.Progress(value=value, label=f"{value} %", striped=True, animated=True,
                           style={"height": "1.5rem"})
    else:
        detail = phase + ("…" if not done else " " + _("({done} rows)").format(
            done=format_number(done)))
        bar = dbc.Progress(value=100, striped=True, animated=True, style={"height": "1.5rem"},
                           color="info")
    return html.Div([
        html.Div(title, className="fw-semibold mb-1"),
        bar,
        html.Div(detail, className="small text-body-secondary mt-1"),
    ], className="mt-3", role="status", **{"aria-live": "polite"})


# ---------------------------------------------------------------------------------------
# The report


def _count(title: str, value: int, color: str, note: str = "") -> dbc.Col:
    """One figure of the report."""
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(title, className="kpi-label text-body-secondary"),
        html.Div(format_number(value), className=f"kpi-value text-{color}"),
        html.Div(note, className="small text-body-secondary") if note else None,
    ]), className="h-100"), xs=6, lg=3, className="mb-3")


def reject_rows(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rejected cells as the page and the CSV show them: row, column, value, reason."""
    return [{"row": str(e.get("row", "")), "column": str(e.get("column") or ""),
             "value": str(e.get("value") or ""), "code": str(e.get("code", "")),
             "reason": message(str(e.get("code", "")), e.get("params"))} for e in errors]


def rejects_table(errors: Sequence[Mapping[str, Any]], limit: int = TABLE_ROWS) -> dbc.Table:
    """The first rejected cells in a table (row number, column, value as typed, reason)."""
    rows = reject_rows(errors[:limit])
    return dbc.Table([
        html.Thead(html.Tr([html.Th(_("Row"), scope="col"), html.Th(_("Column"), scope="col"),
                            html.Th(_("Value in the file"), scope="col"),
                            html.Th(_("Why it is rejected"), scope="col")])),
        html.Tbody([html.Tr([
            html.Td(r["row"], className="text-end font-monospace"),
            html.Td(html.Code(r["column"]) if r["column"] else "—"),
            html.Td(r["value"] or "—", className="text-break"),
            html.Td(r["reason"]),
        ]) for r in rows]),
    ], striped=True, hover=True, size="sm", responsive=True, className="align-middle mb-2",
        id="upload-rejects-table")


def rejects_csv(errors: Sequence[Mapping[str, Any]]) -> str:
    """Every rejected cell as CSV, with the reason in the user's language (values from the
    user's file made inert by the safe writer)."""
    header = [_("Row"), _("Column"), _("Value in the file"), _("Why it is rejected"),
              _("Code")]
    return csv_text([header, *([r["row"], r["column"], r["value"], r["reason"], r["code"]]
                               for r in reject_rows(errors))])


def rejects_href(token: str) -> str:
    """Where the CSV of all rejected rows of an upload is downloaded."""
    return f"{REJECTS_PATH}?{TOKEN_ARG}={token}"


def _rejected_section(errors: Sequence[Mapping[str, Any]], token: str) -> html.Div:
    """The rejected rows: the first ones on the page, all of them as CSV."""
    shown = min(len(errors), TABLE_ROWS)
    caption = _("Rejected rows") if shown == len(errors) else \
        _("The first {shown} of {total} problems (all of them are in the CSV file)").format(
            shown=format_number(shown), total=format_number(len(errors)))
    return html.Div([
        html.Div([
            html.H3(caption, className="h6 mb-0 me-3"),
            html.A([html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                    _("Download every rejected row (CSV)")], href=rejects_href(token),
                   className="btn btn-sm btn-outline-secondary", download=""),
        ], className="d-flex flex-wrap align-items-center gap-2 mb-2"),
        rejects_table(errors),
    ], className="mt-2")


def report_view(record: Mapping[str, Any], token: str) -> html.Div:
    """The check of a file: what it would create or update, and every rejected row."""
    s = record["summary"]
    errors = record.get("errors") or []
    rejected_rows = int(s["rows_rejected"])
    header = _("{file}: {rows} rows read.").format(file=s["file"],
                                                   rows=format_number(s["rows"]))
    cards = dbc.Row([
        _count(_("Seizures to create"), s["seizures_to_create"], "success"),
        _count(_("Seizures to update"), s["seizures_to_update"], "primary",
               _("Their national reference is already known.")
               if s["seizures_to_update"] else ""),
        _count(_("Items (rows) to save"), s["items_to_write"], "body"),
        _count(_("Rejected rows"), rejected_rows, "danger" if rejected_rows else "body",
               ngettext("{n} seizure not imported", "{n} seizures not imported",
                        s["seizures_rejected"]).format(
                   n=format_number(s["seizures_rejected"])) if s["seizures_rejected"]
               else ""),
    ], className="mt-3")
    valid = s["seizures_to_create"] + s["seizures_to_update"]
    if not errors:
        verdict = dbc.Alert([html.I(className="bi bi-check-circle me-2",
                                    **{"aria-hidden": "true"}),
                             _("Every row is valid. Nothing is saved until you choose "
                               "Import all.")], color="success", className="mb-2")
    elif valid:
        verdict = dbc.Alert([html.I(className="bi bi-exclamation-triangle me-2",
                                    **{"aria-hidden": "true"}),
                             ngettext("{n} row is rejected.", "{n} rows are rejected.",
                                      rejected_rows).format(n=format_number(rejected_rows)),
                             " ",
                             _("Correct them in your file and upload it again, or import "
                               "only the valid seizures now and send the others later.")],
                            color="warning", className="mb-2")
    else:
        verdict = dbc.Alert([html.I(className="bi bi-x-octagon me-2",
                                    **{"aria-hidden": "true"}),
                             _("No row can be imported. Correct the file and upload it "
                               "again.")], color="danger", className="mb-2")
    notes = []
    if s.get("ignored_columns"):
        notes.append(_("Columns that are not in the template were ignored: {columns}.")
                     .format(columns=", ".join(s["ignored_columns"])))
    if s.get("nil_returns_to_replace"):
        notes.append(ngettext(
            "The nil return of {n} day will be replaced by the imported seizures.",
            "The nil returns of {n} days will be replaced by the imported seizures.",
            s["nil_returns_to_replace"]).format(n=format_number(s["nil_returns_to_replace"])))
    return html.Div([
        html.H2(header, className="h5 mt-3 mb-0"),
        cards,
        verdict,
        html.Ul([html.Li(n) for n in notes], className="small text-body-secondary")
        if notes else None,
        _rejected_section(errors, token) if errors else None,
    ])


def result_view(record: Mapping[str, Any]) -> html.Div:
    """What the import did (or why it wrote nothing), and the way back to the entries."""
    s = record["summary"]
    back = dcc.Link([html.I(className="bi bi-list-check me-1", **{"aria-hidden": "true"}),
                     _("See the seizures in Our entries")], href=ENTRY_PATH,
                    className="btn btn-primary mt-2")
    if not s["applied"]:
        refusal = s.get("refusal") or {}
        text = message(refusal.get("code", ErrorCode.ROWS_REJECTED), refusal.get("params"))
        return html.Div([refusal_alert([text], _("Nothing was imported.")),
                         html.Div(back)])
    parts = [_("Import of {file} finished.").format(file=s["file"]),
             ngettext("{n} seizure created", "{n} seizures created", s["created"]).format(
                 n=format_number(s["created"])) + ", " +
             ngettext("{n} updated", "{n} updated", s["updated"]).format(
                 n=format_number(s["updated"])) + ", " +
             ngettext("{n} item saved.", "{n} items saved.", s["items_written"]).format(
                 n=format_number(s["items_written"]))]
    if s["rows_rejected"]:
        parts.append(ngettext("{n} rejected row was not imported.",
                              "{n} rejected rows were not imported.",
                              s["rows_rejected"]).format(n=format_number(s["rows_rejected"])))
    if s.get("nil_returns_replaced"):
        parts.append(ngettext("{n} nil return was replaced.", "{n} nil returns were replaced.",
                              s["nil_returns_replaced"]).format(
            n=format_number(s["nil_returns_replaced"])))
    return html.Div([
        dbc.Alert([html.I(className="bi bi-check-circle me-2", **{"aria-hidden": "true"}),
                   html.Span(" ".join(parts))], color="success", className="mt-3 mb-2"),
        back,
    ])


def job_view(status: Mapping[str, Any] | None, record: Mapping[str, Any] | None,
             token: str, file_name: str = "") -> Any:
    """What the page shows for a job: progress, refusal, report or result."""
    if not status:
        return None
    state = status.get("state")
    if state == "running":
        return progress_view(status, file_name)
    if state == "refused":
        title = _("Nothing was imported.") if status.get("mode") != "dry_run" else None
        return refusal_alert(messages(status.get("errors") or []), title)
    if state != "done" or not record:
        return refusal_alert([message(JOB_FAILED)], _("Nothing was imported."))
    if status.get("mode") == "dry_run":
        return report_view(record, token)
    return result_view(record)


def action_states(status: Mapping[str, Any] | None, record: Mapping[str, Any] | None,
                  import_started: bool) -> tuple[bool, bool]:
    """(Import all disabled, Import only the valid seizures disabled)."""
    if import_started or not status or not record:
        return True, True
    checked = status.get("state") == "done" and status.get("mode") == "dry_run"
    # An import that failed (its process died) wrote nothing: the check still stands.
    retry = status.get("state") == "failed" and status.get("mode") != "dry_run" and \
        record["summary"].get("mode") == "dry_run"
    if not (checked or retry):
        return True, True
    s = record["summary"]
    valid = s["seizures_to_create"] + s["seizures_to_update"]
    has_errors = bool(record.get("errors"))
    return (has_errors or not valid), (not has_errors or not valid)
