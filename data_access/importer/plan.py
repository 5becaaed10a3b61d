"""Validating every row of a file before anything is written: the import plan.

Rows are read into typed values (aliases resolved), grouped by national_reference into
seizures, and each seizure is checked with the same rules as the form
(data_access.validation). Problems become RowErrors (spreadsheet row number, template
column, code, params).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import ErrorCode, FieldError
from data_access.importer.aliases import Resolver, Unresolved, split_list
from data_access.importer.columns import FIELD_TO_COLUMN, SEIZURE_COLUMNS
from data_access.importer.reading import RawTable
from data_access.models import DailyReport, Operation, Seizure
from data_access.validation import (
    CleanSeizure,
    ItemInput,
    ParseError,
    ReferenceData,
    SeizureInput,
    is_blank,
    parse_date,
    parse_integer,
    parse_number,
    validate_seizure,
)

Progress = Callable[[str, int, int], None]
_ITEM_FIELD = re.compile(r"^items\[(\d+)\]\.(\w+)$")
_LIST_FIELD = re.compile(r"^(\w+)\[(\d+)\]$")
MAX_VALUE_IN_REPORT = 100


@dataclass(frozen=True)
class RowError:
    """One rejected cell or row: spreadsheet row (header = 1), template column, code."""

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"row": self.row, "column": self.column, "code": str(self.code),
                "params": dict(self.params), "value": self.value}


@dataclass
class PlannedSeizure:
    """The rows of one national reference, and what importing them would do."""

    reference: str
    rows: list[int]
    clean: CleanSeizure | None = None
    existing_id: int | None = None
    existing_version: int | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the seizure can be imported."""
        return self.clean is not None and not self.errors


@dataclass
class ImportPlan:
    """Everything validation found out about a file, before any write."""

    operation_id: int
    country: str
    file_type: str
    rows: int
    seizures: list[PlannedSeizure]
    orphan_errors: list[RowError]  # rows that belong to no seizure (no reference)
    ignored_columns: tuple[str, ...]
    nil_days: frozenset[dt.date]  # days with a nil return that valid seizures would replace

    @property
    def valid(self) -> list[PlannedSeizure]:
        """Seizures that can be imported."""
        return [s for s in self.seizures if s.ok]

    @property
    def errors(self) -> list[RowError]:
        """Every rejection, by row then column."""
        found = [e for s in self.seizures for e in s.errors] + self.orphan_errors
        return sorted(found, key=lambda e: (e.row, e.column, e.code))

    @property
    def rejected_rows(self) -> int:
        """Rows that would not be imported."""
        return len({e.row for e in self.errors})


def _text(value: Any) -> str:
    """A cell as trimmed text."""
    if is_blank(value):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _shown(value: Any) -> str:
    """A cell value as the report shows it."""
    return _text(value)[:MAX_VALUE_IN_REPORT]


class _RowParser:
    """Turns one row's raw cells into typed values, collecting the row's errors.

    A file repeats the same dates, codes, countries and species on many rows, so each
    (column, cell) is interpreted once and remembered.
    """

    def __init__(self, resolver: Resolver) -> None:
        r = resolver
        self.resolver = resolver
        self.readers: dict[str, Callable[[Any], Any]] = {
            "seizure_date": parse_date,
            "location_code": r.location,
            "latitude": parse_number,
            "longitude": parse_number,
            "seizure_point": lambda v: r.coded("seizure_point", v),
            "transport_mode": lambda v: r.coded("transport_mode", v),
            "detection_method": lambda v: r.coded("detection_method", v),
            "concealment": _text,
            "origin_country": r.country,
            "export_country": r.country,
            "transit_countries": lambda v: tuple(r.country(p) for p in split_list(v)),
            "destination_country": r.country,
            "suspects_arrested": parse_integer,
            "notes": _text,
            "species": r.taxon,
            "cites_term": r.term,
            "quantity": parse_number,
            "unit": r.unit,
            "live": r.boolean,
            "estimated_value_usd": parse_number,
        }
        self.memo: dict[tuple[str, Any], tuple[bool, Any]] = {}
        self.default_unit = r.unit(None)

    def _read(self, column: str, raw: Any) -> tuple[bool, Any]:
        """(True, value) or (False, (code, params)) for one cell, memoised."""
        memo_key = (column, raw)
        try:
            return self.memo[memo_key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value: do not remember it
            memo_key = None  # type: ignore[assignment]
        try:
            outcome: tuple[bool, Any] = (True, self.readers[column](raw))
        except Unresolved as exc:
            outcome = (False, (exc.code, exc.params))
        except ParseError as exc:
            outcome = (False, (exc.code, {}))
        if memo_key is not None and len(self.memo) < 200_000:
            self.memo[memo_key] = outcome
        return outcome

    def parse(self, number: int, cells: dict[str, Any], formulas: set[str]
              ) -> tuple[dict[str, Any], list[RowError]]:
        """Typed values of the row's non-blank cells, and its errors."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for column in formulas:
            errors.append(RowError(number, column, ErrorCode.FORMULA_WITHOUT_VALUE))
        for column, raw in cells.items():
            if column == "national_reference" or column in formulas:
                continue
            if column != "unit" and (raw is None or (type(raw) is str and not raw.strip())):
                continue
            ok, result = self._read(column, raw)
            if ok:
                values[column] = result
            else:
                errors.append(RowError(number, column, result[0], result[1], _shown(raw)))
        if "unit" not in cells:
            values["unit"] = self.default_unit
        return values, errors


@dataclass
class _Group:
    """Rows of one reference while the file is read."""

    reference: str
    rows: list[int] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    merged: dict[str, tuple[Any, int]] = field(default_factory=dict)  # column -> value, row
    cells: dict[int, dict[str, Any]] = field(default_factory=dict)  # row -> raw cells
    errors: list[RowError] = field(default_factory=list)


def _to_input(group: _Group, operation_id: int, country: str) -> SeizureInput:
    """The seizure input the group's rows describe."""
    def get(column: str, default: Any = None) -> Any:
        return group.merged[column][0] if column in group.merged else default

    items = tuple(ItemInput(taxon_id=i.get("species"), term_code=i.get("cites_term"),
                            quantity=i.get("quantity"), unit_code=i.get("unit"),
                            is_live=i.get("live", False),
                            estimated_value_usd=i.get("estimated_value_usd"))
                  for i in group.items)
    return SeizureInput(
        operation_id=operation_id, reporting_country=country,
        national_reference=group.reference, seizure_date=get("seizure_date"),
        seizure_point=get("seizure_point"), transport_mode=get("transport_mode"),
        detection_method=get("detection_method"), items=items,
        location_id=get("location_code"), latitude=get("latitude"),
        longitude=get("longitude"), concealment=get("concealment", ""),
        origin_country=get("origin_country"), export_country=get("export_country"),
        transit_countries=get("transit_countries", ()),
        destination_country=get("destination_country"),
        suspects_arrested=get("suspects_arrested", 0), notes=get("notes", ""))


def _row_errors(group: _Group, errors: list[FieldError]) -> list[RowError]:
    """Validation errors placed on the row and column they come from."""
    bad_columns = {e.column for e in group.errors}
    placed = []
    for error in errors:
        row, column = group.rows[0], FIELD_TO_COLUMN.get(error.field, error.field)
        if m := _ITEM_FIELD.match(error.field):
            index, name = int(m[1]), m[2]
            row, column = group.rows[index], FIELD_TO_COLUMN.get(name, name)
            if any(e.row == row and e.column == column for e in group.errors):
                continue
        else:
            if m := _LIST_FIELD.match(error.field):
                column = FIELD_TO_COLUMN.get(m[1], m[1])
            if column in bad_columns:
                continue
            if column in group.merged:
                row = group.merged[column][1]
        placed.append(RowError(row, column, error.code, dict(error.params),
                               _shown(group.cells.get(row, {}).get(column))))
    return placed


def build_plan(session: Session, operation: Operation, country: str, table: RawTable,
               today: dt.date, progress: Progress | None = None) -> ImportPlan:
    """Validate every row of the table for one country's entries in one operation."""
    resolver = Resolver.load(session)
    ref = ReferenceData.load(session, location_ids=None)
    parser = _RowParser(resolver)
    groups: dict[str, _Group] = {}
    orphans: list[RowError] = []
    malformed = {row: (expected, found) for row, expected, found in table.malformed_rows}
    formulas: dict[int, set[str]] = {}
    for row, column in table.formula_cells:
        formulas.setdefault(row, set()).add(column)
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        reference = _text(cells.get("national_reference"))
        row_formulas = formulas.get(number, set())
        values, errors = parser.parse(number, cells, row_formulas)
        if number in malformed:
            expected, found = malformed[number]
            errors.append(RowError(number, "", ErrorCode.MALFORMED_ROW,
                                   {"expected": expected, "found": found}))
        if not reference:
            code = ErrorCode.FORMULA_WITHOUT_VALUE if "national_reference" in row_formulas \
                else ErrorCode.REQUIRED
            orphans.append(RowError(number, "national_reference", code))
            orphans.extend(errors)
            continue
        group = groups.setdefault(reference, _Group(reference))
        group.rows.append(number)
        group.errors.extend(errors)
        group.cells[number] = cells
        for column in SEIZURE_COLUMNS:
            if column not in values:
                continue
            if column not in group.merged:
                group.merged[column] = (values[column], number)
            elif group.merged[column][0] != values[column]:
                group.errors.append(RowError(
                    number, column, ErrorCode.REFERENCE_CONFLICT,
                    {"first_row": group.merged[column][1]}, _shown(cells.get(column))))
        group.items.append(values)
        if progress and done % 5000 == 0:
            progress("validate", done, total)

    existing = {ref_: (sid, version, deleted) for ref_, sid, version, deleted in
                session.execute(select(Seizure.national_reference, Seizure.id,
                                       Seizure.version, Seizure.deleted)
                                .where(Seizure.operation_id == operation.id,
                                       Seizure.reporting_country == country)).all()}
    planned: list[PlannedSeizure] = []
    for group in groups.values():
        clean, field_errors = validate_seizure(
            _to_input(group, operation.id, country), operation=operation, ref=ref,
            today=today)
        errors = group.errors + _row_errors(group, field_errors)
        seizure = PlannedSeizure(group.reference, group.rows, clean)
        if group.reference in existing:
            seizure.existing_id, seizure.existing_version, deleted = existing[group.reference]
            if deleted:
                errors.append(RowError(group.rows[0], "national_reference",
                                       ErrorCode.SEIZURE_WITHDRAWN, {}, group.reference))
        if errors:
            bad_rows = sorted({e.row for e in errors})
            errors.extend(RowError(row, "national_reference", ErrorCode.OTHER_ROW_REJECTED,
                                   {"rows": bad_rows}, group.reference)
                          for row in group.rows if row not in bad_rows)
            seizure.clean = None
        seizure.errors = errors
        planned.append(seizure)
    if progress:
        progress("validate", total, total)
    days = {s.clean.seizure_date for s in planned if s.ok and s.clean}
    nil_days = frozenset(session.execute(select(DailyReport.report_date).where(
        DailyReport.operation_id == operation.id, DailyReport.country_iso3 == country,
        DailyReport.kind == "nil")).scalars()) & days
    return ImportPlan(operation.id, country, table.file_type, total, planned, orphans,
                      table.ignored_columns, nil_days)
