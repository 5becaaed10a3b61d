"""Migrations apply cleanly on a new SQLite file and on PostgreSQL and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from data_access import schema
from data_access.models import Base


def test_upgrade_creates_every_table_on_an_empty_sqlite_file(empty_engine: Engine) -> None:
    assert schema.current_revision(empty_engine) is None
    schema.upgrade(empty_engine)
    assert schema.current_revision(empty_engine) == schema.head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_base_and_upgrade_again(empty_engine: Engine) -> None:
    schema.upgrade(empty_engine)
    schema.downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    schema.upgrade(empty_engine)
    assert schema.current_revision(empty_engine) == schema.head_revision()


def test_migrated_database_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_schema_is_at_head_on_both_databases(engine: Engine) -> None:
    assert schema.current_revision(engine) == schema.head_revision()
