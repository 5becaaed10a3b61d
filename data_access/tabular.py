"""The one way the app and the command line write spreadsheet files (CSV and XLSX).

Text that a spreadsheet would run as a formula is made inert (OWASP "CSV injection"): a
cell whose text starts with = + - @, a tab or a carriage return (or the full-width
＝ ＋ － ＠, which some spreadsheets fold to the ASCII ones) gets a leading apostrophe in CSV
and is stored as plain text in XLSX. Numbers stay numbers, and so does text that is a plain
number ("-3", "+2.5": a spreadsheet reads it as that number and nothing else), so that a
rejected row shows the quantity as the user typed it; "-3+cmd|..." is not a plain number.
tests/test_safe_csv.py fails when any other module of the app writes CSV or XLSX.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"
# A signed decimal number and nothing else (ASCII digits only).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    return text.startswith(FORMULA_STARTS) and PLAIN_NUMBER.fullmatch(text) is None


def inert_text(text: str) -> str:
    """Text that no spreadsheet runs: formula-like text gets a leading apostrophe."""
    return QUOTE + text if is_formula_like(text) else text


def inert_cell(value: object) -> object:
    """A cell value safe to write: numbers as they are, missing values empty, anything
    else as inert text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, numbers.Real):  # numpy numbers too
        return "" if math.isnan(value) else value
    return inert_text(str(value))


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows (the header first) as CSV text with every cell made inert."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: the writer then quotes any cell holding a CR or an LF (with
    # "\n" alone a bare CR is written unquoted and splits the row in a spreadsheet).
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([inert_cell(value) for value in row])
    return buffer.getvalue()


def append_xlsx_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row to an openpyxl worksheet: numbers as numbers, anything else as text
    that the spreadsheet stores and shows as typed, never as a formula."""
    cells = [value if value is None or isinstance(value, numbers.Real) else str(value)
             for value in values]
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            # openpyxl makes any text starting with "=" a formula: the text type keeps it
            # text, and the quote-prefix style keeps it text when a user edits the cell.
            cell.data_type = "s"
            if is_formula_like(cell.value):
                cell.quotePrefix = True


def new_workbook() -> Any:
    """An empty openpyxl workbook (write its rows with append_xlsx_row)."""
    from openpyxl import Workbook  # imported here: only the XLSX template needs it

    return Workbook()
