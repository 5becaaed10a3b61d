"""Reading an uploaded seizure spreadsheet (CSV or XLSX) into rows of raw cell values.

Nothing is interpreted here beyond the file format: which columns are there, which rows
have data, and which cells hold a formula without a saved value. Refusals of the file as
a whole raise ImportRefused with an ErrorCode.

A workbook is checked for decompression bombs first (xlsx_checks.py) and then read by
openpyxl in a child process with a memory and CPU limit (isolation.py), so that a crafted
file is refused instead of taking the process that reads it down. CSV files are read
here: their size is the upload's, nothing unpacks.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from data_access.cites import normalise_text
from data_access.errors import ErrorCode, ImportRefused
from data_access.importer.columns import COLUMN_NAMES, REQUIRED_COLUMNS
from data_access.importer.isolation import ChildLimits, run_isolated
from data_access.importer.refusal import refuse
from data_access.importer.xlsx_checks import SheetFacts, check_workbook

Progress = Callable[[str, int, int], None]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C1 control characters never appear in real text: seeing them after decoding means the
# bytes were not UTF-8, Windows-1252 or Latin-1 text.
_C1_CONTROLS = re.compile("[\x00\x80-\x9f]")
_HEADER_CLEAN = re.compile(r"[^a-z0-9]+")


__all__ = ["ImportLimits", "Progress", "RawTable", "read_table"]


@dataclass(frozen=True)
class ImportLimits:
    """Largest file accepted (bytes) and most data rows; what a workbook may unpack to,
    and what reading it may cost (see xlsx_checks.py and isolation.py)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    # The zip directory of a workbook: parts, one part's and all parts' unpacked bytes,
    # and unpacked / packed size of a part (spreadsheet programs write about 5 to 20).
    max_parts: int = 500
    max_part_bytes: int = 150 * 1024 * 1024
    max_unpacked_bytes: int = 250 * 1024 * 1024
    max_compression_ratio: int = 100
    # Longest text of one cell (32,767 is the most a spreadsheet program lets one hold).
    max_cell_chars: int = 32_767
    # Empty rows in a row before more data: more is refused (trailing ones are skipped).
    max_empty_rows: int = 1_000
    # The child process that reads a workbook: memory above its start, CPU seconds.
    read_memory_bytes: int = 1024 * 1024 * 1024
    read_seconds: int = 300

    @classmethod
    def from_settings(cls, settings: Any) -> ImportLimits:
        """The limits from an object with the same attribute names (`[imports]`)."""
        return cls(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(cls)
                      if hasattr(settings, f.name)})

    def child(self) -> ChildLimits:
        """What the child process that reads a workbook may use."""
        return ChildLimits(memory_bytes=self.read_memory_bytes, seconds=self.read_seconds,
                           result_bytes=self.max_unpacked_bytes)


@dataclass
class RawTable:
    """The data rows of a file: (spreadsheet row number, {column: raw value})."""

    file_type: str  # "csv" or "xlsx"
    columns: tuple[str, ...]  # template columns present, in file order
    ignored_columns: tuple[str, ...]  # other headers, as written
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # (row, column) of formula cells without a saved value.
    formula_cells: set[tuple[int, str]] = field(default_factory=set)
    # (row, expected cells, found cells) of CSV rows with too many cells.
    malformed_rows: list[tuple[int, int, int]] = field(default_factory=list)
    separator: str = ""
    encoding: str = ""


def header_key(text: Any) -> str:
    """A header cell as a column name: "Seizure date" and "SEIZURE-DATE" -> seizure_date."""
    if text is None:
        return ""
    return _HEADER_CLEAN.sub("_", normalise_text(str(text))).strip("_")


def _map_header(cells: list[Any]) -> tuple[list[str | None], tuple[str, ...], tuple[str, ...]]:
    """Column name of each header position (None: ignored), the present and ignored ones."""
    mapping: list[str | None] = []
    present: list[str] = []
    ignored: list[str] = []
    for cell in cells:
        key = header_key(cell)
        if key in COLUMN_NAMES and key not in present:
            mapping.append(key)
            present.append(key)
        else:
            mapping.append(None)
            if key:
                ignored.append(str(cell).strip())
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise refuse(ErrorCode.MISSING_COLUMNS, columns=missing)
    return mapping, tuple(present), tuple(ignored)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def detect_type(content: bytes, filename: str) -> str:
    """"csv" or "xlsx", or ImportRefused for other files and macro workbooks."""
    extension = PurePath(filename or "").suffix.lower()
    if extension in MACRO_EXTENSIONS:
        raise refuse(ErrorCode.MACRO_WORKBOOK)
    if content.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise refuse(ErrorCode.UNREADABLE_WORKBOOK) from None
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise refuse(ErrorCode.MACRO_WORKBOOK)
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise refuse(ErrorCode.UNSUPPORTED_FILE_TYPE, extension=extension)
    if extension in XLSX_EXTENSIONS:
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK)
    if content.startswith(OLE_MAGIC) or extension not in CSV_EXTENSIONS:
        raise refuse(ErrorCode.UNSUPPORTED_FILE_TYPE, extension=extension)
    return "csv"


def read_table(content: bytes, filename: str, limits: ImportLimits | None = None,
               progress: Progress | None = None) -> RawTable:
    """Read a CSV or XLSX upload into a RawTable, or raise ImportRefused."""
    limits = limits or ImportLimits()
    if len(content) > limits.max_bytes:
        raise refuse(ErrorCode.FILE_TOO_LARGE, size=len(content), limit=limits.max_bytes)
    kind = detect_type(content, filename)
    if kind == "xlsx":
        table = run_isolated(read_xlsx, (content, limits), limits.child(), progress)
    else:
        table = _read_csv(content, limits, progress)
    if not table.rows:
        raise refuse(ErrorCode.EMPTY_FILE)
    return table


# ---------------------------------------------------------------------------------------
# CSV


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else Windows-1252, else Latin-1."""
    if content.startswith(UTF16_BOMS) or b"\x00" in content[:4096]:
        raise refuse(ErrorCode.UNSUPPORTED_ENCODING)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _C1_CONTROLS.search(text):
            raise refuse(ErrorCode.UNSUPPORTED_ENCODING)
        return text, encoding
    raise refuse(ErrorCode.UNSUPPORTED_ENCODING)  # pragma: no cover - latin-1 decodes all


def sniff_separator(text: str) -> str:
    """The separator of the header line: ";" or "," (or a tab), whichever is most used."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _read_csv(content: bytes, limits: ImportLimits, progress: Progress | None) -> RawTable:
    """Rows of a CSV file; row numbers count records, the header being row 1."""
    text, encoding = decode_text(content)
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    table: RawTable | None = None
    mapping: list[str | None] = []
    record = 0
    try:
        for cells in reader:
            record += 1
            if table is None:
                if all(_blank(c) for c in cells):
                    continue
                mapping, present, ignored = _map_header(cells)
                table = RawTable("csv", present, ignored, separator=separator,
                                 encoding=encoding)
                continue
            if all(_blank(c) for c in cells):
                continue
            if len(table.rows) >= limits.max_rows:
                raise refuse(ErrorCode.TOO_MANY_ROWS, limit=limits.max_rows)
            if max(map(len, cells)) > limits.max_cell_chars:
                raise refuse(ErrorCode.CELL_TOO_LONG, limit=limits.max_cell_chars)
            if len(cells) > len(mapping) and any(not _blank(c) for c in cells[len(mapping):]):
                # Kept (its seizure must be rejected with it) but flagged.
                table.malformed_rows.append((record, len(mapping), len(cells)))
            table.rows.append((record, {name: cells[i] for i, name in enumerate(mapping)
                                        if name is not None and i < len(cells)}))
            if progress and record % 5000 == 0:
                progress("read", record, 0)
    except csv.Error:
        raise refuse(ErrorCode.MALFORMED_CSV, line=reader.line_num) from None
    if table is None:
        raise refuse(ErrorCode.EMPTY_FILE)
    return table


# ---------------------------------------------------------------------------------------
# XLSX


def _sheet(workbook: Any) -> Any:
    """The data sheet: one named "seizures" if there is one, else the first."""
    for sheet in workbook.worksheets:
        if header_key(sheet.title) == "seizures":
            return sheet
    return workbook.worksheets[0]


def _facts(sheet: Any, facts: dict[str, SheetFacts]) -> SheetFacts:
    """What the streaming check learnt about the sheet's part (openpyxl's read-only sheet
    names it; failing that, the union of every sheet's)."""
    part = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    if part in facts:
        return facts[part]
    return SheetFacts(has_formulas=any(f.has_formulas for f in facts.values()),
                      last_value_row=max((f.last_value_row for f in facts.values()),
                                         default=0))


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of every row, numbered as the spreadsheet shows them."""
    sheet.reset_dimensions()  # some writers record wrong dimensions; read everything
    yield from enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)


def read_xlsx(content: bytes, limits: ImportLimits, progress: Progress | None = None
              ) -> RawTable:
    """Rows of the workbook's data sheet, with the saved values of formula cells; run
    in the reading child process (read_table), where running out of memory is safe."""
    facts = check_workbook(content, limits)
    return _read_xlsx(content, limits, progress, facts)


def _read_xlsx(content: bytes, limits: ImportLimits, progress: Progress | None,
               facts: dict[str, SheetFacts]) -> RawTable:
    """Rows of the data sheet, up to its last row holding a value."""
    import openpyxl  # imported here: only imports need it, and it is slow to import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True,
                                          data_only=True)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - any failure to open means a damaged workbook
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK) from None
    try:
        sheet = _sheet(workbook)
        sheet_facts = _facts(sheet, facts)
        total = sheet_facts.last_value_row
        table: RawTable | None = None
        mapping: list[str | None] = []
        header_row = last_row = 0
        for number, values in _rows(sheet):
            if number > sheet_facts.last_value_row:
                break  # only empty rows follow (formatting often reaches far down)
            cells = [_plain(v) for v in values]
            if all(_blank(c) for c in cells):
                # Data follows (the check saw a value further down): a long gap is a
                # million blank rows, not a spreadsheet someone filled in.
                if number - last_row > limits.max_empty_rows:
                    raise refuse(ErrorCode.TOO_MANY_EMPTY_ROWS, limit=limits.max_empty_rows,
                                 row=last_row)
                continue
            last_row = number
            if table is None:
                mapping, present, ignored = _map_header(cells)
                table = RawTable("xlsx", present, ignored)
                header_row = number
                continue
            if len(table.rows) >= limits.max_rows:
                raise refuse(ErrorCode.TOO_MANY_ROWS, limit=limits.max_rows)
            table.rows.append((number, {name: cells[i] for i, name in enumerate(mapping)
                                        if name is not None and i < len(cells)}))
            if progress and number % 5000 == 0:
                progress("read", number, total)
    except (ImportRefused, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK) from None
    finally:
        workbook.close()
    if table is None:
        raise refuse(ErrorCode.EMPTY_FILE)
    if sheet_facts.has_formulas:
        table.formula_cells = _formulas_without_values(content, table, mapping, header_row)
    return table


def _formulas_without_values(content: bytes, table: RawTable, mapping: list[str | None],
                             header_row: int) -> set[tuple[int, str]]:
    """(row, column) of template cells holding a formula whose saved value is missing."""
    import openpyxl

    blank_cells = {(number, name) for number, values in table.rows for name in mapping
                   if name is not None and _blank(values.get(name))}
    found: set[tuple[int, str]] = set()
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        last_row = max((number for number, _values in table.rows), default=header_row)
        for number, values in _rows(_sheet(workbook)):
            if number > last_row:
                break
            if number <= header_row:
                continue
            for i, value in enumerate(values):
                name = mapping[i] if i < len(mapping) else None
                if name and isinstance(value, str) and value.startswith("=") and \
                        (number, name) in blank_cells:
                    found.add((number, name))
    finally:
        workbook.close()
    return found


def _plain(value: Any) -> Any:
    """A cell value as the row parser expects: text trimmed; whole floats as ints."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
