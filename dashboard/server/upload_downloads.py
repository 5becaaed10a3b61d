"""Downloads of the spreadsheet upload page: the empty templates (CSV, and XLSX whose
second sheet documents the columns in the user's language) and the rejected rows of a
checked upload as CSV.

  /report/upload/template.csv   /report/upload/template.xlsx
  /report/upload/rejects.csv?upload=<token>

The guard (dashboard/server/auth.py) sends anonymous visitors to the login page; these routes
check the role themselves (the guard only knows Dash pages and callbacks), and a rejects
download only ever serves the signed-in user's own upload.
"""

from __future__ import annotations

import flask

from dashboard import paths
from dashboard.access import ADMIN, COMMANDER, FOCAL_POINT
from dashboard.context import current_principal
from dashboard.database import write_session
from dashboard.i18n import _, current_language
from dashboard.uploads.rejects import rejects_csv
from dashboard.uploads.store import current_store
from data_access import authentication
from data_access.importer import template_csv, template_xlsx

UPLOAD_ROLES = (ADMIN, COMMANDER, FOCAL_POINT)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _allowed() -> bool:
    """Whether the signed-in user may upload seizures."""
    principal = current_principal()
    return principal is not None and principal.role in UPLOAD_ROLES


def _refuse() -> flask.Response:
    """Refuse a download and record it."""
    with write_session() as session:
        authentication.record_denied(session, current_principal(), flask.request.path,
                                     flask.request.remote_addr or "")
    return flask.Response(_("You do not have access to this page."), status=403,
                          mimetype="text/plain")


def _download(body: bytes, mimetype: str, filename: str) -> flask.Response:
    """A file download that no cache keeps."""
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def template_csv_view() -> flask.Response:
    """GET /report/upload/template.csv: the header line."""
    if not _allowed():
        return _refuse()
    return _download(template_csv(), "text/csv", "jointops-seizures-template.csv")


def template_xlsx_view() -> flask.Response:
    """GET /report/upload/template.xlsx: data sheet and documented columns."""
    if not _allowed():
        return _refuse()
    return _download(template_xlsx(_), XLSX_MIMETYPE,
                     f"jointops-seizures-template-{current_language()}.xlsx")


def rejects_view() -> flask.Response:
    """GET /report/upload/rejects.csv?upload=TOKEN: every rejected row, with reasons."""
    if not _allowed():
        return _refuse()
    store = current_store()
    upload = store.get(current_principal().id, flask.request.args.get(paths.UPLOAD_TOKEN_ARG, ""))
    record = store.report(upload) if upload else None
    if record is None:
        return flask.Response(_("This upload is no longer available (uploads are kept for a "
                                "day and removed after their import). Please upload the "
                                "file again."), status=404, mimetype="text/plain")
    body = rejects_csv(record.get("errors") or []).encode("utf-8-sig")  # BOM: spreadsheets
    return _download(body, "text/csv", "jointops-rejected-rows.csv")


ROUTES = ((paths.UPLOAD_TEMPLATE_CSV, "upload_template_csv", template_csv_view),
          (paths.UPLOAD_TEMPLATE_XLSX, "upload_template_xlsx", template_xlsx_view),
          (paths.UPLOAD_REJECTS_CSV, "upload_rejects_csv", rejects_view))


def init_app(server: flask.Flask) -> None:
    """Add the upload page's downloads to the server."""
    for path, endpoint, view in ROUTES:
        server.add_url_rule(path, endpoint, view)
