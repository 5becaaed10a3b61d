"""The `jointops` command: help for every subcommand, database setup, accounts, serving."""

from __future__ import annotations

import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.cli import build_parser, main
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import AuditEvent, User
from data_access.passwords import verify_password
from tests.conftest import DEMO_PASSWORD

SUBCOMMANDS = [["db", "upgrade"], ["db", "current"], ["demo"], ["serve"], ["user", "add"],
               ["user", "list"], ["user", "disable"], ["user", "set-password"]]


@pytest.fixture
def config(tmp_path: Path, sqlite_template: Path) -> Path:
    """A config file whose database already has the schema and reference data."""
    shutil.copy(sqlite_template, tmp_path / "cli.db")
    path = tmp_path / "config.toml"
    path.write_text('[database]\nurl = "sqlite:///cli.db"\n'
                    '[security]\nsecret_key_file = "secret"\n')
    return path


def run(config: Path, *args: str, stdin: str = "") -> int:
    """Run the command in-process with the given standard input."""
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--config", str(config), *args])
    finally:
        sys.stdin = old


def test_console_script_prints_help() -> None:
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "jointops"), "--help"], capture_output=True,
                            text=True, check=True)
    for command in ("db", "demo", "serve", "user"):
        assert command in result.stdout


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_explains_itself(words: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*words, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: jointops" in out and len(out.splitlines()) >= 3


def test_db_upgrade_on_a_new_file_loads_reference_data(tmp_path: Path, capsys) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[database]\nurl = "sqlite:///var/new.db"\n'
                    '[security]\nsecret_key_file = "var/secret"\n')
    assert main(["--config", str(path), "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "countries:" in out and "taxa:" in out and "locations:" in out
    # Running it again changes nothing.
    assert main(["--config", str(path), "db", "upgrade"]) == 0
    again = capsys.readouterr().out
    assert "countries: 0 added, 0 updated" in again
    assert "locations: 0 added, 0 updated" in again


def test_user_add_reads_password_from_stdin_and_audits(config: Path, capsys) -> None:
    code = run(config, "user", "add", "amina", "--role", "focal_point", "--country", "ken",
               "--language", "fr", "--password-stdin", stdin="a long passphrase\n")
    assert code == 0
    engine = create_db_engine(f"sqlite:///{config.parent / 'cli.db'}")
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == "amina")).scalar_one()
        assert user.country_iso3 == "KEN" and user.language == "fr" and not user.is_demo
        assert verify_password(user.password_hash, "a long passphrase")
        assert "a long passphrase" not in user.password_hash
        event = session.execute(select(AuditEvent).where(
            AuditEvent.action == "user.create")).scalar_one()
        assert event.entity_id == "amina" and "passphrase" not in str(event.after)
    assert run(config, "user", "list") == 0
    assert "amina" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "x", "--role", "focal_point"], "a long passphrase\n", "country"),
        (["user", "add", "x", "--role", "commander"], "short\n", "at least"),
        (["user", "add", "x", "--role", "focal_point", "--country", "ZZZ"],
         "a long passphrase\n", "unknown country"),
        (["user", "disable", "nobody"], "", "no user"),
    ],
)
def test_user_errors_are_explained(config: Path, capsys, args: list[str], stdin: str,
                                   message: str) -> None:
    assert run(config, *args, stdin=stdin) == 2
    assert message in capsys.readouterr().err


def test_disable_and_set_password_end_sessions(config: Path) -> None:
    run(config, "user", "add", "cmd", "--role", "commander", stdin="a long passphrase\n")
    engine = create_db_engine(f"sqlite:///{config.parent / 'cli.db'}")
    with Session(engine) as session:
        epoch = session.execute(select(User.session_epoch).where(
            User.username == "cmd")).scalar_one()
    assert run(config, "user", "set-password", "cmd", stdin="another passphrase\n") == 0
    assert run(config, "user", "disable", "cmd") == 0
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == "cmd")).scalar_one()
        assert not user.active
        assert user.session_epoch == epoch + 2
        assert verify_password(user.password_hash, "another passphrase")


def test_demo_if_missing_is_idempotent(config: Path, capsys) -> None:
    assert run(config, "demo", "--seizures", "50", "--today", "2026-11-28") == 0
    first = capsys.readouterr().out
    assert "50 seizures" not in first  # the total includes the closed operations
    assert "THUNDER-2026" in first
    assert run(config, "demo", "--if-missing") == 0
    assert "nothing to do" in capsys.readouterr().out
    assert run(config, "demo", "--seizures", "50") == 2
    assert "--replace" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _callback_body(dependencies: list[dict], output_prefix: str) -> dict:
    """The request body the browser posts for the callback whose output starts so."""
    dep = next(d for d in dependencies if d["output"].startswith(output_prefix))
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": "" if i["property"] == "search" else 0}
                       for i in dep["inputs"]],
            "state": [{**s, "value": None} for s in dep["state"]],
            "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]}


def test_serve_runs_gunicorn_workers_that_share_sessions(tmp_path: Path,
                                                         demo_db_path: Path) -> None:
    shutil.copy(demo_db_path, tmp_path / "serve.db")
    config = tmp_path / "config.toml"
    port = _free_port()
    config.write_text('[database]\nurl = "sqlite:///serve.db"\n'
                      '[security]\nsecret_key_file = "secret"\n'
                      f'[server]\nhost = "127.0.0.1"\nport = {port}\nworkers = 1\n')
    bin_dir = Path(sys.executable).parent
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([str(bin_dir / "jointops"), "--config", str(config), "serve",
                                "--workers", "2"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        http = requests.Session()
        for _ in range(1800):  # a loaded machine can take a while to boot two workers
            try:
                # The workers build the app after the fork: the first answer may take time.
                login_page = http.get(f"{base}/login", timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text).group(1)
        http.post(f"{base}/login", data={"username": "commander", "password": DEMO_PASSWORD,
                                         "csrf_token": token, "next": "/"}, timeout=30)
        dependencies = http.get(f"{base}/_dash-dependencies", timeout=30).json()
        version_body = _callback_body(dependencies, "..overview-version.data")
        # Name the operation: other tests may add active operations to the demo database.
        for item in version_body["inputs"]:
            if item["id"] == "url" and item["property"] == "search":
                item["value"] = "?operation=THUNDER-2026"
        # Several requests, so that both workers serve some: each must know the session.
        for _ in range(6):
            page = http.get(f"{base}/", timeout=30)
            assert page.status_code == 200 and "/login" not in page.url
            version = http.post(f"{base}/_dash-update-component", json=version_body,
                                timeout=60)
            assert version.status_code == 200
        live_key = version.json()["response"]["overview-version"]["data"]
        assert live_key["operation"] == "THUNDER-2026"
        daily_body = _callback_body(dependencies, "overview-daily.figure")
        daily_body["inputs"][0]["value"] = live_key
        daily_body["changedPropIds"] = ["overview-version.data"]
        daily = http.post(f"{base}/_dash-update-component", json=daily_body, timeout=60)
        assert daily.status_code == 200
        assert daily.headers.get("Content-Encoding") in ("gzip", "br", "zstd", "deflate")
        figure = daily.json()["response"]["overview-daily"]["figure"]
        assert figure["data"], json.dumps(figure)[:300]
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert len(workers) == 2
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            log.close()


def test_serve_reads_defaults_from_settings() -> None:
    args = build_parser().parse_args(["serve"])
    assert args.host is None and args.port is None and args.workers is None
    assert not args.dev


def test_db_rebuild_summaries_restores_what_a_raw_delete_left_behind(
        tmp_path: Path, demo_db_path: Path, capsys) -> None:
    from sqlalchemy import func, select, text

    from data_access.models import Seizure
    from data_access.summaries import SUMMARY_MODELS

    shutil.copy(demo_db_path, tmp_path / "rebuild.db")
    config = tmp_path / "config.toml"
    config.write_text('[database]\nurl = "sqlite:///rebuild.db"\n'
                      '[security]\nsecret_key_file = "secret"\n')
    engine = create_db_engine(f"sqlite:///{tmp_path / 'rebuild.db'}")
    with session_scope(make_session_factory(engine)) as session:
        expected = {m.__tablename__: session.execute(select(func.count()).select_from(m))
                    .scalar_one() for m in SUMMARY_MODELS}
        # Plain SQL bypasses the summaries' upkeep (as a bulk load or a restore would).
        for model in SUMMARY_MODELS:
            session.execute(text(f"DELETE FROM {model.__tablename__}"))
        assert session.execute(select(func.count(Seizure.id))).scalar_one() > 0
    assert main(["--config", str(config), "db", "rebuild-summaries"]) == 0
    assert "rebuilt" in capsys.readouterr().out
    with session_scope(make_session_factory(engine)) as session:
        rebuilt = {m.__tablename__: session.execute(select(func.count()).select_from(m))
                   .scalar_one() for m in SUMMARY_MODELS}
    engine.dispose()
    assert rebuilt == expected and all(rebuilt.values())
