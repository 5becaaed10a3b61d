""""Our entries" on the entry page: the country's seizures in an AG Grid, shown as plain
text (no cell renderers or formatter functions: nothing typed by a user is ever run or
rendered as HTML, and the CSP allows no eval)."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import pandas as pd

from dashboard import ids
from dashboard.i18n import _, format_date
from dashboard.ui import labels

ROW_ID = "id"


class GridColumns:
    """Fields of the grid's rows."""

    ID = ROW_ID
    DATE = "date"
    REFERENCE = "reference"
    PLACE = "place"
    SPECIES = "species"
    ITEMS = "items"
    MODE = "mode"
    STATUS = "status"
    CHANGED = "changed"
    VERSION = "version"
    WITHDRAWN = "withdrawn"


def column_defs() -> list[dict[str, Any]]:
    """Columns in the user's language."""
    return [
        {"field": GridColumns.DATE, "headerName": _("Date"), "width": 130, "sort": "desc"},
        {"field": GridColumns.REFERENCE, "headerName": _("National reference"), "width": 170},
        {"field": GridColumns.PLACE, "headerName": _("Port or place"), "flex": 1,
         "minWidth": 160},
        {"field": GridColumns.SPECIES, "headerName": _("Species"), "flex": 2, "minWidth": 200},
        {"field": GridColumns.ITEMS, "headerName": _("Items"), "width": 90, "type":
         "numericColumn"},
        {"field": GridColumns.MODE, "headerName": _("Transport"), "width": 150},
        {"field": GridColumns.STATUS, "headerName": _("Status"), "width": 140},
        {"field": GridColumns.CHANGED, "headerName": _("Last change"), "width": 240},
    ]


def _status(row: Any) -> str:
    if row.deleted:
        return _("Withdrawn")
    return _("Verified") if row.status == "verified" else _("Provisional")


def row_data(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The grid's rows from list_entries()."""
    rows = []
    for row in frame.itertuples():
        changed_at = pd.Timestamp(row.updated_at)
        rows.append({
            GridColumns.ID: int(row.id),
            GridColumns.DATE: row.seizure_date.isoformat(),
            GridColumns.REFERENCE: row.national_reference,
            GridColumns.PLACE: row.location_name if isinstance(row.location_name, str)
            else _("Country level"),
            GridColumns.SPECIES: row.species or "",
            GridColumns.ITEMS: int(row.items),
            GridColumns.MODE: labels.label(labels.TRANSPORT_MODES, row.transport_mode),
            GridColumns.STATUS: _status(row),
            GridColumns.CHANGED: f"{format_date(changed_at.date())} "
                                 f"{changed_at.strftime('%H:%M')} UTC · {row.updated_by or ''}",
            GridColumns.VERSION: int(row.version),
            GridColumns.WITHDRAWN: bool(row.deleted),
        })
    return rows


def grid_texts() -> dict[str, str]:
    """AG Grid's own words (pagination, filters) in the user's language."""
    return {
        "noRowsToShow": _("No seizures entered yet for this operation."),
        "page": _("Page"), "of": _("of"), "to": _("to"),
        "pageSizeSelectorLabel": _("Rows per page:"),
        "filterOoo": _("Filter…"), "contains": _("Contains"),
        "notContains": _("Does not contain"), "equals": _("Equals"),
        "notEqual": _("Does not equal"), "startsWith": _("Begins with"),
        "endsWith": _("Ends with"), "blank": _("Blank"), "notBlank": _("Not blank"),
        "andCondition": _("AND"), "orCondition": _("OR"),
        "lessThan": _("Less than"), "greaterThan": _("Greater than"),
    }


def entries_grid() -> dag.AgGrid:
    """The empty grid; a callback fills it."""
    return dag.AgGrid(
        id=ids.REPORT_GRID,
        columnDefs=column_defs(),
        rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": True,
                             "enableClickSelection": True},
            "pagination": True, "paginationPageSize": 20,
            "localeText": grid_texts(),
        },
        style={"height": "460px"},
        className="ag-theme-quartz",
    )

