"""The benchmark suite (`make bench`): prints a table and writes JSON to bench/results/.

For each size (BENCH_SIZES, default "10000,100000,1000000") and database (SQLite file
var/bench/<n>.db; PostgreSQL too when JOINTOPS_BENCH_DATABASE_URL is set):
1. generate the demo with `jointops demo --seizures N` (timed);
2. serve it with `jointops serve --workers 1` on a free loopback port, result cache off;
   capture the callback requests the browser sends on each command-centre and impact page
   (headless Chromium), then replay each through /_dash-update-component as the commander:
   median and p95 over BENCH_REPEATS calls, response bytes (JSON and compressed);
3. the same with the result cache on (after one call that fills it);
4. peak RSS of the server worker;
5. in a separate process (bench/inprocess.py): the SQL each callback runs, the naive
   pandas way, single-seizure submit time and import throughput.
Timings are what this machine measured while it ran; nothing here asserts them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ACTIVE_OPERATION,
    RESULTS,
    VAR,
    Server,
    Target,
    capture_callbacks,
    login,
    postgres_target,
    prepare_demo,
    replay,
    sqlite_target,
    summary_ms,
)

PAGES = ["/", "/daily", "/map", "/species", "/reporting", "/impact"]
TARGETS = {"p95_uncached_ms": {100_000: 100, 1_000_000: 250}, "p95_cached_ms": 20,
           "bytes": 300_000, "submit_p95_ms": 50, "import_rows_per_s": 5000, "rss_mb": 500,
           "demo_1m_s": 120}


def _key(entry: dict) -> str:
    output = entry["output"] or "?"
    short = output.strip(".").split("...")[0].split("@")[0]
    return f"{entry['page'].split('?')[0]} {short}"


def _measure(server: Server, bodies: list[dict], repeats: int, warm: bool) -> dict:
    http = login(server.base, "commander")
    out = {}
    for entry in bodies:
        durations, statuses = [], set()
        size = wire = 0
        for attempt in range(repeats + 1):
            elapsed, status, size, wire = replay(http, server.base, entry["body"])
            statuses.add(status)
            if attempt == 0 and warm:
                continue  # the first call fills the cache (and warms the worker)
            durations.append(elapsed)
        out[entry["key"]] = {**summary_ms(durations), "status": sorted(statuses),
                             "json_bytes": size, "wire_bytes": wire}
    return out


def bench_target(target: Target, seizures: int, repeats: int) -> dict:
    """Everything measured on one database at one size."""
    print(f"== {target.label}: demo with {seizures:,} seizures", flush=True)
    demo_seconds = prepare_demo(target, seizures)
    result: dict = {"database": target.label.split("-")[0], "seizures": seizures,
                    "demo_seconds": None if demo_seconds is None else round(demo_seconds, 1)}
    with Server(target, 1, env={"JOINTOPS_CACHE": "off"}, log_name="uncached") as server:
        captured = capture_callbacks(server.base, "commander",
                                     [f"{p}?operation={ACTIVE_OPERATION}" for p in PAGES])
        seen: set[str] = set()
        bodies = []
        for entry in captured:
            entry["key"] = _key(entry)
            if entry["key"] not in seen:
                seen.add(entry["key"])
                bodies.append(entry)
        print(f"   {len(bodies)} callbacks captured; uncached replay", flush=True)
        uncached = _measure(server, bodies, repeats, warm=True)
        result["server_peak_rss_mb_uncached"] = round(server.worker_peak_rss_mb(), 1)
    with Server(target, 1, log_name="cached") as server:
        print("   cached replay", flush=True)
        cached = _measure(server, bodies, repeats, warm=True)
        result["server_peak_rss_mb_cached"] = round(server.worker_peak_rss_mb(), 1)
    bodies_path = VAR / f"{target.label}-bodies.json"
    bodies_path.write_text(json.dumps(bodies))
    inprocess_path = VAR / f"{target.label}-inprocess.json"
    print("   SQL, naive pandas, submit, import (in process)", flush=True)
    subprocess.run([sys.executable, str(Path(__file__).with_name("inprocess.py")),
                    str(target.config), str(bodies_path), str(inprocess_path),
                    "--repeats", str(repeats),
                    "--import-rows", os.environ.get("BENCH_IMPORT_ROWS", "10000"),
                    "--submits", os.environ.get("BENCH_SUBMITS", "40")], check=True)
    inprocess = json.loads(inprocess_path.read_text())
    sql_by_key = {c["key"]: c for c in inprocess["callbacks"]}
    naive_ms = inprocess["naive"]["p50_ms"]
    rows = []
    for entry in bodies:
        key = entry["key"]
        u, c, s = uncached[key], cached[key], sql_by_key.get(key, {})
        sql_ms = (s.get("sql") or {}).get("p50_ms")
        rows.append({
            "callback": key, "uncached": u, "cached": c, "sql": s.get("sql"),
            "in_process": s.get("in_process"),
            "ratio_callback_to_sql": round(u["p50_ms"] / sql_ms, 2) if sql_ms else None,
            "naive_to_callback": round(naive_ms / u["p50_ms"], 1) if u["p50_ms"] else None,
        })
    result.update(callbacks=rows, naive=inprocess["naive"], submit=inprocess["submit"],
                  imports=inprocess["import"])
    return result


def print_table(result: dict) -> None:
    """One block of the table per database and size."""
    print(f"\n{result['database']} {result['seizures']:,} seizures   demo "
          f"{result['demo_seconds']} s   server peak RSS {result['server_peak_rss_mb_uncached']}"
          f" MB (uncached) / {result['server_peak_rss_mb_cached']} MB (cached)")
    header = (f"{'callback':<44} {'p50':>7} {'p95':>7} {'c.p50':>6} {'c.p95':>6} "
              f"{'sql':>7} {'x sql':>6} {'naive x':>7} {'json B':>8} {'wire B':>7}")
    print(header)
    print("-" * len(header))
    for row in result["callbacks"]:
        u, c, s = row["uncached"], row["cached"], row["sql"] or {}
        print(f"{row['callback'][:44]:<44} {u['p50_ms']:>7} {u['p95_ms']:>7} "
              f"{c['p50_ms']:>6} {c['p95_ms']:>6} {s.get('p50_ms', '-'):>7} "
              f"{row['ratio_callback_to_sql'] or '-':>6} {row['naive_to_callback'] or '-':>7} "
              f"{u['json_bytes']:>8} {u['wire_bytes']:>7}")
    naive, submit, imports = result["naive"], result["submit"], result["imports"]
    print(f"naive pandas (load {naive['rows']:,} seizures + {naive['items']:,} items, group):"
          f" p50 {naive['p50_ms']} ms")
    print(f"submit (create_seizure): p50 {submit['p50_ms']} ms, p95 {submit['p95_ms']} ms")
    print(f"import {imports['rows']:,} rows: {imports['seconds']} s = "
          f"{imports['rows_per_s']:,} rows/s (applied: {imports['applied']})")


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")
             if s.strip()]
    repeats = int(os.environ.get("BENCH_REPEATS", "20"))
    pg_url = os.environ.get("JOINTOPS_BENCH_DATABASE_URL", "")
    results = []
    started = time.perf_counter()
    for size in sizes:
        targets = [sqlite_target(size)]
        if pg_url:
            targets.append(postgres_target(pg_url, size))
        for target in targets:
            result = bench_target(target, size, repeats)
            print_table(result)
            results.append(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps({"created": stamp, "repeats": repeats, "targets": TARGETS,
                                "cpu_count": os.cpu_count(),
                                "seconds": round(time.perf_counter() - started, 1),
                                "results": results}, indent=1))
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
