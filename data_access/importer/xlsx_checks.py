"""Checks of an XLSX archive before openpyxl reads it: decompression bombs refused.

An XLSX file is a zip of XML parts; a few hundred kilobytes can unpack to gigabytes (a
sheet of whitespace, one shared string of 400 MB, a million empty rows). Two cheap passes
run first. The zip's directory gives every part's unpacked size: too many parts, too
large a part or a whole, or a ratio no spreadsheet program writes, are refused without
unpacking anything. Then every XML part is streamed through expat in chunks, never held
whole: a text longer than a cell may hold is refused as soon as it is seen, a DOCTYPE
(entity expansion) is refused, and each worksheet's formulas and last row holding a
value are noted so that reading can stop where the data ends.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any, Protocol
from xml.parsers import expat

from data_access.errors import ErrorCode
from data_access.importer.refusal import refuse

_MB = 1024 * 1024
_CHUNK = 1024 * 1024
# Small parts compress little in absolute terms; the ratio is judged on larger ones only.
_RATIO_FLOOR_BYTES = _MB
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEET_PREFIX = "xl/worksheets/"
# Elements whose text is one cell's text (shared string or inline string).
_TEXT_HOLDERS = ("si", "is")


class ArchiveLimits(Protocol):
    """The fields of reading.ImportLimits these checks use."""

    max_parts: int
    max_part_bytes: int
    max_unpacked_bytes: int
    max_compression_ratio: int
    max_cell_chars: int


@dataclass
class SheetFacts:
    """What the streaming pass learnt about one worksheet part."""

    has_formulas: bool = False
    last_value_row: int = 0  # last row with a cell that holds a value or a formula


def _mb(size: int) -> int:
    """Bytes as whole megabytes, rounded up (a message never says 0 MB of too much)."""
    return -(-size // _MB)


def check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Refuse an archive whose directory announces a bomb (nothing is unpacked)."""
    entries = archive.infolist()
    if len(entries) > limits.max_parts:
        raise refuse(ErrorCode.WORKBOOK_TOO_MANY_PARTS, count=len(entries),
                     limit=limits.max_parts)
    total = 0
    for entry in entries:
        if entry.file_size > limits.max_part_bytes:
            raise refuse(ErrorCode.UNPACKED_TOO_LARGE, size=_mb(entry.file_size),
                         limit=_mb(limits.max_part_bytes))
        if entry.file_size > _RATIO_FLOOR_BYTES:
            ratio = entry.file_size // max(entry.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise refuse(ErrorCode.WORKBOOK_TOO_COMPRESSED, ratio=ratio,
                             limit=limits.max_compression_ratio)
        total += entry.file_size
    if total > limits.max_unpacked_bytes:
        raise refuse(ErrorCode.UNPACKED_TOO_LARGE, size=_mb(total),
                     limit=_mb(limits.max_unpacked_bytes))


class _PartScanner:
    """Expat handlers for one XML part: text lengths, formulas, rows with values."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.facts = SheetFacts()
        self._run = 0  # characters of the text being read, since the last tag
        self._holder = 0  # characters of the current shared or inline string
        self._in_holder = False
        self._row = 0
        self._cell_has_value = False
        self._in_value = False

    def parser(self) -> Any:
        """An expat parser wired to this scanner."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.doctype
        return parser

    def doctype(self, *_args: Any) -> None:
        # No spreadsheet part has a DOCTYPE; one is there to declare entities.
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self._run = 0
        tag = name.rpartition("}")[2]
        if tag == "row":
            number = attributes.get("r", "")
            # As openpyxl counts: a row without a number follows the previous one.
            self._row = int(number) if number.isdigit() else self._row + 1
        elif tag == "c":
            self._cell_has_value = False
        elif tag == "f":
            self.facts.has_formulas = True
            self._cell_has_value = True
        elif tag in ("v", "t"):
            self._in_value = True
        if tag in _TEXT_HOLDERS:
            self._in_holder, self._holder = True, 0

    def end(self, name: str) -> None:
        self._run = 0
        tag = name.rpartition("}")[2]
        if tag in ("v", "t"):
            self._in_value = False
        elif tag in _TEXT_HOLDERS:
            self._in_holder = False
        elif tag == "c" and self._cell_has_value:
            self.facts.last_value_row = max(self.facts.last_value_row, self._row)

    def text(self, data: str) -> None:
        # Lengths are counted as the text streams in: a long text is refused before it is
        # whole in memory (expat hands it over in pieces of buffer_size).
        self._run += len(data)
        if self._in_holder:
            self._holder += len(data)
        if self._run > self.max_chars or self._holder > self.max_chars:
            raise refuse(ErrorCode.CELL_TOO_LONG, limit=self.max_chars)
        if self._in_value and not self._cell_has_value and data.strip():
            self._cell_has_value = True


def _scan_part(archive: zipfile.ZipFile, name: str, max_chars: int) -> SheetFacts:
    """Stream one XML part through expat in chunks."""
    scanner = _PartScanner(max_chars)
    parser = scanner.parser()
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK) from None
    return scanner.facts


def scan_parts(archive: zipfile.ZipFile, limits: ArchiveLimits) -> dict[str, SheetFacts]:
    """Stream every XML part; return the facts of each worksheet part by name."""
    sheets: dict[str, SheetFacts] = {}
    for entry in archive.infolist():
        name = entry.filename
        if entry.is_dir() or not name.lower().endswith(_XML_SUFFIXES):
            continue
        facts = _scan_part(archive, name, limits.max_cell_chars)
        if name.startswith(_SHEET_PREFIX):
            sheets[name] = facts
    return sheets


def check_workbook(content: bytes, limits: ArchiveLimits) -> dict[str, SheetFacts]:
    """Both passes over an XLSX file's bytes; the worksheets' facts by part name."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_archive(archive, limits)
            return scan_parts(archive, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError, ValueError):
        # A damaged zip (bad CRC, unknown compression, truncated, encrypted).
        raise refuse(ErrorCode.UNREADABLE_WORKBOOK) from None

