"""`jointops import seizures FILE --operation CODE --country ISO3`: the summary, the
row-level report, and the exit status (0 all imported, 1 rows rejected, 2 unusable input)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.cli.import_seizures import add_import_parser
from dashboard.settings import load_settings
from data_access.db import create_db_engine
from data_access.models import AuditEvent, Seizure, User
from tests.factories import make_operation

DATA = Path(__file__).resolve().parent / "data" / "import"


@pytest.fixture
def setup(tmp_path: Path, sqlite_template: Path) -> tuple[Path, str]:
    """A config whose database has an operation (3-30 March 2025: KEN, NGA, FRA)."""
    shutil.copy(sqlite_template, tmp_path / "cli.db")
    engine = create_db_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with Session(engine) as session:
        code = make_operation(session, start=dt.date(2025, 3, 3)).code
        session.add(User(username="fp-ken", password_hash="x", role="focal_point",
                         country_iso3="KEN"))
        session.commit()
    engine.dispose()
    config = tmp_path / "config.toml"
    config.write_text('[database]\nurl = "sqlite:///cli.db"\n'
                      '[security]\nsecret_key_file = "secret"\n')
    return config, code


def parser() -> argparse.ArgumentParser:
    """A `jointops`-like parser with only the import command (as cli.py wires it)."""
    root = argparse.ArgumentParser(prog="jointops")
    add_import_parser(root.add_subparsers(dest="command", required=True))
    return root


def jointops(setup: tuple[Path, str], *args: str) -> int:
    config, _code = setup
    parsed = parser().parse_args(["import", "seizures", *args])
    return parsed.handler(load_settings(config, env={"JOINTOPS_SECRET_KEY": "k"}), parsed)


def stored(setup: tuple[Path, str]) -> tuple[int, int]:
    engine = create_db_engine(f"sqlite:///{setup[0].parent / 'cli.db'}")
    with Session(engine) as session:
        found = (session.execute(select(func.count(Seizure.id))).scalar_one(),
                 session.execute(select(func.count(AuditEvent.id)).where(
                     AuditEvent.action == "seizure.import")).scalar_one())
    engine.dispose()
    return found


def test_help_explains_the_command(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(["import", "seizures", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("--operation", "--country", "--dry-run", "--skip-invalid", "--report",
                 "Exit status"):
        assert word in out


def test_everything_imported_exits_0(setup, capsys) -> None:
    code = jointops(setup, str(DATA / "comma_utf8.csv"), "--operation", setup[1],
                    "--country", "ken")
    assert code == 0
    out = capsys.readouterr().out
    assert "3 rows read" in out and "2 seizures created" in out
    assert stored(setup) == (2, 1)


def test_dry_run_writes_nothing(setup, capsys) -> None:
    code = jointops(setup, str(DATA / "comma_utf8.csv"), "--operation", setup[1],
                    "--country", "KEN", "--dry-run")
    assert code == 0 and "dry run: nothing written" in capsys.readouterr().out
    assert stored(setup) == (0, 0)


def test_rejected_rows_exit_1_and_the_report_lists_them(setup, tmp_path, capsys) -> None:
    report = tmp_path / "rejected.csv"
    code = jointops(setup, str(DATA / "rejects.csv"), "--operation", setup[1], "--country",
                    "KEN", "--report", str(report))
    assert code == 1 and stored(setup) == (0, 0)
    out = capsys.readouterr().out
    assert "nothing imported" in out and "row 2, species: Unknown species" in out
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert {(r["row"], r["column"], r["code"]) for r in rows} >= {
        ("2", "species", "unknown_species"), ("5", "quantity", "quantity_not_positive")}


def test_skip_invalid_imports_the_valid_seizures(setup, tmp_path) -> None:
    report = tmp_path / "report.json"
    code = jointops(setup, str(DATA / "rejects.csv"), "--operation", setup[1], "--country",
                    "KEN", "--skip-invalid", "--report", str(report))
    assert code == 1 and stored(setup) == (1, 1)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["created"] == 1 and data["summary"]["applied"] is True
    assert len(data["errors"]) >= 18


@pytest.mark.parametrize(("arguments", "message"), [
    ([str(DATA / "comma_utf8.csv"), "--operation", "NO-SUCH-OP", "--country", "KEN"],
     "no operation"),
    ([str(DATA / "comma_utf8.csv"), "--country", "BRA"], "does not take part"),
    ([str(DATA / "comma_utf8.csv"), "--country", "NGA", "--user", "fp-ken"],
     "only report for your own country"),
    ([str(DATA / "comma_utf8.csv"), "--country", "KEN", "--user", "nobody"], "no user"),
    ([str(DATA / "utf16.csv"), "--country", "KEN"], "encoding"),
    ([str(DATA / "malformed_quote.csv"), "--country", "KEN"], "near line"),
    ([str(DATA / "legacy.xls"), "--country", "KEN"], "Only CSV and XLSX"),
    ([str(DATA / "missing.csv"), "--country", "KEN"], "cannot read"),
])
def test_unusable_input_exits_2(setup, capsys, arguments: list[str], message: str) -> None:
    if "--operation" not in arguments:
        arguments = [*arguments, "--operation", setup[1]]
    assert jointops(setup, *arguments) == 2
    assert message in capsys.readouterr().err
    assert stored(setup) == (0, 0)
