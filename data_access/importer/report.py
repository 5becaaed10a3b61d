"""The import report: what a file would do (or did), and every rejected row.

Counts for the summary, and the row-level report as rows or as a CSV/JSON file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_access.errors import FieldError
from data_access.importer.plan import RowError
from data_access.tabular import csv_text

REPORT_COLUMNS = ("row", "column", "code", "params", "value")


@dataclass(frozen=True)
class ImportReport:
    """Summary and row-level errors of one import (dry run or applied)."""

    file_name: str
    file_type: str
    mode: str  # "dry_run", "all" or "valid_only"
    rows: int  # data rows read (empty rows not counted)
    seizures_to_create: int
    seizures_to_update: int
    items_to_write: int  # items of the valid seizures (an update replaces all items)
    seizures_rejected: int
    rows_rejected: int
    nil_returns_to_replace: int
    errors: tuple[RowError, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    applied: bool = False
    # Why nothing was written although asked (ROWS_REJECTED for mode "all"), else None.
    refusal: FieldError | None = None
    created: int = 0
    updated: int = 0
    items_written: int = 0
    nil_returns_replaced: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether no row is rejected."""
        return not self.errors

    def summary(self) -> dict[str, Any]:
        """The counts, JSON-friendly."""
        return {
            "file": self.file_name, "type": self.file_type, "mode": self.mode,
            "rows": self.rows, "seizures_to_create": self.seizures_to_create,
            "seizures_to_update": self.seizures_to_update,
            "items_to_write": self.items_to_write,
            "seizures_rejected": self.seizures_rejected, "rows_rejected": self.rows_rejected,
            "nil_returns_to_replace": self.nil_returns_to_replace,
            "ignored_columns": list(self.ignored_columns), "applied": self.applied,
            "refusal": self.refusal.as_dict() if self.refusal else None,
            "created": self.created, "updated": self.updated,
            "items_written": self.items_written,
            "nil_returns_replaced": self.nil_returns_replaced,
            "seconds": round(self.seconds, 3),
        }

    def error_rows(self) -> list[dict[str, Any]]:
        """One dict per rejected cell: row, column, code, params, value."""
        return [e.as_dict() for e in self.errors]

    def to_json(self) -> str:
        """Summary and errors as JSON text."""
        return json.dumps({"summary": self.summary(), "errors": self.error_rows()},
                          ensure_ascii=False, indent=2)

    def errors_csv(self) -> str:
        """The row-level errors as CSV text (params as JSON), safe to open in a spreadsheet."""
        return csv_text([REPORT_COLUMNS, *(
            [e.row, e.column, e.code,
             json.dumps(e.params, ensure_ascii=False) if e.params else "", e.value]
            for e in self.errors)])

    def write(self, path: str | Path) -> Path:
        """Write the report to a .json file (summary and errors) or else CSV (errors)."""
        path = Path(path)
        text = self.to_json() if path.suffix.lower() == ".json" else self.errors_csv()
        path.write_text(text, encoding="utf-8")
        return path
