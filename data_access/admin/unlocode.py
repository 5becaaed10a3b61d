"""Import ports from the official UN/LOCODE code list (UNECE's "CodeListPart1/2/3.csv").

The file has no header row and twelve columns: Change, Country, Location, Name,
NameWoDiacritics, Subdivision, Status, Function, Date, IATA, Coordinates, Remarks. It is
Latin-1 in older editions and UTF-8 in newer ones. Only places with coordinates and a
port-like function are imported, upserted by their five-character code (country +
location). The import runs in the caller's transaction and records one audit event.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from data_access.admin.common import audit, check_admin
from data_access.authentication import Principal
from data_access.errors import AdminErrorCode, ValidationFailed, fail
from data_access.models import Country, Location

ENTITY = "locations"
AUDIT_ACTION = "reference.import_unlocode"
# A full part of the code list is about 4 MB; anything much bigger is not one.
MAX_UNLOCODE_BYTES = 8 * 1024 * 1024
COLUMNS = ("change", "country", "location", "name", "name_wo_diacritics", "subdivision",
           "status", "function", "date", "iata", "coordinates", "remarks")
# Rows kept in the report for the user to read (the counts cover every row).
REPORT_ROWS = 200
# UN/LOCODE gives coordinates to the minute; a stored place that lies closer than this to
# the file's position keeps its own (usually finer) coordinates.
COORDINATE_TOLERANCE = 1 / 60
_COORDINATES = re.compile(r"^(\d{2})(\d{2})([NS])\s+(\d{3})(\d{2})([EW])$")
_CODE_PART = re.compile(r"^[A-Z2-9]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class Outcome(StrEnum):
    """What happened to one row of the file."""

    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


class SkipReason(StrEnum):
    """Why a row was not imported."""

    MALFORMED_ROW = "malformed_row"
    BAD_CODE = "bad_code"
    REMOVED_ENTRY = "removed_entry"
    REFERENCE_ENTRY = "reference_entry"
    NOT_PORT = "not_port"
    NO_COORDINATES = "no_coordinates"
    BAD_COORDINATES = "bad_coordinates"
    UNKNOWN_COUNTRY = "unknown_country"
    AIRPORT_EXISTS = "airport_exists"
    DUPLICATE_IN_FILE = "duplicate_in_file"


@dataclass(frozen=True)
class RowOutcome:
    """One row's code, name and outcome (reason when skipped), with its line number."""

    line: int
    code: str
    name: str
    outcome: str
    reason: str = ""
    kind: str = ""


@dataclass(frozen=True)
class UnlocodeReport:
    """What an import did: counts of each outcome and skip reason, and the first rows that
    were inserted, updated or skipped (in file order)."""

    entries: int
    inserted: int
    updated: int
    unchanged: int
    skipped: dict[str, int] = field(default_factory=dict)
    rows: tuple[RowOutcome, ...] = ()

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Decimal latitude and longitude from UN/LOCODE's "ddmmN dddmmE" (None if malformed
    or out of range)."""
    match = _COORDINATES.match(text.strip())
    if not match:
        return None
    lat_d, lat_m, ns, lon_d, lon_m, ew = match.groups()
    if int(lat_m) >= 60 or int(lon_m) >= 60:
        return None
    latitude = int(lat_d) + int(lat_m) / 60
    longitude = int(lon_d) + int(lon_m) / 60
    if latitude > 90 or longitude > 180:
        return None
    latitude = round(-latitude if ns == "S" else latitude, 4)
    longitude = round(-longitude if ew == "W" else longitude, 4)
    return latitude, longitude


def kind_for_function(function: str) -> str | None:
    """The location kind for a UN/LOCODE function classifier, e.g. "1-3-----" (None when
    the place is no port, airport, border post, mail centre or terminal)."""
    function = function.ljust(8, "-")
    if function[0] == "1":
        return "seaport"
    if function[3] == "4":
        return "airport"
    if function[4] == "5":
        return "mail_centre"
    if function[2] == "3" or function[7] == "B":
        return "land_border"
    if function[5] == "6" or function[6] == "7":
        return "inland"
    return None


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) when it decodes, else Latin-1."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _read(file: bytes | BinaryIO, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over the limit without reading them whole."""
    raw = file if isinstance(file, bytes) else file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise fail(ValidationFailed, "file", AdminErrorCode.FILE_TOO_LARGE,
                   limit=max_bytes)
    return raw


@dataclass
class _Candidate:
    """A row that may be written."""

    line: int
    code: str
    name: str
    kind: str
    country_iso3: str
    latitude: float
    longitude: float


def _differs(current: object, candidate: _Candidate) -> bool:
    """Whether a stored place should take the file's name or position."""
    return (current.name != candidate.name
            or current.country_iso3 != candidate.country_iso3
            or abs(current.latitude - candidate.latitude) > COORDINATE_TOLERANCE
            or abs(current.longitude - candidate.longitude) > COORDINATE_TOLERANCE)


def import_unlocode(session: Session, principal: Principal, file: bytes | BinaryIO, *,
                    max_bytes: int = MAX_UNLOCODE_BYTES) -> UnlocodeReport:
    """Upsert the port-like places of a UN/LOCODE CSV part; report what happened to each row.

    A new code is inserted with the kind its function implies (airports only when no
    airport with that IATA code exists yet); a known code takes the file's name, and its
    coordinates when they moved by more than the file's precision, but keeps its kind.
    """
    check_admin(principal)
    raw = _read(file, max_bytes)
    if not raw.strip():
        raise fail(ValidationFailed, "file", AdminErrorCode.EMPTY_FILE)
    text = decode(raw)
    if "\x00" in text:
        raise fail(ValidationFailed, "file", AdminErrorCode.UNSUPPORTED_ENCODING)

    iso2_to_iso3 = dict(session.execute(select(Country.iso2, Country.iso3)).all())
    existing = {row.code: row for row in session.execute(
        select(Location.id, Location.code, Location.name, Location.kind,
               Location.country_iso3, Location.latitude, Location.longitude)).all()}
    outcomes: list[RowOutcome] = []
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    candidates: dict[str, _Candidate] = {}
    entries = 0
    well_formed = 0

    def skip(line: int, code: str, name: str, reason: SkipReason) -> None:
        skipped[reason] += 1
        outcomes.append(RowOutcome(line, code, name, Outcome.SKIPPED, reason))

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for line, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(COLUMNS):
                entries += 1
                skip(line, "", "", SkipReason.MALFORMED_ROW)
                continue
            well_formed += 1
            row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
            if not row["location"]:
                continue  # a country's heading line (".KENYA"), not an entry
            entries += 1
            code = f"{row['country']}{row['location']}".upper()
            name = (row["name"] or row["name_wo_diacritics"])[:160]
            if not (_COUNTRY.match(row["country"].upper())
                    and _CODE_PART.match(row["location"].upper())):
                skip(line, code[:8], name, SkipReason.BAD_CODE)
                continue
            if row["change"] == "X" or row["status"] == "XX":
                skip(line, code, name, SkipReason.REMOVED_ENTRY)
                continue
            if row["change"] == "=":
                skip(line, code, name, SkipReason.REFERENCE_ENTRY)
                continue
            kind = kind_for_function(row["function"])
            if kind is None:
                skip(line, code, name, SkipReason.NOT_PORT)
                continue
            if not row["coordinates"]:
                skip(line, code, name, SkipReason.NO_COORDINATES)
                continue
            point = parse_coordinates(row["coordinates"])
            if point is None:
                skip(line, code, name, SkipReason.BAD_COORDINATES)
                continue
            country = iso2_to_iso3.get(row["country"].upper())
            if country is None:
                skip(line, code, name, SkipReason.UNKNOWN_COUNTRY)
                continue
            if code in candidates:
                skip(line, code, name, SkipReason.DUPLICATE_IN_FILE)
                continue
            iata = (row["iata"] or row["location"]).upper()
            if code not in existing and kind == "airport" and iata in existing:
                skip(line, code, name, SkipReason.AIRPORT_EXISTS)
                continue
            candidates[code] = _Candidate(line, code, name, kind, country, *point)
    except csv.Error as exc:
        raise fail(ValidationFailed, "file", AdminErrorCode.NOT_UNLOCODE,
                   line=reader.line_num) from exc
    if well_formed == 0:
        raise fail(ValidationFailed, "file", AdminErrorCode.NOT_UNLOCODE, line=1)

    to_insert, to_update = [], []
    for candidate in candidates.values():
        current = existing.get(candidate.code)
        values = {"code": candidate.code, "name": candidate.name,
                  "country_iso3": candidate.country_iso3}
        if current is None:
            to_insert.append({**values, "kind": candidate.kind,
                              "latitude": candidate.latitude,
                              "longitude": candidate.longitude})
            outcome, kind = Outcome.INSERTED, candidate.kind
        elif _differs(current, candidate):
            moved = (abs(current.latitude - candidate.latitude) > COORDINATE_TOLERANCE
                     or abs(current.longitude - candidate.longitude) > COORDINATE_TOLERANCE)
            to_update.append({**values, "id": current.id,
                              "latitude": candidate.latitude if moved else current.latitude,
                              "longitude": candidate.longitude if moved else
                              current.longitude})
            outcome, kind = Outcome.UPDATED, current.kind
        else:
            outcome, kind = Outcome.UNCHANGED, current.kind
        counts[outcome] += 1
        if outcome == Outcome.UNCHANGED:
            continue  # counted; the report lists only rows that changed or were skipped
        outcomes.append(RowOutcome(candidate.line, candidate.code, candidate.name, outcome,
                                   kind=kind))
    if to_insert:
        session.execute(insert(Location), to_insert)
    if to_update:
        session.execute(update(Location), to_update)
    session.flush()

    report = UnlocodeReport(
        entries=entries, inserted=counts[Outcome.INSERTED], updated=counts[Outcome.UPDATED],
        unchanged=counts[Outcome.UNCHANGED], skipped=dict(sorted(skipped.items())),
        rows=tuple(sorted(outcomes, key=lambda o: o.line)[:REPORT_ROWS]))
    audit(session, principal, AUDIT_ACTION, ENTITY, "UN/LOCODE", after={
        "entries": report.entries, "inserted": report.inserted, "updated": report.updated,
        "unchanged": report.unchanged, "skipped": report.skipped,
        "inserted_codes": sorted(r["code"] for r in to_insert)[:500],
        "updated_codes": sorted(r["code"] for r in to_update)[:500]})
    return report
