"""Bounded load test (`make load`), loopback only.

40 commanders refresh the overview's callbacks through /_dash-update-component of
`jointops serve --workers 2`, while 60 focal points submit seizures (each with a
submission token; one in ten is sent twice, as a double click would) and nil returns
for LOAD_SECONDS (default 120) seconds. Focal points sign in as their own accounts and post
the entry page's callbacks (Save, then the entries grid refresh; Nil return) to the same
server, as the browser does (bench/report_requests.py builds the bodies).

Afterwards: every acknowledged seizure is in the database exactly once (by token and by
reference), and the summary tables equal a rebuild from the raw rows.

Runs on SQLite (var/bench/load.db, a LOAD_SIZE-seizure demo, default 10000) and, when
JOINTOPS_BENCH_DATABASE_URL is set, on PostgreSQL. Environment: LOAD_SECONDS,
LOAD_COMMANDERS (40), LOAD_FOCAL_POINTS (60), LOAD_THINK (seconds between one commander's
refreshes, default 1.0; the app itself refreshes every 30 s), LOAD_FP_THINK (seconds between
one focal point's entries, default 5.0), LOAD_SIZE.
Prints the figures and writes JSON to bench/results/.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ACTIVE_OPERATION,
    RESULTS,
    Server,
    Target,
    capture_callbacks,
    login,
    postgres_target,
    prepare_demo,
    sqlite_target,
    summary_ms,
)
from report_requests import ReportRequests, report_requests  # noqa: E402


class Recorder:
    """Thread-safe latencies and outcomes per request kind."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.durations: dict[str, list[float]] = defaultdict(list)
        self.outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, kind: str, seconds: float, outcome: str, error: str = "") -> None:
        with self.lock:
            self.durations[kind].append(seconds)
            self.outcomes[kind][outcome] += 1
            if error and outcome == "error" and len(self.errors[kind]) < 5:
                self.errors[kind].append(error)


def commander_loop(base: str, bodies: list[dict], stop: threading.Event, rec: Recorder,
                   think: float) -> None:
    """Sign in, then refresh the overview's callbacks until told to stop."""
    try:
        http = login(base, "commander")
    except Exception as exc:  # noqa: BLE001 - a failed login is a load-test error
        rec.add("login", 0.0, "error", repr(exc))
        return
    while not stop.is_set():
        for entry in bodies:
            started = time.perf_counter()
            try:
                response = http.post(f"{base}/_dash-update-component", json=entry["body"],
                                     timeout=60)
                ok = response.status_code in (200, 204)  # 204: nothing to update
                rec.add("callback", time.perf_counter() - started, "ok" if ok else "error",
                        "" if ok else f"HTTP {response.status_code}")
            except Exception as exc:  # noqa: BLE001
                rec.add("callback", time.perf_counter() - started, "error", repr(exc))
            if stop.is_set():
                return
        stop.wait(random.uniform(0.5, 1.5) * think)


def _saved(response) -> bool:
    """Whether a save or nil-return response says it was recorded (the page's "saved"
    signal, REPORT_SAVED, is only sent then)."""
    from dashboard import ids

    if response.status_code != 200:
        return False
    return ids.REPORT_SAVED in response.json().get("response", {})


def focal_point_loop(base: str, username: str, country: str, requests_: ReportRequests,
                     start: dt.date, days: int, run_id: str, stop: threading.Event,
                     rec: Recorder, think: float, acknowledged: list) -> None:
    """Sign in as a focal point, then submit seizures (one in ten sent twice, as a double
    click would) and nil returns through the entry page's callbacks until told to stop;
    after each save the page's entries grid refreshes, as in the browser."""
    try:
        http = login(base, username)
    except Exception as exc:  # noqa: BLE001 - a failed login is a load-test error
        rec.add("login", 0.0, "error", repr(exc))
        return
    rng = random.Random(username)
    n = 0

    def post(kind: str, body: dict) -> bool | None:
        """Post one callback; True if recorded, False if refused, None on an error."""
        started = time.perf_counter()
        try:
            response = http.post(f"{base}/_dash-update-component", json=body, timeout=120)
        except Exception as exc:  # noqa: BLE001
            rec.add(kind, time.perf_counter() - started, "error", repr(exc)[:200])
            return None
        elapsed = time.perf_counter() - started
        if response.status_code not in (200, 204):
            rec.add(kind, elapsed, "error", f"HTTP {response.status_code}")
            return None
        saved = response.status_code == 200 and _saved(response) if kind != "entries" \
            else True
        rec.add(kind, elapsed, "ok" if saved else "refused")
        return saved

    while not stop.is_set():
        day = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
        if rng.random() < 0.8:
            n += 1
            token = f"{run_id}-{username}-{n}-{uuid.uuid4().hex[:8]}"
            reference = f"LOAD-{run_id}-{username}-{n}"
            body = requests_.save_for(country, day, reference, token,
                                      round(rng.uniform(0.5, 30), 1))
            for attempt in range(2 if rng.random() < 0.1 else 1):
                if post("submit" if attempt == 0 else "submit_again", body):
                    with rec.lock:
                        acknowledged.append((token, reference, None))
                    post("entries", requests_.entries_for(country, uuid.uuid4().hex))
        else:
            post("nil_return", requests_.nil_for(country, day))
        stop.wait(rng.uniform(0.5, 1.5) * think)


def verify(factory, run_id: str, acknowledged: list) -> dict:
    """Each acknowledged seizure exactly once; summaries equal to a rebuild."""
    from data_access.models import Seizure

    tokens = {token for token, _ref, _id in acknowledged}
    refs = {ref for _token, ref, _id in acknowledged}
    with factory() as session:
        rows = session.execute(
            select(Seizure.submission_token, Seizure.national_reference, Seizure.id)
            .where(Seizure.national_reference.like(f"LOAD-{run_id}-%"))).all()
        by_token = defaultdict(int)
        by_ref = defaultdict(int)
        for token, ref, _id in rows:
            by_token[token] += 1
            by_ref[ref] += 1
        missing = [t for t in tokens if by_token.get(t, 0) == 0]
        doubled = [t for t, count in by_token.items() if count > 1]
        doubled += [r for r, count in by_ref.items() if count > 1]
        unexpected = [r for r in by_ref if r not in refs]
        summaries = compare_summaries(session)
    return {"acknowledged_tokens": len(tokens), "seizures_in_db": len(rows),
            "missing": len(missing), "duplicated": len(doubled),
            "unacknowledged_in_db": len(unexpected), "exactly_once":
            not missing and not doubled, "summaries": summaries}


def compare_summaries(session) -> dict:
    """Summary rows as kept by the writes vs. rebuilt from the raw rows (rolled back)."""
    try:
        from data_access import summaries
    except ImportError:
        return {"checked": False, "reason": "data_access.summaries does not exist"}

    def snapshot() -> dict[str, list]:
        out = {}
        for model in summaries.SUMMARY_MODELS:
            columns = list(model.__table__.columns)
            out[model.__tablename__] = sorted(
                tuple(row) for row in session.execute(select(*columns)).all())
        return out

    def same(mine: tuple, theirs: tuple) -> bool:
        # Roll-up quantities are kept by difference: equal but for float rounding.
        return len(mine) == len(theirs) and all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
            if isinstance(a, float) and isinstance(b, float) else a == b
            for a, b in zip(mine, theirs, strict=True))

    kept = snapshot()
    summaries.rebuild_summaries(session)
    rebuilt = snapshot()
    session.rollback()
    differing = [name for name in kept if len(kept[name]) != len(rebuilt[name]) or not all(
        same(a, b) for a, b in zip(kept[name], rebuilt[name], strict=True))]
    return {"checked": True, "tables": len(kept), "differing_tables": differing,
            "match": not differing}


def run_target(target: Target, size: int, seconds: float, commanders: int,
               focal_points: int, think: float, fp_think: float) -> dict:
    """One load test against one database."""
    from data_access.db import create_db_engine, make_session_factory
    from data_access.models import Operation, OperationCountry, Seizure, Taxon, User

    print(f"== load on {target.label}: demo of {size:,} seizures", flush=True)
    prepare_demo(target, size)
    engine = create_db_engine(target.url)
    factory = make_session_factory(engine)
    with factory() as session:
        op = session.execute(select(Operation).where(
            Operation.code == ACTIVE_OPERATION)).scalar_one()
        countries = sorted(session.execute(select(OperationCountry.country_iso3).where(
            OperationCountry.operation_id == op.id)).scalars())
        users = session.execute(select(User.username, User.country_iso3).where(
            User.username.in_([f"fp-{c.lower()}" for c in countries]))
            .order_by(User.username)).all()[:focal_points]
        taxon_id = session.execute(select(Taxon.id).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        before = session.execute(select(func.count(Seizure.id))).scalar_one()
        op_id, start = op.id, op.start_date
        days = min((dt.date.today() - start).days + 1, (op.end_date - start).days + 1)
    run_id = uuid.uuid4().hex[:6]
    requests_ = report_requests(target.config, op_id, taxon_id)
    rec = Recorder()
    acknowledged: list = []
    with Server(target, 2, log_name="load") as server:
        captured = capture_callbacks(server.base, "commander",
                                     [f"/?operation={ACTIVE_OPERATION}"])
        bodies = [e for e in captured if e["page"].startswith("/")]
        print(f"   {len(bodies)} overview callbacks; {commanders} commanders, "
              f"{focal_points} focal points, {seconds:.0f} s", flush=True)
        stop = threading.Event()
        threads = [threading.Thread(target=commander_loop,
                                    args=(server.base, bodies, stop, rec, think))
                   for _ in range(commanders)]
        threads += [threading.Thread(target=focal_point_loop,
                                     args=(server.base, username, country, requests_, start,
                                           max(days, 1), run_id, stop, rec, fp_think,
                                           acknowledged))
                    for username, country in users]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.perf_counter() - started
        rss = server.worker_peak_rss_mb()
    total = sum(len(v) for v in rec.durations.values())
    kinds = {kind: {**summary_ms(values), "outcomes": dict(rec.outcomes[kind]),
                    "per_s": round(len(values) / elapsed, 1)}
             for kind, values in rec.durations.items()}
    checks = verify(factory, run_id, acknowledged)
    with factory() as session:
        after = session.execute(select(func.count(Seizure.id))).scalar_one()
    engine.dispose()
    errors = sum(k["outcomes"].get("error", 0) for k in kinds.values())
    return {"database": target.label.split("-")[0], "seizures_before": before,
            "seizures_after": after, "seconds": round(elapsed, 1),
            "commanders": commanders, "focal_points": len(users),
            "focal_points_via": "HTTP: the entry page's callbacks, signed in",
            "think_seconds": {"commander": think, "focal_point": fp_think},
            "requests": total, "requests_per_s": round(total / elapsed, 1),
            "errors": errors, "error_samples": rec.errors, "kinds": kinds,
            "server_peak_rss_mb": round(rss, 1), "verify": checks}


def print_result(result: dict) -> None:
    print(f"\n{result['database']}: {result['requests']:,} requests in {result['seconds']} s "
          f"= {result['requests_per_s']}/s, errors {result['errors']}, server peak RSS "
          f"{result['server_peak_rss_mb']} MB")
    print(f"{'kind':<12} {'n':>7} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  "
          "outcomes")
    for kind, k in result["kinds"].items():
        print(f"{kind:<12} {k['n']:>7} {k['per_s']:>7} {k['p50_ms']:>8} {k['p95_ms']:>8} "
              f"{k['p99_ms']:>8}  {k['outcomes']}")
    v = result["verify"]
    print(f"verify: {v['acknowledged_tokens']} acknowledged, {v['seizures_in_db']} in the "
          f"database, missing {v['missing']}, duplicated {v['duplicated']}, exactly once: "
          f"{v['exactly_once']}; summaries: {v['summaries']}")
    for kind, samples in result["error_samples"].items():
        for sample in samples[:3]:
            print(f"   {kind} error: {sample}")


def main() -> int:
    seconds = float(os.environ.get("LOAD_SECONDS", "120"))
    commanders = int(os.environ.get("LOAD_COMMANDERS", "40"))
    focal_points = int(os.environ.get("LOAD_FOCAL_POINTS", "60"))
    think = float(os.environ.get("LOAD_THINK", "1.0"))
    fp_think = float(os.environ.get("LOAD_FP_THINK", "5.0"))
    size = int(os.environ.get("LOAD_SIZE", "10000"))
    targets = [sqlite_target(size, name="load")]
    if os.environ.get("JOINTOPS_BENCH_DATABASE_URL"):
        targets.append(postgres_target(os.environ["JOINTOPS_BENCH_DATABASE_URL"], size))
    results = []
    for target in targets:
        result = run_target(target, size, seconds, commanders, focal_points, think, fp_think)
        print_result(result)
        results.append(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"load-{stamp}.json"
    path.write_text(json.dumps({"created": stamp, "results": results}, indent=1))
    print(f"\nwrote {path}")
    return 0 if all(r["verify"]["exactly_once"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
