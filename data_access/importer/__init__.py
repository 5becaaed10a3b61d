"""Spreadsheet import of seizures (CSV or XLSX, one row per item).

    report = import_seizures(session, principal, content, "file.xlsx",
                             operation_id=op.id, country="KEN", mode="dry_run")

The whole file is read and validated before anything is written; `report` says how many
seizures and items would be created or updated and lists every rejected row (row number,
column, code). Then mode "all" imports only when nothing is rejected, "valid_only" imports
the seizures whose rows are all valid. The writes happen in the caller's transaction
(run inside `session_scope`): the import completes or leaves the database as it was.
Refusals of the file as a whole (size, type, macros, encoding, missing columns) raise
data_access.errors.ImportRefused; a user without the right to write raises PermissionDenied
or EntryLocked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from typing import Literal

from sqlalchemy.orm import Session

from data_access.authentication import Principal
from data_access.entry_rules import (
    check_can_write,
    check_not_locked,
    get_operation,
    participants,
)
from data_access.errors import ErrorCode, FieldError, ValidationFailed, fail
from data_access.importer.apply import apply_plan
from data_access.importer.columns import COLUMN_NAMES, COLUMNS, REQUIRED_COLUMNS, ColumnDoc
from data_access.importer.plan import ImportPlan, RowError, build_plan
from data_access.importer.reading import ImportLimits, Progress, RawTable, read_table
from data_access.importer.report import ImportReport
from data_access.importer.template import template_csv, template_xlsx
from data_access.models import utcnow

ImportMode = Literal["dry_run", "all", "valid_only"]
MODES: tuple[str, ...] = ("dry_run", "all", "valid_only")

__all__ = [
    "COLUMNS", "COLUMN_NAMES", "REQUIRED_COLUMNS", "MODES", "ColumnDoc", "ImportLimits",
    "ImportMode", "ImportPlan", "ImportReport", "RawTable", "RowError",
    "import_seizures", "read_table", "template_csv", "template_xlsx",
]


def import_seizures(session: Session, principal: Principal, content: bytes, file_name: str,
                    *, operation_id: int, country: str, mode: ImportMode = "dry_run",
                    limits: ImportLimits | None = None, progress: Progress | None = None,
                    now: dt.datetime | None = None, table: RawTable | None = None
                    ) -> ImportReport:
    """Validate a file and, unless a dry run, import it; return the report.

    `table` is the file already read with read_table(content, file_name, limits): a caller
    can read a large workbook before opening the write transaction (on SQLite a write
    transaction blocks every other writer while it lasts)."""
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    started = time.perf_counter()
    now = now or utcnow()
    operation = get_operation(session, operation_id)
    country = (country or "").strip().upper()
    taking_part = participants(session, operation.id)
    check_can_write(principal, operation, country, taking_part)
    if country not in taking_part:
        raise fail(ValidationFailed, "country", ErrorCode.COUNTRY_NOT_PARTICIPATING,
                   country=country, operation=operation.code)
    state = check_not_locked(session, operation, country, now)
    if table is None:
        table = read_table(content, file_name, limits, progress)
    plan = build_plan(session, operation, country, table, state.today, progress)
    errors = plan.errors
    valid = plan.valid
    report = dict(
        file_name=file_name, file_type=table.file_type, mode=mode, rows=plan.rows,
        seizures_to_create=sum(1 for s in valid if s.existing_id is None),
        seizures_to_update=sum(1 for s in valid if s.existing_id is not None),
        items_to_write=sum(len(s.clean.items) for s in valid if s.clean),
        seizures_rejected=len(plan.seizures) - len(valid), rows_rejected=plan.rejected_rows,
        nil_returns_to_replace=len(plan.nil_days), errors=tuple(errors),
        ignored_columns=plan.ignored_columns)
    if mode == "dry_run" or not valid:
        return ImportReport(**report, seconds=time.perf_counter() - started)
    if mode == "all" and errors:
        refusal = FieldError("file", ErrorCode.ROWS_REJECTED, {"count": plan.rejected_rows})
        return ImportReport(**report, refusal=refusal, seconds=time.perf_counter() - started)
    counts = apply_plan(session, principal, plan, file_name=file_name,
                        file_sha256=hashlib.sha256(content).hexdigest(), mode=mode, now=now,
                        progress=progress)
    return ImportReport(**report, applied=True, created=counts.created, updated=counts.updated,
                        items_written=counts.items,
                        nil_returns_replaced=counts.nil_returns_replaced,
                        seconds=time.perf_counter() - started)
