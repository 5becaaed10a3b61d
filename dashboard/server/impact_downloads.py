"""Downloads of the impact page, made on the server from the same sanitised report:
`/impact/export.csv?operation=CODE` (the page's figures as CSV) and
`/impact/report.pdf?operation=CODE` (an A4 report, dashboard/exports/impact_pdf.py).

The routes are for the impact roles, and anyone when `[impact] public = true`
(dashboard/server/downloads.py checks it).
"""

from __future__ import annotations

import re

import flask

from dashboard import paths
from dashboard.access import IMPACT_ROLES
from dashboard.exports.impact_csv import export_csv_text
from dashboard.exports.impact_pdf import report_pdf
from dashboard.i18n import _
from dashboard.server.downloads import file_download, role_required
from dashboard.server.impact_reports import impact_is_public, load_report
from data_access.queries.impact import ImpactReport

blueprint = flask.Blueprint("impact_downloads", __name__)


def _safe_code(code: str | None) -> str:
    """An operation code reduced to the characters a file name or URL may hold."""
    return re.sub(r"[^A-Za-z0-9_-]", "", code or "")[:32]


def _published_report() -> ImpactReport | None:
    """The sanitised report of the operation named in the query (None: not published)."""
    return load_report((flask.request.args.get(paths.IMPACT_OPERATION_ARG) or "")[:32])


def _not_published() -> flask.Response:
    return flask.Response(_("No published results for this operation."), status=404,
                          mimetype="text/plain")


@blueprint.get(paths.IMPACT_CSV)
@role_required(*IMPACT_ROLES, public=impact_is_public)
def export_csv_view() -> flask.Response:
    """GET /impact/export.csv?operation=CODE."""
    report = _published_report()
    if report is None:
        return _not_published()
    body = export_csv_text(report).encode("utf-8-sig")  # BOM: spreadsheets read UTF-8
    return file_download(body, "text/csv", f"impact-{_safe_code(report.operation.code)}.csv")


@blueprint.get(paths.IMPACT_PDF)
@role_required(*IMPACT_ROLES, public=impact_is_public)
def report_pdf_view() -> flask.Response:
    """GET /impact/report.pdf?operation=CODE."""
    report = _published_report()
    if report is None:
        return _not_published()
    return file_download(report_pdf(report), "application/pdf",
                         f"impact-{_safe_code(report.operation.code)}.pdf")


CSV_ENDPOINT = f"{blueprint.name}.{export_csv_view.__name__}"
PDF_ENDPOINT = f"{blueprint.name}.{report_pdf_view.__name__}"
