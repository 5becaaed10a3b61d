"""In-process measurements on one benchmark database (run by bench/run.py as a subprocess,
since a process holds one Dash app):

- the SQL each captured callback runs (time inside cursor.execute, summed per request),
  through Flask's test client with the result cache off;
- the naive way: the operation's seizures and items loaded into pandas and grouped there;
- single-seizure submit time (data_access.seizures.create_seizure), p50/p95;
- spreadsheet import throughput (data_access.importer.import_seizures, 10k-row CSV).

Usage: python bench/inprocess.py CONFIG BODIES.json OUT.json [--repeats N] [--submits N]
       [--import-rows N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, event, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ACTIVE_OPERATION, CSRF, DEMO_PASSWORD, summary_ms  # noqa: E402

SQL_SECONDS: list[float] = []


def _before(conn, _cursor, _statement, _params, _context, _many) -> None:
    conn.info.setdefault("bench_started", []).append(time.perf_counter())


def _after(conn, _cursor, _statement, _params, _context, _many) -> None:
    SQL_SECONDS.append(time.perf_counter() - conn.info["bench_started"].pop())


def callback_sql_times(config: str, bodies: list[dict], repeats: int) -> list[dict]:
    """Per captured callback: SQL seconds per request and in-process callback seconds."""
    os.environ["JOINTOPS_CACHE"] = "off"
    from dashboard.app import create_app
    from dashboard.settings import load_settings

    event.listen(Engine, "before_cursor_execute", _before)
    event.listen(Engine, "after_cursor_execute", _after)
    app = create_app(load_settings(config))
    client = app.server.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "commander", "password": DEMO_PASSWORD,
                                "csrf_token": token, "next": "/"})
    results = []
    for entry in bodies:
        sql, whole = [], []
        for attempt in range(repeats + 1):
            SQL_SECONDS.clear()
            started = time.perf_counter()
            response = client.post("/_dash-update-component", json=entry["body"])
            elapsed = time.perf_counter() - started
            if attempt == 0:
                continue  # warm-up
            sql.append(sum(SQL_SECONDS))
            whole.append(elapsed)
        results.append({"key": entry["key"], "status": response.status_code,
                        "sql": summary_ms(sql), "in_process": summary_ms(whole)})
    return results


def _factory(config: str):
    from dashboard.settings import load_settings
    from data_access.db import create_db_engine, make_session_factory, writer_engine

    settings = load_settings(config)
    engine = create_db_engine(settings.database.url, settings.database.pool_size)
    return engine, make_session_factory(writer_engine(engine))


def naive_pandas(config: str, repeats: int = 3) -> dict:
    """Load the active operation's seizures and items into pandas and group there."""
    from data_access.models import Operation, Seizure, SeizureItem

    engine, _ = _factory(config)
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        with engine.connect() as conn:
            op_id = conn.execute(select(Operation.id).where(
                Operation.code == ACTIVE_OPERATION)).scalar_one()
            seizures = pd.read_sql(select(Seizure).where(Seizure.operation_id == op_id,
                                                         Seizure.deleted.is_(False)), conn)
            items = pd.read_sql(select(SeizureItem).join(Seizure).where(
                Seizure.operation_id == op_id, Seizure.deleted.is_(False)), conn)
        merged = items.merge(seizures, left_on="seizure_id", right_on="id",
                             suffixes=("_item", ""))
        merged.groupby("seizure_date")["seizure_id"].nunique()
        merged.groupby("reporting_country").agg(seizures=("seizure_id", "nunique"),
                                                quantity=("base_quantity", "sum"))
        merged.groupby("taxon_id")["base_quantity"].sum()
        seizures.groupby("h3_res3").size()
        durations.append(time.perf_counter() - started)
    engine.dispose()
    return {"rows": len(seizures), "items": len(items), **summary_ms(durations)}


def _focal_point(session, username: str):
    from data_access.authentication import principal_of
    from data_access.models import User

    user = session.execute(select(User).where(User.username == username)).scalar_one()
    return principal_of(session, user)


def submit_times(config: str, count: int) -> dict:
    """create_seizure for one ivory seizure at a time, each in its own transaction."""
    from data_access.db import session_scope
    from data_access.models import Location, Operation, Taxon
    from data_access.seizures import create_seizure
    from data_access.validation import ItemInput, SeizureInput

    engine, factory = _factory(config)
    with session_scope(factory) as session:
        op = session.execute(select(Operation).where(
            Operation.code == ACTIVE_OPERATION)).scalar_one()
        principal = _focal_point(session, "fp-ken")
        taxon = session.execute(select(Taxon.id).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        location = session.execute(select(Location.id).where(
            Location.code == "KENBO")).scalar_one_or_none()
        op_id, day = op.id, op.start_date
    stamp = dt.datetime.now().strftime("%H%M%S%f")
    durations = []
    for i in range(count):
        data = SeizureInput(
            operation_id=op_id, reporting_country="KEN",
            national_reference=f"BENCH-{stamp}-{i}", seizure_date=day,
            seizure_point="export", transport_mode="air_passenger", detection_method="x_ray",
            location_id=location,
            items=(ItemInput(taxon_id=taxon, term_code="TUS", quantity=2.5, unit_code="KIL"),))
        started = time.perf_counter()
        with session_scope(factory) as session:
            create_seizure(session, principal, data, submission_token=f"bench-{stamp}-{i}")
        durations.append(time.perf_counter() - started)
    engine.dispose()
    return summary_ms(durations)


def import_throughput(config: str, rows: int) -> dict:
    """Import a generated CSV of `rows` seizures for Kenya (mode "all")."""
    from data_access.db import session_scope
    from data_access.importer import COLUMN_NAMES, import_seizures
    from data_access.models import Operation

    engine, factory = _factory(config)
    with session_scope(factory) as session:
        op = session.execute(select(Operation).where(
            Operation.code == ACTIVE_OPERATION)).scalar_one()
        principal = _focal_point(session, "fp-ken")
        op_id, start = op.id, op.start_date
    stamp = dt.datetime.now().strftime("%H%M%S%f")
    rng = np.random.default_rng(1)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES))
    writer.writeheader()
    for i in range(rows):
        writer.writerow({
            "national_reference": f"IMP-{stamp}-{i}",
            "seizure_date": (start + dt.timedelta(days=int(rng.integers(0, 10)))).isoformat(),
            "location_code": "NBO", "seizure_point": "export",
            "transport_mode": "air_passenger", "detection_method": "x_ray",
            "species": "Loxodonta africana", "cites_term": "TUS",
            "quantity": f"{rng.uniform(0.5, 40):.1f}", "unit": "kg"})
    content = buffer.getvalue().encode("utf-8")
    started = time.perf_counter()
    with session_scope(factory) as session:
        report = import_seizures(session, principal, content, "bench.csv", operation_id=op_id,
                                 country="KEN", mode="all")
    elapsed = time.perf_counter() - started
    engine.dispose()
    problems = [str(e) for e in getattr(report, "errors", ())][:3]
    return {"rows": rows, "seconds": round(elapsed, 2), "rows_per_s": round(rows / elapsed),
            "ok": bool(getattr(report, "ok", False)), "applied": bool(report.applied),
            "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config")
    parser.add_argument("bodies")
    parser.add_argument("out")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--submits", type=int, default=40)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()
    bodies = json.loads(Path(args.bodies).read_text())
    result = {"callbacks": callback_sql_times(args.config, bodies, args.repeats),
              "naive": naive_pandas(args.config)}
    result["submit"] = submit_times(args.config, args.submits)
    result["import"] = import_throughput(args.config, args.import_rows)
    Path(args.out).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

