"""Building blocks of the spreadsheet upload page (/report/upload): the choices, the
progress bar, the check report with its rejected rows, the import result, and the
translated messages of every importer code.

Everything here is a plain function of data (no database, no request state beyond the
user's language), so the callbacks stay thin and the tests can call them directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import paths
from dashboard.i18n import N_, _, format_number, ngettext
from dashboard.ui.codes import JOB_FAILED, sentence, sentences
from dashboard.uploads.rejects import reject_rows
from data_access.errors import ErrorCode

# Rejected rows listed on the page; all of them are in the CSV download.
TABLE_ROWS = 200
# Milliseconds between two looks at a running job.
POLL_MS = 700
ACCEPT = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument." \
         "spreadsheetml.sheet"

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

_MB = 1024 * 1024
PHASES = {"read": N_("Reading the file"), "validate": N_("Checking the rows"),
          "write": N_("Saving the seizures")}


def limits_text(max_bytes: int, max_rows: int) -> str:
    """The limits as one sentence."""
    return _("CSV or XLSX, at most {size} MB and {rows} rows.").format(
        size=format_number(max_bytes / _MB, 0 if max_bytes % _MB == 0 else 1),
        rows=format_number(max_rows))


# ---------------------------------------------------------------------------------------
# Choices


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
                    _("Download every rejected row (CSV)")], href=paths.rejects_href(token),
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
                     _("See the seizures in Our entries")], href=paths.REPORT,
                    className="btn btn-primary mt-2")
    if not s["applied"]:
        refusal = s.get("refusal") or {}
        text = sentence(refusal.get("code", ErrorCode.ROWS_REJECTED), refusal.get("params"))
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
        return refusal_alert(sentences(status.get("errors") or []), title)
    if state != "done" or not record:
        return refusal_alert([sentence(JOB_FAILED)], _("Nothing was imported."))
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
