"""`jointops import seizures FILE --operation CODE --country ISO3`: the spreadsheet import
from the command line, with the same validation, report and rules as the app.

Exit status: 0 when everything was imported (or, with --dry-run, would be), 1 when rows
were rejected, 2 when the input is unusable (file refused, unknown operation or country,
locked operation).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dashboard.settings import Settings
from dashboard.ui.codes import english
from data_access.authentication import principal_of
from data_access.db import create_db_engine, make_session_factory, session_scope, writer_engine
from data_access.entry_rules import system_principal
from data_access.errors import EntryError
from data_access.importer import ImportLimits, ImportReport, import_seizures
from data_access.models import Operation, User

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_UNUSABLE = 2


class _Progress:
    """Progress of a large import on stderr (one rewritten line on a terminal)."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total and done >= total
        if not finished and now - self._last < (0.2 if self._tty else 2):
            return
        self._last = now
        line = f"{label}: {done:,}" + (f"/{total:,}" if total else "")
        if self._tty:
            sys.stderr.write("\r" + line.ljust(50) + ("\n" if finished else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def message(code: str, params: dict[str, Any]) -> str:
    """English message of an error code (the command line is not translated)."""
    return english(code, params)


def _limits(settings: Settings) -> ImportLimits:
    """Import limits from the `[imports]` settings (a workbook is read in a child process
    under them: see data_access/importer/reading.py)."""
    return ImportLimits.from_settings(settings.imports)


def print_report(report: ImportReport, out: Any = None) -> None:
    """The summary, then the first rejected rows."""
    out = out or sys.stdout
    verb = "imported" if report.applied else "would import"
    print(f"{report.file_name} ({report.file_type}): {report.rows:,} rows read", file=out)
    print(f"  seizures: {report.seizures_to_create:,} new, {report.seizures_to_update:,} "
          f"updated, {report.seizures_rejected:,} rejected", file=out)
    print(f"  items: {report.items_to_write:,}; rejected rows: {report.rows_rejected:,}",
          file=out)
    if report.nil_returns_to_replace:
        print(f"  nil returns replaced by seizures: {report.nil_returns_to_replace}", file=out)
    if report.ignored_columns:
        print(f"  ignored columns: {', '.join(report.ignored_columns)}", file=out)
    if report.applied:
        print(f"  {verb}: {report.created:,} seizures created, {report.updated:,} updated, "
              f"{report.items_written:,} items, in {report.seconds:.1f} s", file=out)
    elif report.refusal is not None:
        print(f"  nothing imported: {message(report.refusal.code, report.refusal.params)}",
              file=out)
    elif report.mode == "dry_run":
        print("  dry run: nothing written", file=out)
    for error in report.errors[:50]:
        value = f" [{error.value}]" if error.value else ""
        print(f"  row {error.row}, {error.column or '-'}: "
              f"{message(error.code, error.params)}{value}", file=out)
    if len(report.errors) > 50:
        print(f"  ... and {len(report.errors) - 50:,} more (use --report PATH)", file=out)


def cmd_import_seizures(settings: Settings, args: argparse.Namespace) -> int:
    """Import a seizure spreadsheet for one country of one operation."""
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        print(f"jointops: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    mode = "dry_run" if args.dry_run else "valid_only" if args.skip_invalid else "all"
    engine = writer_engine(create_db_engine(settings.database.url,
                                            settings.database.pool_size))
    try:
        with session_scope(make_session_factory(engine)) as session:
            operation = session.execute(select(Operation).where(
                Operation.code == args.operation)).scalar_one_or_none()
            if operation is None:
                print(f"jointops: no operation with code {args.operation!r}", file=sys.stderr)
                return EXIT_UNUSABLE
            principal = system_principal()
            if args.user:
                user = session.execute(select(User).where(
                    User.username == args.user)).scalar_one_or_none()
                if user is None:
                    print(f"jointops: no user named {args.user!r}", file=sys.stderr)
                    return EXIT_UNUSABLE
                principal = principal_of(session, user)
            report = import_seizures(
                session, principal, content, path.name, operation_id=operation.id,
                country=args.country, mode=mode, limits=_limits(settings),
                progress=_Progress())
    except EntryError as exc:
        for error in exc.errors:
            print(f"jointops: {message(error.code, error.params)}", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        engine.dispose()
    print_report(report)
    if args.report:
        written = report.write(args.report)
        print(f"  report written to {written}")
    if report.errors:
        return EXIT_REJECTED
    return EXIT_OK


def add_import_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `import seizures` to the `jointops` subcommands."""
    imp = subparsers.add_parser("import", help="import data from spreadsheets")
    imp_sub = imp.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    seizures = imp_sub.add_parser(
        "seizures", help="import seizures of one country from a CSV or XLSX template",
        description="Import a country's seizures from the CSV or XLSX template (one row per "
                    "item; rows sharing a national_reference form one seizure; a reference "
                    "already known updates that seizure). The whole file is checked first. "
                    "Exit status: 0 everything imported, 1 rows rejected, 2 unusable input.")
    seizures.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    seizures.add_argument("--operation", required=True, metavar="CODE",
                          help="code of the operation, e.g. THUNDER-2026")
    seizures.add_argument("--country", required=True, metavar="ISO3",
                          help="reporting country (ISO 3166 alpha-3)")
    seizures.add_argument("--dry-run", action="store_true",
                          help="check the file and print the report; write nothing")
    seizures.add_argument("--skip-invalid", action="store_true",
                          help="import the valid seizures even when some rows are rejected "
                               "(default: import nothing unless every row is valid)")
    seizures.add_argument("--report", metavar="PATH",
                          help="write the row-level report to PATH (.json: summary and "
                               "errors; otherwise CSV of the rejected rows)")
    seizures.add_argument("--user", metavar="USERNAME",
                          help="import as this account, with its rights (default: the "
                               "command line, as an administrator)")
    seizures.set_defaults(handler=cmd_import_seizures)
    return seizures
