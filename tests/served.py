"""A real `jointops serve` (gunicorn) process on a copy of the demo database, for tests that
need what only a served process does (gunicorn's own limits, several workers)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

START_SECONDS = 90


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_demo(demo_db_path: Path, folder: Path, secret: str,
                *serve_args: str) -> Iterator[tuple[str, Path]]:
    """Serve a copy of the demo database from `folder`: (base URL, the copy's path)."""
    copy = folder / "demo.db"
    source, target = sqlite3.connect(demo_db_path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    (folder / "config.toml").write_text(
        '[database]\nurl = "sqlite:///demo.db"\n[security]\nsecret_key_file = "secret"\n')
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--config", str(folder / "config.toml"),
         "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args],
        cwd=ROOT, env={**os.environ, "JOINTOPS_SECRET_KEY": secret}, stdout=log,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "server.log").read_text()[-2000:]) from None
                time.sleep(0.1)
        yield url, copy
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
