"""Spreadsheet decompression bombs: refused with a coded message before they cost memory,
on both paths that read spreadsheets (the upload page's job and `jointops import`), and a
workbook that costs more than the reading child may use is a refusal, not a dead worker.

The bombs are made here at run time (never committed); `write_bomb` streams the deflated
parts so that making one costs no memory. scripts measuring peak memory import them too.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from dashboard.ui.codes import SENTENCES
from data_access.errors import ErrorCode, ImportRefused
from data_access.importer import COLUMN_NAMES
from data_access.importer.reading import ImportLimits, read_table
from tests import test_cli_import as cli
from tests import test_report_upload as page
from tests.callback_outputs import text_of
from tests.test_cli_import import jointops, stored
from tests.test_report_upload import Private, show, upload, user_id

# The fixtures of the command line's and the upload page's tests, shared.
setup = cli.setup
private_db = page.private_db
MB = 1024 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="seizures" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xml_row(number: int, values: Iterable[str]) -> str:
    """One sheet row of inline strings."""
    cells = "".join(f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values) if v)
    return f'<row r="{number}">{cells}</row>'


def data_row(number: int, reference: str = "KE-BOMB-1") -> str:
    """A plausible data row (its validity does not matter: bombs are refused before)."""
    values = dict.fromkeys(COLUMN_NAMES, "")
    values.update(national_reference=reference, seizure_date="2026-03-02",
                  location_code="NBO", species="Loxodonta africana", cites_term="TUS",
                  quantity="2", unit="kg")
    return xml_row(number, (values[c] for c in COLUMN_NAMES))


def write_bomb(sheet: Iterable[str], shared: Iterable[str] = ("<sst/>",),
               extra_parts: int = 0) -> bytes:
    """A workbook whose sheet and shared strings are written from pieces (streamed and
    deflated: a gigabyte of sheet costs a megabyte here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, pieces in (("xl/worksheets/sheet1.xml", sheet),
                             ("xl/sharedStrings.xml", shared)):
            with archive.open(name, "w", force_zip64=True) as part:
                for piece in pieces:
                    part.write(piece.encode("utf-8"))
        for i in range(extra_parts):
            archive.writestr(f"docProps/custom{i}.xml", "<x/>")
    return buffer.getvalue()


def _sheet(middle: Iterable[str], end: Iterable[str] = ()) -> Iterator[str]:
    """Sheet XML: the header row, `middle`, a data row, `end`."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
    yield xml_row(1, COLUMN_NAMES)
    yield from middle
    yield data_row(2)
    yield from end
    yield "</sheetData></worksheet>"


def _repeat(text: str, size: int) -> Iterator[str]:
    """`size` characters of `text`, in megabyte pieces."""
    piece = text * (MB // len(text))
    for _ in range(size // len(piece)):
        yield piece


def whitespace_bomb(size: int) -> bytes:
    """A valid workbook with `size` bytes of whitespace inside its sheet (the issue's
    1 MB file that unpacks to 1 GB)."""
    return write_bomb(_sheet(_repeat(" \n", size)))


def shared_string_bomb(size: int) -> bytes:
    """A workbook whose one shared string is `size` characters long."""
    shared = ('<?xml version="1.0" encoding="UTF-8"?>'
              f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>',
              *_repeat("a", size), "</t></si></sst>")
    return write_bomb(_sheet(()), shared)


def blank_rows_bomb(blank: int, data_after: bool) -> bytes:
    """A header, one data row, `blank` empty rows, and (or not) another data row."""
    def rows() -> Iterator[str]:
        # Styled cells without a value: what "formatting down to the bottom" writes.
        for number in range(3, blank + 3):
            yield f'<row r="{number}"><c r="A{number}" s="1"/><c r="B{number}" s="1"/></row>'
        if data_after:
            yield data_row(blank + 3, "KE-BOMB-2")
    return write_bomb(_sheet((), rows()))


def many_strings_workbook(count: int, length: int = 30_000) -> bytes:
    """A workbook of `count` distinct shared strings of `length` characters, each within
    the cell limit: count * length characters that openpyxl holds while reading."""
    def strings() -> Iterator[str]:
        yield ('<?xml version="1.0" encoding="UTF-8"?>'
               f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">')
        for i in range(count):
            yield f"<si><t>{f'{i:08d}' * (length // 8)}</t></si>"
        yield "</sst>"
    return write_bomb(_sheet(()), strings())


def rows_workbook(count: int) -> bytes:
    """A valid, ordinary workbook of `count` data rows (no bomb)."""
    return write_bomb(_sheet((), (data_row(n, f"KE-ROW-{n}") for n in range(3, count + 2))))


def refusal(content: bytes, limits: ImportLimits | None = None) -> ImportRefused:
    """The refusal of reading `content` as an upload."""
    with pytest.raises(ImportRefused) as refused:
        read_table(content, "bomb.xlsx", limits)
    return refused.value


# ---------------------------------------------------------------------------------------
# The archive is judged before anything is unpacked


def test_a_sheet_that_unpacks_to_gigabytes_is_refused_by_its_size() -> None:
    content = whitespace_bomb(200 * MB)  # over the 150 MB a part may unpack to
    assert len(content) < 1 * MB
    # The size is what a user can act on, so it is judged before the ratio.
    error = refusal(content, ImportLimits(max_compression_ratio=10**6)).errors[0]
    assert error.code == ErrorCode.UNPACKED_TOO_LARGE
    assert error.params == {"size": 201, "limit": 150}
    assert refusal(content).errors[0].code in (ErrorCode.UNPACKED_TOO_LARGE,
                                               ErrorCode.WORKBOOK_TOO_COMPRESSED)


def test_all_parts_together_are_limited_too() -> None:
    content = whitespace_bomb(20 * MB)
    limits = ImportLimits(max_unpacked_bytes=10 * MB, max_compression_ratio=10**6)
    error = refusal(content, limits).errors[0]
    assert (error.code, error.params["limit"]) == (ErrorCode.UNPACKED_TOO_LARGE, 10)


def test_a_part_packed_tighter_than_any_spreadsheet_program_is_refused() -> None:
    content = whitespace_bomb(20 * MB)  # small enough for the size limits
    error = refusal(content).errors[0]
    assert error.code == ErrorCode.WORKBOOK_TOO_COMPRESSED
    assert error.params["limit"] == 100 and error.params["ratio"] > 100


def test_a_workbook_of_too_many_parts_is_refused() -> None:
    error = refusal(write_bomb(_sheet(()), extra_parts=600)).errors[0]
    assert error.code == ErrorCode.WORKBOOK_TOO_MANY_PARTS
    assert error.params == {"count": 606, "limit": 500}


# ---------------------------------------------------------------------------------------
# The parts are streamed: texts capped as they arrive, empty rows


def test_the_issues_400_mb_shared_string_is_refused() -> None:
    content = shared_string_bomb(400 * MB)
    assert len(content) < 1 * MB
    assert refusal(content).errors[0].code in (ErrorCode.UNPACKED_TOO_LARGE,
                                               ErrorCode.WORKBOOK_TOO_COMPRESSED)


def test_a_shared_string_longer_than_a_cell_may_hold_is_refused() -> None:
    # Within every size and ratio limit: the streaming check counts its characters.
    content = shared_string_bomb(2 * MB)
    error = refusal(content, ImportLimits(max_compression_ratio=10**6)).errors[0]
    assert (error.code, error.params) == (ErrorCode.CELL_TOO_LONG, {"limit": 32_767})


def test_whitespace_between_cells_counts_as_a_text_too() -> None:
    content = whitespace_bomb(1 * MB)
    error = refusal(content, ImportLimits(max_compression_ratio=10**6)).errors[0]
    assert error.code == ErrorCode.CELL_TOO_LONG


def test_a_long_cell_of_a_csv_file_is_refused() -> None:
    header = ",".join(COLUMN_NAMES)
    content = f"{header}\nKE-1,2026-03-02,{'x' * 40_000}\n".encode()
    with pytest.raises(ImportRefused) as refused:
        read_table(content, "long.csv")
    assert refused.value.errors[0].code == ErrorCode.CELL_TOO_LONG


def test_a_long_run_of_empty_rows_before_more_data_is_refused() -> None:
    error = refusal(blank_rows_bomb(5_000, data_after=True)).errors[0]
    assert error.code == ErrorCode.TOO_MANY_EMPTY_ROWS
    assert error.params == {"limit": 1_000, "row": 2}


def test_empty_rows_after_the_data_end_the_reading() -> None:
    # Formatting "down to the bottom" is common: the data is read, the rest skipped.
    table = read_table(blank_rows_bomb(100_000, data_after=False), "formatted.xlsx")
    assert [number for number, _values in table.rows] == [2]
    table = read_table(blank_rows_bomb(500, data_after=True), "gap.xlsx")
    assert [number for number, _values in table.rows] == [2, 503]


def test_a_doctype_is_refused() -> None:
    # Entities are how an XML file of a kilobyte expands to gigabytes.
    sheet = ['<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
             f'<worksheet xmlns="{_MAIN}"><sheetData>', xml_row(1, COLUMN_NAMES),
             data_row(2), "</sheetData></worksheet>"]
    assert refusal(write_bomb(sheet)).errors[0].code == ErrorCode.UNREADABLE_WORKBOOK


def test_an_ordinary_workbook_reads_as_before() -> None:
    table = read_table(rows_workbook(300), "ordinary.xlsx")
    assert len(table.rows) == 300 and table.rows[1][1]["national_reference"] == "KE-ROW-3"
    assert table.rows[-1][0] == 301 and table.file_type == "xlsx"


# ---------------------------------------------------------------------------------------
# The reading child: out of memory or time is a refusal


def test_a_workbook_needing_more_memory_than_the_child_may_use_is_refused() -> None:
    # 120 MB of shared strings, each within every limit but the child's memory.
    content = many_strings_workbook(4_000)
    tight = ImportLimits(read_memory_bytes=8 * MB, max_compression_ratio=10**6)
    assert refusal(content, tight).errors[0].code == ErrorCode.FILE_TOO_HEAVY
    # The same file reads with the default allowance: the limit, not the file, refused it.
    roomy = ImportLimits(max_compression_ratio=10**6)
    assert len(read_table(content, "strings.xlsx", roomy).rows) == 1


def test_a_workbook_needing_more_time_than_the_child_may_use_is_refused() -> None:
    error = refusal(rows_workbook(20_000), ImportLimits(read_seconds=1)).errors[0]
    assert error.code == ErrorCode.FILE_TOO_HEAVY


def test_every_new_code_has_a_message() -> None:
    for code in (ErrorCode.UNPACKED_TOO_LARGE, ErrorCode.WORKBOOK_TOO_COMPRESSED,
                 ErrorCode.WORKBOOK_TOO_MANY_PARTS, ErrorCode.CELL_TOO_LONG,
                 ErrorCode.TOO_MANY_EMPTY_ROWS, ErrorCode.FILE_TOO_HEAVY):
        assert SENTENCES[code]


# ---------------------------------------------------------------------------------------
# Both paths: the upload page's job and the command line


def test_the_command_line_refuses_a_bomb(setup, tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(whitespace_bomb(200 * MB))
    code = jointops(setup, str(bomb), "--operation", setup[1], "--country", "KEN")
    assert code == 2
    assert "The workbook is too large once unpacked (201 MB; at most 150 MB)." \
        in capsys.readouterr().err
    assert stored(setup) == (0, 0)


def test_the_upload_page_refuses_a_bomb_and_drops_it(private_db: Private) -> None:
    job = upload(private_db, "fp-ken", shared_string_bomb(400 * MB), "bomb.xlsx")
    _progress, report, _poll, all_disabled, valid_disabled, hidden = show(
        private_db, "fp-ken", job)
    assert "The file was not accepted." in text_of(report)
    assert "The workbook is too large once unpacked (401 MB; at most 150 MB)." \
        in text_of(report) or "packed far tighter" in text_of(report)
    assert all_disabled and valid_disabled and hidden
    stored_upload = private_db.store.get(user_id(private_db, "fp-ken"), job["token"])
    assert not stored_upload.has_content  # a refused file is not kept


def test_the_upload_page_refuses_a_file_too_heavy_for_the_reading_child(
        private_db: Private, monkeypatch) -> None:
    settings = private_db.app.server.config["JOINTOPS_SETTINGS"]
    imports = dataclasses.replace(settings.imports, read_memory_bytes=8 * MB,
                                  max_compression_ratio=10**6)
    monkeypatch.setitem(private_db.app.server.config, "JOINTOPS_SETTINGS",
                        dataclasses.replace(settings, imports=imports))
    job = upload(private_db, "fp-ken", many_strings_workbook(4_000), "heavy.xlsx")
    _progress, report, *_rest = show(private_db, "fp-ken", job)
    assert "Reading the file needs more memory or time than the server allows." \
        in text_of(report)
