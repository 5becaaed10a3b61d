"""The benchmark and load scripts run end to end on a tiny demo and write well-formed JSON.

They are measured, never judged here: no assertion on any timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


def run_script(name: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "BENCH_VAR": str(tmp_path / "var"),
                   "BENCH_RESULTS": str(tmp_path / "results"), **env}
    environment.pop("JOINTOPS_BENCH_DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "bench" / name)], env=environment,
                          capture_output=True, text=True, timeout=900)


def only_result(tmp_path: Path, prefix: str) -> dict:
    files = list((tmp_path / "results").glob(f"{prefix}-*.json"))
    assert len(files) == 1
    return json.loads(files[0].read_text())


def test_bench_measures_every_callback_and_writes_json(tmp_path: Path) -> None:
    run = run_script("run.py", tmp_path, BENCH_SIZES="300", BENCH_REPEATS="2",
                     BENCH_SUBMITS="3", BENCH_IMPORT_ROWS="40")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "callback" in run.stdout and "naive pandas" in run.stdout
    (result,) = only_result(tmp_path, "bench")["results"]
    assert result["seizures"] == 300 and result["database"] == "sqlite"
    pages = {row["callback"].split(" ")[0] for row in result["callbacks"]}
    assert {"/", "/daily", "/map", "/species", "/reporting", "/impact"} <= pages
    for row in result["callbacks"]:
        # 204: a callback that had nothing to update (PreventUpdate), as in the browser.
        assert set(row["uncached"]["status"]) <= {200, 204}, row
        assert set(row["cached"]["status"]) <= {200, 204}, row
        assert row["uncached"]["n"] == 2 and row["sql"]["n"] == 2
    figures = [r for r in result["callbacks"] if r["callback"].endswith(".figure")]
    assert figures and all(r["uncached"]["status"] == [200] for r in figures)
    assert all(r["uncached"]["json_bytes"] > 0 for r in figures)
    assert result["submit"]["n"] == 3
    assert result["imports"]["rows"] == 40 and result["imports"]["applied"]
    assert result["naive"]["rows"] >= 300
    assert result["server_peak_rss_mb_uncached"] > 0


def test_load_checks_every_submission_landed_once(tmp_path: Path) -> None:
    run = run_script("load.py", tmp_path, LOAD_SECONDS="4", LOAD_COMMANDERS="2",
                     LOAD_FOCAL_POINTS="3", LOAD_SIZE="300", LOAD_THINK="0.2",
                     LOAD_FP_THINK="0.5")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (result,) = only_result(tmp_path, "load")["results"]
    assert result["focal_points"] == 3 and result["commanders"] == 2
    assert result["kinds"]["callback"]["n"] > 0
    # Focal points submit through the served entry page, and the grid refreshes after.
    assert result["focal_points_via"].startswith("HTTP")
    assert result["kinds"]["submit"]["outcomes"].get("ok", 0) > 0
    assert result["kinds"]["entries"]["outcomes"] == {"ok": result["kinds"]["entries"]["n"]}
    assert result["verify"]["exactly_once"]
    assert result["verify"]["acknowledged_tokens"] > 0
    assert result["seizures_after"] - result["seizures_before"] == \
        result["verify"]["seizures_in_db"]
    assert result["verify"]["summaries"]["match"]
