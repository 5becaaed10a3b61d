"""The `jointops` command: database, demo data, accounts and the web server."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import time
from collections.abc import Sequence

from dashboard.cli.import_seizures import add_import_parser
from dashboard.settings import Settings, load_settings
from data_access import schema
from data_access.db import create_db_engine, make_session_factory, session_scope, writer_engine
from data_access.demo import demo_exists, generate_demo
from data_access.passwords import hash_password
from data_access.reference import sync_reference_data
from data_access.users import UserError, add_user, disable_user, list_users, set_password
from data_access.vocab import ROLES


class _ProgressPrinter:
    """Prints progress of long work on stderr: one rewritten line on a terminal, else
    a line every few seconds (logs stay readable)."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done >= total
        if not self._tty and not finished and now - self._last < 2:
            return
        self._last = now
        line = f"{label}: {done:,}/{total:,}"
        if self._tty:
            sys.stderr.write("\r" + line.ljust(60) + ("\n" if finished else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _engine(settings: Settings):
    """The database engine named by the settings."""
    return create_db_engine(settings.database.url, settings.database.pool_size)


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Create or migrate the schema, then load the shipped reference data."""
    engine = _engine(settings)
    schema.upgrade(engine)
    print(f"schema at revision {schema.current_revision(engine)}")
    if args.no_reference:
        return 0
    with session_scope(make_session_factory(engine)) as session:
        for counts in sync_reference_data(session, progress=lambda m: print(f"  loaded {m}")):
            print(f"  {counts.table}: {counts.inserted} added, {counts.updated} updated")
    return 0


def cmd_db_current(settings: Settings, _args: argparse.Namespace) -> int:
    """Print the schema revision of the database and of the code."""
    engine = _engine(settings)
    print(f"database: {schema.current_revision(engine) or 'empty'}")
    print(f"code:     {schema.head_revision()}")
    return 0


def cmd_db_rebuild_summaries(settings: Settings, _args: argparse.Namespace) -> int:
    """Recompute the dashboards' summary tables from the raw seizures (after a bulk load
    done with plain SQL, a partial restore, or a reload of the reference taxa)."""
    from data_access.summaries import rebuild_summaries

    engine = _engine(settings)
    with session_scope(make_session_factory(writer_engine(engine))) as session:
        rebuild_summaries(session)
    print("summary tables rebuilt from the raw seizures")
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Generate the demo operations and accounts."""
    engine = _engine(settings)
    if args.if_missing:
        with session_scope(make_session_factory(engine)) as session:
            if demo_exists(session):
                print("demo operations already present; nothing to do")
                return 0
    today = dt.date.fromisoformat(args.today) if args.today else None
    started = time.perf_counter()
    summary = generate_demo(
        engine, seizures=args.seizures or settings.demo.seizures,
        seed=settings.demo.seed if args.seed is None else args.seed,
        password_hash=hash_password(settings.demo.password), today=today,
        progress=_ProgressPrinter(), replace=args.replace,
    )
    elapsed = time.perf_counter() - started
    print(f"demo operations {', '.join(summary.operations)}: {summary.seizures:,} seizures, "
          f"{summary.items:,} items, {summary.daily_reports:,} daily reports, "
          f"{summary.users} new demo users, in {elapsed:.1f} s")
    print(f"demo logins (password {settings.demo.password!r}): admin, commander, donor, "
          "fp-<iso3> (e.g. fp-ken)")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the dashboard: gunicorn with N workers, or the Flask dev server with --dev."""
    host = args.host or settings.server.host
    port = settings.server.port if args.port is None else args.port
    if args.dev or args.debug:
        from dashboard.app import create_app

        app = create_app(settings)
        app.run(host=host, port=port, debug=args.debug,
                dev_tools_disable_version_check=True)
        return 0
    from dashboard.wsgi import serve_with_gunicorn

    workers = args.workers or settings.server.workers
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    serve_with_gunicorn(settings, host=host, port=port, workers=workers,
                        timeout=args.timeout)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The new password, from stdin (--password-stdin) or a prompt asked twice."""
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise UserError("the two passwords differ")
    return first


def cmd_user_add(settings: Settings, args: argparse.Namespace) -> int:
    """Create an account."""
    password = _read_password(args)
    with session_scope(make_session_factory(_engine(settings))) as session:
        add_user(session, username=args.username, password=password, role=args.role,
                 country_iso3=args.country, language=args.language,
                 full_name=args.full_name or "")
    print(f"user {args.username} created ({args.role})")
    return 0


def cmd_user_list(settings: Settings, _args: argparse.Namespace) -> int:
    """List accounts."""
    with session_scope(make_session_factory(_engine(settings))) as session:
        users = list_users(session)
    print(f"{'username':<20} {'role':<12} {'country':<8} {'lang':<5} {'active':<7} demo")
    for u in users:
        print(f"{u.username:<20} {u.role:<12} {u.country_iso3 or '-':<8} "
              f"{u.language or '-':<5} {'yes' if u.active else 'no':<7} "
              f"{'yes' if u.is_demo else ''}")
    return 0


def cmd_user_disable(settings: Settings, args: argparse.Namespace) -> int:
    """Disable an account and end its sessions."""
    with session_scope(make_session_factory(_engine(settings))) as session:
        disable_user(session, args.username)
    print(f"user {args.username} disabled")
    return 0


def cmd_user_set_password(settings: Settings, args: argparse.Namespace) -> int:
    """Set a new password for an account."""
    password = _read_password(args)
    with session_scope(make_session_factory(_engine(settings))) as session:
        set_password(session, args.username, password)
    print(f"password of {args.username} changed; its sessions have ended")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand and its help."""
    parser = argparse.ArgumentParser(
        prog="jointops",
        description="Command-centre dashboard for multinational wildlife-enforcement "
                    "operations.")
    parser.add_argument("--config", help="path of config.toml (default: JOINTOPS_CONFIG, "
                                         "else the project's config.toml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="create and migrate the database")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_sub.add_parser("upgrade", help="apply schema migrations and load reference data "
                                           "(countries, ports, taxa, CITES codes)")
    up.add_argument("--no-reference", action="store_true",
                    help="only migrate the schema; do not load reference data")
    up.set_defaults(handler=cmd_db_upgrade)
    cur = db_sub.add_parser("current", help="show the schema revision")
    cur.set_defaults(handler=cmd_db_current)
    rebuild = db_sub.add_parser("rebuild-summaries",
                                help="recompute the summary tables from the raw seizures")
    rebuild.set_defaults(handler=cmd_db_rebuild_summaries)

    demo = sub.add_parser(
        "demo", help="create demo operations (one in progress today, two closed) and demo "
                     "accounts",
        description="Create a realistic demo: an operation in progress today (day 18 of 28, "
                    "about 130 countries) and two closed earlier ones for comparison, "
                    "with seizures, daily reports, nil returns and one demo account per "
                    "role. Deterministic for a given seed and date.")
    demo.add_argument("--seizures", type=int, metavar="N",
                      help="seizures in the active operation (default from config.toml: "
                           "2200; up to millions for benchmarks)")
    demo.add_argument("--seed", type=int, metavar="S", help="random seed (default from "
                                                             "config.toml)")
    demo.add_argument("--today", metavar="YYYY-MM-DD",
                      help="date to build the operation around (default: today)")
    demo.add_argument("--replace", action="store_true",
                      help="delete existing demo operations first")
    demo.add_argument("--if-missing", action="store_true",
                      help="do nothing when demo operations already exist")
    demo.set_defaults(handler=cmd_demo)

    serve = sub.add_parser(
        "serve", help="serve the dashboard (gunicorn; --dev for the development server)",
        description="Serve the dashboard under gunicorn with several worker processes. "
                    "Host, port and workers default to the [server] section of "
                    "config.toml. Workers share sessions through the secret key and the "
                    "result cache through Redis when [cache] redis_url is set.")
    serve.add_argument("--host", help="address to listen on (default from config.toml: "
                                      "127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default from config.toml: 8050)")
    serve.add_argument("--workers", type=int, metavar="N",
                       help="gunicorn worker processes (default from config.toml: 2)")
    serve.add_argument("--timeout", type=int, default=120, metavar="S",
                       help="seconds before gunicorn restarts a silent worker (default 120)")
    serve.add_argument("--dev", action="store_true",
                       help="the single-process Flask development server instead of gunicorn")
    serve.add_argument("--debug", action="store_true",
                       help="development server in Dash debug mode with hot reload "
                            "(implies --dev)")
    serve.set_defaults(handler=cmd_serve)

    user = sub.add_parser("user", help="manage accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_sub.add_parser("add", help="create an account; the password is read from a "
                                          "prompt or from stdin")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--country", metavar="ISO3", help="country of a focal point")
    add.add_argument("--language", choices=("en", "fr", "pt"), help="preferred language")
    add.add_argument("--full-name", help="the person's name as shown in the app")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin")
    add.set_defaults(handler=cmd_user_add)
    lst = user_sub.add_parser("list", help="list accounts")
    lst.set_defaults(handler=cmd_user_list)
    dis = user_sub.add_parser("disable", help="disable an account and end its sessions")
    dis.add_argument("username")
    dis.set_defaults(handler=cmd_user_disable)
    pw = user_sub.add_parser("set-password", help="set a new password (prompt or stdin)")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true",
                    help="read the password from the first line of stdin")
    pw.set_defaults(handler=cmd_user_set_password)
    add_import_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `jointops` command."""
    args = build_parser().parse_args(argv)
    settings = load_settings(args.config)
    try:
        return args.handler(settings, args)
    except (UserError, RuntimeError, ValueError) as exc:
        print(f"jointops: {exc}", file=sys.stderr)
        return 2

