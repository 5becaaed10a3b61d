"""An operation of its own for tests that write through the entry page, so that the shared
demo database keeps the counts other tests rely on; and callback request bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import (
    AuditEvent,
    Base,
    Operation,
    Seizure,
    SeizureItem,
    SeizureTransit,
)
from tests.factories import make_operation, unique


@dataclass
class OwnOperation:
    """A throwaway active operation (KEN, NGA taking part) covering today."""

    factory: sessionmaker[Session]
    operation_id: int
    code: str
    name: str


def _remove(session: Session, operation_id: int) -> None:
    """Delete everything of the operation, children first, whatever tables exist."""
    seizure_ids = select(Seizure.id).where(Seizure.operation_id == operation_id)
    ids = [str(i) for i in session.execute(seizure_ids).scalars()]
    session.execute(delete(SeizureItem).where(SeizureItem.seizure_id.in_(seizure_ids)))
    session.execute(delete(SeizureTransit).where(SeizureTransit.seizure_id.in_(seizure_ids)))
    if ids:
        session.execute(delete(AuditEvent).where(AuditEvent.entity_type == "seizure",
                                                 AuditEvent.entity_id.in_(ids)))
    for table in reversed(Base.metadata.sorted_tables):
        if "operation_id" in table.c and table.name != "operations":
            session.execute(delete(table).where(table.c.operation_id == operation_id))
    session.execute(delete(Operation).where(Operation.id == operation_id))


@pytest.fixture
def own_operation(demo_db_path) -> Iterator[OwnOperation]:
    """The operation, removed with all it holds after the test."""
    from tests.conftest import DEMO_TODAY  # conftest imports this module

    engine = create_db_engine(f"sqlite:///{demo_db_path}")
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        operation = make_operation(session, start=DEMO_TODAY - dt.timedelta(days=6), days=12,
                                   countries=("KEN", "NGA"))
        operation.name = unique("Entry test")
        operation.timezone = "Europe/Brussels"
        own = OwnOperation(factory, operation.id, operation.code, operation.name)
    yield own
    with session_scope(factory) as session:
        _remove(session, own.operation_id)
    engine.dispose()


def seizures_of(own: OwnOperation) -> list[Seizure]:
    """The operation's seizures with their items loaded."""
    with own.factory() as session:
        rows = session.execute(select(Seizure).where(
            Seizure.operation_id == own.operation_id)).scalars().all()
        for row in rows:
            _ = list(row.items)
        session.expunge_all()
        return list(rows)


def value(component_id: Any, prop: str, val: Any) -> dict[str, Any]:
    """One input or state of a callback request."""
    return {"id": component_id, "property": prop, "value": val}
