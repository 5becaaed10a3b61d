"""Downloads of the impact page, made on the server from the same sanitised report:
`/impact/export.csv?operation=CODE` (the page's figures as CSV) and
`/impact/report.pdf?operation=CODE` (an A4 report, dashboard/exports/impact_pdf.py).

The routes check the role themselves (the guard in auth.py only knows Dash pages and
callbacks): the impact roles, or anyone when `[impact] public = true`.
"""

from __future__ import annotations

import re

import flask

from dashboard import paths
from dashboard.access import public_when_enabled
from dashboard.context import current_principal
from dashboard.database import write_session
from dashboard.exports.impact_csv import export_csv_text
from dashboard.exports.impact_pdf import report_pdf
from dashboard.i18n import _
from dashboard.server.impact_reports import load_report, may_see_impact
from data_access import authentication
from data_access.queries.impact import ImpactReport

CSV_ENDPOINT = "impact_export_csv"
PDF_ENDPOINT = "impact_report_pdf"


def _safe_code(code: str | None) -> str:
    """An operation code reduced to the characters a file name or URL may hold."""
    return re.sub(r"[^A-Za-z0-9_-]", "", code or "")[:32]


def _refuse(target: str) -> flask.Response:
    """Refuse a download and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(), target,
                                     flask.request.remote_addr or "")
    return flask.Response(_("You do not have access to this page."), status=403,
                          mimetype="text/plain")


def _report_for_request() -> ImpactReport | flask.Response:
    """The sanitised report of the operation named in the query, or an error response."""
    if not may_see_impact():
        return _refuse(flask.request.path)
    report = load_report((flask.request.args.get(paths.IMPACT_OPERATION_ARG) or "")[:32])
    if report is None:
        return flask.Response(_("No published results for this operation."), status=404,
                              mimetype="text/plain")
    return report


def _download(body: bytes, mimetype: str, filename: str) -> flask.Response:
    """A file download that no cache keeps."""
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@public_when_enabled
def export_csv_view() -> flask.Response:
    """GET /impact/export.csv?operation=CODE."""
    report = _report_for_request()
    if isinstance(report, flask.Response):
        return report
    body = export_csv_text(report).encode("utf-8-sig")  # BOM: spreadsheets read UTF-8
    return _download(body, "text/csv",
                     f"impact-{_safe_code(report.operation.code)}.csv")


@public_when_enabled
def report_pdf_view() -> flask.Response:
    """GET /impact/report.pdf?operation=CODE."""
    report = _report_for_request()
    if isinstance(report, flask.Response):
        return report
    return _download(report_pdf(report), "application/pdf",
                     f"impact-{_safe_code(report.operation.code)}.pdf")


ROUTES = ((paths.IMPACT_CSV, CSV_ENDPOINT, export_csv_view),
          (paths.IMPACT_PDF, PDF_ENDPOINT, report_pdf_view))


def init_app(server: flask.Flask) -> None:
    """Add the impact downloads to the server."""
    for path, endpoint, view in ROUTES:
        server.add_url_rule(path, endpoint, view)
