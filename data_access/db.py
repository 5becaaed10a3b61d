"""Engines and sessions: one engine per process, short sessions per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_access.summaries import install_listeners

# Execution option that makes an SQLite transaction take the write lock at BEGIN, so a
# read-then-write unit of work cannot be overtaken by another writer between its steps.
SQLITE_BEGIN_OPTION = "sqlite_begin"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(engine: Engine) -> None:
    """Set the pragmas every SQLite connection needs and take over BEGIN from pysqlite."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling would emit a plain BEGIN too late; we
        # emit BEGIN ourselves in the "begin" hook below (SQLAlchemy SQLite dialect docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # The busy timeout comes first: even switching to WAL needs a lock. Writers queue
        # for SQLite's single write lock; at the end of the day many focal points submit at
        # once, and waiting up to 30 s beats refusing a seizure with "database is locked".
        for pragma in (
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_db_engine(url: str, pool_size: int = 5, echo: bool = False) -> Engine:
    """Create the process's engine for a database URL (SQLite file or PostgreSQL); every
    Session then keeps the summary tables with its writes."""
    install_listeners()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={
            "check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Session factory bound to the engine; objects stay readable after commit, and writes
    keep the summary tables (also for engines not made by create_db_engine)."""
    install_listeners()
    return sessionmaker(bind=engine, expire_on_commit=False)


def writer_engine(engine: Engine) -> Engine:
    """The same engine, configured so SQLite write transactions lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    return engine


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error, always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
