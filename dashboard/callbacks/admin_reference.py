"""Callbacks of Admin · Reference data: the UN/LOCODE import and the taxon form."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from dash import Input, Output, State, callback, no_update

from dashboard import ids
from dashboard.access import ADMIN, allow
from dashboard.context import current_principal
from dashboard.database import read_session, write_session
from dashboard.i18n import _
from dashboard.views import admin as ac
from data_access import admin
from data_access.errors import AdminErrorCode, EntryError, FieldError

TAXON_FIELDS = {
    "scientific_name": ids.ADMIN_TAXON_NAME,
    "common_name_en": ids.ADMIN_TAXON_EN,
    "cites_appendix": ids.ADMIN_TAXON_APPENDIX,
    "display_group": ids.ADMIN_TAXON_GROUP,
    "rank": ids.ADMIN_TAXON_RANK,
    "common_name_fr": ids.ADMIN_TAXON_FR,
    "common_name_pt": ids.ADMIN_TAXON_PT,
    "taxon_class": ids.ADMIN_TAXON_CLASS,
    "taxon_order": ids.ADMIN_TAXON_ORDER,
    "family": ids.ADMIN_TAXON_FAMILY,
}
TAXON_IDS = list(TAXON_FIELDS.values())
# Text fields are emptied after a taxon is added; the choices keep their values.
TAXON_TEXT_IDS = [ids.ADMIN_TAXON_NAME, ids.ADMIN_TAXON_EN, ids.ADMIN_TAXON_FR,
                  ids.ADMIN_TAXON_PT]


def uploaded_bytes(contents: str, limit: int) -> bytes:
    """The bytes of a dcc.Upload data URL, refusing oversized or malformed uploads before
    decoding them whole."""
    _header, _sep, payload = contents.partition(",")
    if len(payload) > (limit + 2) * 4 // 3 + 4:
        raise admin_error(AdminErrorCode.FILE_TOO_LARGE, limit=limit)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise admin_error(AdminErrorCode.NOT_UNLOCODE, line=1) from None


def admin_error(code: str, **params: Any) -> EntryError:
    """A refusal about the uploaded file."""
    return EntryError([FieldError("file", code, params)])


@callback(
    Output(ids.ADMIN_UNLOCODE_REPORT, "children"),
    Input(ids.ADMIN_UNLOCODE_UPLOAD, "contents"),
    State(ids.ADMIN_UNLOCODE_UPLOAD, "filename"),
    prevent_initial_call=True,
)
@allow(ADMIN)
def import_unlocode_file(contents: str | None, filename: str | None):
    """Import the dropped UN/LOCODE file in one transaction and show what it did."""
    if not contents:
        return no_update
    try:
        raw = uploaded_bytes(contents, admin.MAX_UNLOCODE_BYTES)
        with write_session() as session:
            report = admin.import_unlocode(session, current_principal(), raw)
    except EntryError as exc:
        return ac.error_alert([ac.error_message(e) for e in exc.errors])
    return ac.unlocode_report(report, (filename or "")[:120])


@callback(
    *[Output(ac.feedback_id(c), "children") for c in TAXON_IDS],
    *[Output(c, "invalid") for c in TAXON_IDS],
    Output(ids.ADMIN_TAXON_ALERT, "children"),
    Output(ids.ADMIN_TAXON_SAVED, "data"),
    *[Output(c, "value") for c in TAXON_TEXT_IDS],
    Input(ids.ADMIN_TAXON_ADD, "n_clicks"),
    State(ids.ADMIN_TAXON_FLAGSHIP, "value"),
    *[State(c, "value") for c in TAXON_IDS],
    prevent_initial_call=True,
)
@allow(ADMIN)
def add_taxon(clicks: int | None, flagship: bool | None, *values: Any) -> tuple:
    """Add the taxon; show each field's problem next to it, or confirm."""
    data = admin.TaxonInput(**dict(zip(TAXON_FIELDS, values, strict=True)),
                            flagship=bool(flagship))
    try:
        with write_session() as session:
            name = admin.add_taxon(session, current_principal(), data).scientific_name
    except EntryError as exc:
        messages, invalid, alert = ac.refusal(exc, TAXON_FIELDS)
        return (*messages, *invalid, alert, no_update, *[no_update] * len(TAXON_TEXT_IDS))
    return (*[""] * len(TAXON_IDS), *[False] * len(TAXON_IDS),
            ac.success_alert(_("{name} added to the reference list.").format(name=name)),
            {"name": name, "n": clicks}, *[""] * len(TAXON_TEXT_IDS))


@callback(
    Output(ids.ADMIN_TAXON_TABLE, "children"),
    Input(ids.ADMIN_REFERENCE_OPENED, "data"),
    Input(ids.ADMIN_TAXON_SAVED, "data"),
)
@allow(ADMIN)
def show_recent_taxa(_opened: bool | None, _saved: Any):
    """The taxa added last, when the page opens and after one is added."""
    with read_session() as session:
        frame = admin.recent_taxa(session)
    return ac.taxa_table(frame)
