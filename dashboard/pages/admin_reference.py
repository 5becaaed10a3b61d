"""Admin · Reference data (/admin/reference): import ports from the official UN/LOCODE
code list and add taxa (callbacks/admin_reference.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _, format_number
from dashboard.site import register_page
from dashboard.views.admin import (
    appendix_options,
    field,
    group_options,
    page_header,
    rank_options,
    section,
)
from data_access.admin import MAX_UNLOCODE_BYTES

register_page(__name__)


def _unlocode_form() -> list:
    """The drop zone for a UN/LOCODE part and the place for its import report."""
    limit = format_number(MAX_UNLOCODE_BYTES / (1024 * 1024))
    return [
        dcc.Upload(
            html.Div([
                html.I(className="bi bi-upload fs-3 d-block mb-1", **{"aria-hidden": "true"}),
                _("Drop a UN/LOCODE CSV file here, or "),
                html.Span(_("choose a file"), className="link-primary text-decoration-underline"),
            ]),
            id=ids.ADMIN_UNLOCODE_UPLOAD, accept=".csv,.txt,text/csv", multiple=False,
            max_size=MAX_UNLOCODE_BYTES,
            className="border border-2 border-secondary-subtle rounded text-center p-4 "
                      "bg-body-tertiary",
            className_reject="border-danger",
        ),
        html.Div(_("One part of the code list as published by UNECE (CodeListPart1.csv, "
                   "Part2 or Part3), at most {limit} MB. Only places with coordinates and a "
                   "port, airport, road, mail or terminal function are imported; known codes "
                   "are updated.").format(limit=limit), className="form-text mb-3"),
        dcc.Loading(html.Div(id=ids.ADMIN_UNLOCODE_REPORT, **{"aria-live": "polite"}),
                    type="dot"),
    ]


def _taxon_form() -> list:
    """Scientific name, rank, names in three languages, CITES appendix and group."""
    text = {"type": "text", "autocomplete": "off"}
    return [
        dbc.Row([
            field(_("Scientific name"), dbc.Input(id=ids.ADMIN_TAXON_NAME, maxlength=160,
                                                  **text),
                  ids.ADMIN_TAXON_NAME, _("For example: Manis gigantea."), md=8),
            field(_("Rank"), dbc.Select(id=ids.ADMIN_TAXON_RANK, options=rank_options(),
                                        value="species"), ids.ADMIN_TAXON_RANK, md=4),
        ]),
        dbc.Row([
            field(_("English name"), dbc.Input(id=ids.ADMIN_TAXON_EN, maxlength=160, **text),
                  ids.ADMIN_TAXON_EN, md=4),
            field(_("French name"), dbc.Input(id=ids.ADMIN_TAXON_FR, maxlength=160, **text),
                  ids.ADMIN_TAXON_FR, _("Optional: English is shown when empty."), md=4),
            field(_("Portuguese name"), dbc.Input(id=ids.ADMIN_TAXON_PT, maxlength=160,
                                                  **text),
                  ids.ADMIN_TAXON_PT, _("Optional: English is shown when empty."), md=4),
        ]),
        dbc.Row([
            field(_("Class"), dbc.Input(id=ids.ADMIN_TAXON_CLASS, maxlength=64, **text),
                  ids.ADMIN_TAXON_CLASS, md=4),
            field(_("Order"), dbc.Input(id=ids.ADMIN_TAXON_ORDER, maxlength=64, **text),
                  ids.ADMIN_TAXON_ORDER, md=4),
            field(_("Family"), dbc.Input(id=ids.ADMIN_TAXON_FAMILY, maxlength=64, **text),
                  ids.ADMIN_TAXON_FAMILY, md=4),
        ]),
        dbc.Row([
            field(_("CITES appendix"), dbc.Select(id=ids.ADMIN_TAXON_APPENDIX,
                                                  options=appendix_options(), value="II"),
                  ids.ADMIN_TAXON_APPENDIX, md=4),
            field(_("Group"), dbc.Select(id=ids.ADMIN_TAXON_GROUP, options=group_options(),
                                         value="mammals"),
                  ids.ADMIN_TAXON_GROUP, _("Used to group species in the charts."), md=4),
            dbc.Col(dbc.Checkbox(id=ids.ADMIN_TAXON_FLAGSHIP, value=False,
                                 label=_("Flagship species (shown first in summaries)")),
                    md=4, className="mb-3 pt-md-4"),
        ]),
        dbc.Button([html.I(className="bi bi-plus-circle me-2", **{"aria-hidden": "true"}),
                    _("Add taxon")], id=ids.ADMIN_TAXON_ADD, color="primary"),
        html.Div(id=ids.ADMIN_TAXON_ALERT, **{"aria-live": "polite"}),
        html.Div(id=ids.ADMIN_TAXON_TABLE, className="mt-3"),
    ]


def layout(**_query: str) -> html.Div:
    """UN/LOCODE import and the taxon form."""
    return html.Div([
        page_header(_("Reference data"),
                    _("Ports from the official UN/LOCODE list, and the taxa that seizures "
                      "can name. Every change is audited."), paths.ADMIN_REFERENCE),
        dcc.Store(id=ids.ADMIN_REFERENCE_OPENED, data=True),
        dcc.Store(id=ids.ADMIN_TAXON_SAVED),
        section(_("Import ports from UN/LOCODE"), _unlocode_form()),
        section(_("Add a taxon"), _taxon_form()),
    ])
