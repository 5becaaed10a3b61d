"""Shared pieces of the benchmark and load scripts: demo databases, a served app, logins.

Everything runs against loopback only: the app under `jointops serve` on a free port of
127.0.0.1, a headless Chromium for capturing the browser's callback requests once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JOINTOPS = str(BIN / "jointops")
# Where databases and logs go, and where results are written (tests point them elsewhere).
VAR = Path(os.environ.get("BENCH_VAR") or ROOT / "var" / "bench")
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results")
DEMO_PASSWORD = "demo-jointops"
DEMO_TODAY = dt.date(2026, 11, 28)  # fixed, so that every run builds the same operation
ACTIVE_OPERATION = f"THUNDER-{DEMO_TODAY.year}"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-default-apps", "--disable-sync"]


@dataclass(frozen=True)
class Target:
    """One database to benchmark: a name for tables, a config file and its URL."""

    label: str
    config: Path
    url: str


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary_ms(durations: list[float]) -> dict[str, float]:
    """Median, p95 and p99 of durations in seconds, as milliseconds."""
    return {"n": len(durations),
            "p50_ms": round(statistics.median(durations) * 1000, 2) if durations else None,
            "p95_ms": round(percentile(durations, 95) * 1000, 2) if durations else None,
            "p99_ms": round(percentile(durations, 99) * 1000, 2) if durations else None}


def write_config(name: str, url: str) -> Path:
    """A config.toml for a benchmark database (shares the project's other settings)."""
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"{name}.toml"
    base = (ROOT / "config.toml").read_text()
    base = re.sub(r'(?m)^url = ".*"$', f'url = "{url}"', base, count=1)
    base = re.sub(r'(?m)^secret_key_file = ".*"$',
                  f'secret_key_file = "{VAR / "secret_key"}"', base, count=1)
    path.write_text(base)
    return path


def jointops(config: Path, *args: str, env: dict[str, str] | None = None,
             quiet: bool = True) -> subprocess.CompletedProcess:
    """Run the jointops command on a config; raise with its output if it fails."""
    result = subprocess.run([JOINTOPS, "--config", str(config), *args], text=True,
                            capture_output=quiet, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"jointops {' '.join(args)} failed:\n{result.stdout}\n"
                           f"{result.stderr}")
    return result


def demo_marker(target: Target) -> Path:
    return VAR / f"{target.label}.generated"


def prepare_demo(target: Target, seizures: int) -> float | None:
    """Create the schema and the demo with this many seizures; return the demo's seconds.

    An SQLite file already generated at this size is reused (None is returned)."""
    marker = demo_marker(target)
    wanted = f"{seizures} {DEMO_TODAY}"
    if target.url.startswith("sqlite") and marker.exists() and marker.read_text() == wanted:
        return None
    # From an empty database, as on a fresh install: replacing an earlier demo would time
    # the deletion of its seizures too.
    empty_database(target)
    jointops(target.config, "db", "upgrade")
    started = time.perf_counter()
    jointops(target.config, "demo", "--seizures", str(seizures), "--today",
             DEMO_TODAY.isoformat())
    elapsed = time.perf_counter() - started
    marker.write_text(wanted)
    return elapsed


def empty_database(target: Target) -> None:
    """Remove every table of a benchmark database (the SQLite file, or PostgreSQL's public
    schema: point JOINTOPS_BENCH_DATABASE_URL at a scratch database only)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(target.url)
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.database}{suffix}").unlink(missing_ok=True)
        return
    engine = create_engine(target.url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def sqlite_target(seizures: int, name: str | None = None) -> Target:
    """The SQLite file var/bench/<n>.db."""
    label = f"sqlite-{name or seizures}"
    path = VAR / f"{name or seizures}.db"
    url = f"sqlite:///{path}"
    return Target(label, write_config(label, url), url)


def postgres_target(url: str, seizures: int) -> Target:
    """The PostgreSQL database named by JOINTOPS_BENCH_DATABASE_URL."""
    label = f"postgresql-{seizures}"
    return Target(label, write_config(label, url), url)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return float("nan")
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


class Server:
    """`jointops serve --workers N` on a free loopback port, stopped on exit."""

    def __init__(self, target: Target, workers: int, env: dict[str, str] | None = None,
                 log_name: str = "server") -> None:
        self.target = target
        self.workers = workers
        self.env = env or {}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = VAR / f"{target.label}-{log_name}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [JOINTOPS, "--config", str(self.target.config), "serve", "--workers",
             str(self.workers), "--port", str(self.port), "--host", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env},
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log_path.read_text()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/login", timeout=5).status_code == 200:
                    return self
            time.sleep(0.5)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def worker_peak_rss_mb(self) -> float:
        """The largest peak RSS among the gunicorn workers."""
        assert self.process is not None
        return max((peak_rss_mb(p) for p in _children(self.process.pid)), default=float("nan"))

    def __exit__(self, *_exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def login(base: str, username: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A requests session signed in through the login form."""
    http = requests.Session()
    page = http.get(f"{base}/login", timeout=30)
    token = CSRF.search(page.text).group(1)
    response = http.post(f"{base}/login", data={"username": username, "password": password,
                                                "csrf_token": token, "next": "/"},
                         timeout=60)
    if "/login" in response.url:
        raise RuntimeError(f"login of {username} failed")
    return http


def capture_callbacks(base: str, username: str, paths: list[str]) -> list[dict]:
    """Load each page in headless Chromium and keep every callback request it sends.

    Returns [{"page", "output", "body"}] in the order the browser sent them."""
    from playwright.sync_api import sync_playwright

    captured: list[dict] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        current = {"path": ""}

        def on_request(request) -> None:
            if "/_dash-update-component" in request.url and request.method == "POST":
                body = json.loads(request.post_data or "{}")
                captured.append({"page": current["path"], "output": body.get("output"),
                                 "body": body})

        page.on("request", on_request)
        for path in paths:
            current["path"] = path
            page.goto(f"{base}{path}", wait_until="networkidle", timeout=180_000)
            page.wait_for_timeout(1500)
            page.wait_for_load_state("networkidle", timeout=180_000)
        browser.close()
    return captured


def replay(http: requests.Session, base: str, body: dict) -> tuple[float, int, int, int]:
    """Post one callback body; return seconds, status, JSON bytes and bytes on the wire."""
    started = time.perf_counter()
    response = http.post(f"{base}/_dash-update-component", json=body, timeout=300,
                         headers={"Accept-Encoding": "gzip, br"})
    elapsed = time.perf_counter() - started
    wire = int(response.headers.get("Content-Length") or len(response.content))
    return elapsed, response.status_code, len(response.content), wire


@contextlib.contextmanager
def timer() -> Iterator[list[float]]:
    """Collects the elapsed seconds of the block into the yielded list."""
    box: list[float] = []
    started = time.perf_counter()
    yield box
    box.append(time.perf_counter() - started)
