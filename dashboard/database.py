"""The app's database: one engine per process, one short session per callback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import flask
from sqlalchemy.orm import Session, sessionmaker

from data_access.db import create_db_engine, make_session_factory, session_scope, writer_engine

EXTENSION_KEY = "jointops.db"


class Database:
    """Session factories for reads and for writes of one app."""

    def __init__(self, url: str, pool_size: int) -> None:
        self.engine = create_db_engine(url, pool_size)
        self.reader: sessionmaker[Session] = make_session_factory(self.engine)
        self.writer: sessionmaker[Session] = make_session_factory(writer_engine(self.engine))


def init_app(server: flask.Flask, url: str, pool_size: int) -> Database:
    """Create the engine and attach it to the Flask app."""
    database = Database(url, pool_size)
    server.extensions[EXTENSION_KEY] = database
    return database


def current_database() -> Database:
    """The database of the app serving the current request."""
    return flask.current_app.extensions[EXTENSION_KEY]


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for queries within the current request."""
    with session_scope(current_database().reader) as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    """A session for one write unit of work (SQLite takes the write lock at BEGIN)."""
    with session_scope(current_database().writer) as session:
        yield session
