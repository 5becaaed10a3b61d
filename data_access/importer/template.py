"""The empty import templates: a CSV header line, and an XLSX workbook whose first sheet
takes the data and whose second sheet documents every column."""

from __future__ import annotations

import io
from collections.abc import Callable

from data_access.importer.columns import COLUMNS
from data_access.tabular import append_xlsx_row, csv_text, new_workbook

DATA_SHEET = "seizures"
DOC_SHEET = "columns"
DOC_HEADERS = ("Column", "Level", "Required", "Meaning", "Accepted values", "Example")


def template_csv() -> bytes:
    """The CSV template: the header line, UTF-8 with a BOM so spreadsheets read accents."""
    return ("\ufeff" + csv_text([[c.name for c in COLUMNS]])).encode("utf-8")


def template_xlsx(translate: Callable[[str], str] | None = None) -> bytes:
    """The XLSX template; `translate` (e.g. the dashboard's gettext) localises the docs."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    tr = translate or (lambda text: text)
    workbook = new_workbook()
    data = workbook.active
    data.title = DATA_SHEET
    append_xlsx_row(data, [c.name for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.name == "seizure_date":
            # Typed dates become real date cells.
            for row in range(2, 1002):
                data.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    data.freeze_panes = "A2"

    docs = workbook.create_sheet(DOC_SHEET)
    append_xlsx_row(docs, [tr(h) for h in DOC_HEADERS])
    for cell in docs[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        append_xlsx_row(docs, [column.name, tr(column.level),
                               tr("yes") if column.required else tr("no"), tr(column.meaning),
                               tr(column.accepted), column.example])
    for letter, width in zip("ABCDEF", (22, 10, 10, 60, 60, 28), strict=True):
        docs.column_dimensions[letter].width = width
    for row in docs.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    docs.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
