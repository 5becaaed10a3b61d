"""Downloads of the spreadsheet upload page: the empty templates (CSV, and XLSX whose
second sheet documents the columns in the user's language) and the rejected rows of a
checked upload as CSV.

  /report/upload/template.csv   /report/upload/template.xlsx
  /report/upload/rejects.csv?upload=<token>

The roles are checked by dashboard/server/downloads.py's decorator; a rejects download only
ever serves the signed-in user's own upload.
"""

from __future__ import annotations

import flask

from dashboard import paths
from dashboard.access import ADMIN, COMMANDER, FOCAL_POINT
from dashboard.context import current_principal
from dashboard.i18n import _, current_language
from dashboard.server.downloads import file_download, role_required
from dashboard.uploads.rejects import rejects_csv
from dashboard.uploads.store import current_store
from data_access.importer import template_csv, template_xlsx

UPLOAD_ROLES = (ADMIN, COMMANDER, FOCAL_POINT)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

blueprint = flask.Blueprint("upload_downloads", __name__)


@blueprint.get(paths.UPLOAD_TEMPLATE_CSV)
@role_required(*UPLOAD_ROLES)
def template_csv_view() -> flask.Response:
    """GET /report/upload/template.csv: the header line."""
    return file_download(template_csv(), "text/csv", "jointops-seizures-template.csv")


@blueprint.get(paths.UPLOAD_TEMPLATE_XLSX)
@role_required(*UPLOAD_ROLES)
def template_xlsx_view() -> flask.Response:
    """GET /report/upload/template.xlsx: data sheet and documented columns."""
    return file_download(template_xlsx(_), XLSX_MIMETYPE,
                         f"jointops-seizures-template-{current_language()}.xlsx")


@blueprint.get(paths.UPLOAD_REJECTS_CSV)
@role_required(*UPLOAD_ROLES)
def rejects_view() -> flask.Response:
    """GET /report/upload/rejects.csv?upload=TOKEN: every rejected row, with reasons."""
    store = current_store()
    upload = store.get(current_principal().id, flask.request.args.get(paths.UPLOAD_TOKEN_ARG, ""))
    record = store.report(upload) if upload else None
    if record is None:
        return flask.Response(_("This upload is no longer available (uploads are kept for a "
                                "day and removed after their import). Please upload the "
                                "file again."), status=404, mimetype="text/plain")
    body = rejects_csv(record.get("errors") or []).encode("utf-8-sig")  # BOM: spreadsheets
    return file_download(body, "text/csv", "jointops-rejected-rows.csv")
