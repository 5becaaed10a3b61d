"""A double submit of the entry form (issue 12, finding 9): five saves with one form token
at once make one seizure, and every one of them answers "saved" with that seizure, never
"the national reference is already used". On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from data_access import seizures
from data_access.db import session_scope
from data_access.errors import EntryError
from data_access.models import Seizure
from data_access.seizures import WriteResult, create_seizure
from tests.factories import unique
from tests.test_seizure_writes import World, entry, world  # noqa: F401 - the fixture

CLICKS = 5
WAIT_SECONDS = 20


def committed(factory: sessionmaker[Session], token: str) -> bool:
    """Whether a seizure with this token is visible to other transactions."""
    with factory() as session:
        return session.execute(select(Seizure.id).where(
            Seizure.submission_token == token)).first() is not None


def hold_the_losers(factory: sessionmaker[Session], token: str,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the race of a double click happen every time: every save has looked for its
    token (finding none) before one of them writes; the others then wait until that one
    has committed, and go on to the reference check."""
    started = threading.Barrier(CLICKS)
    real = seizures._validated

    def validated(*args: Any, **kwargs: Any):
        if started.wait(timeout=WAIT_SECONDS) != 0:
            deadline = time.monotonic() + WAIT_SECONDS
            while not committed(factory, token) and time.monotonic() < deadline:
                time.sleep(0.02)
        return real(*args, **kwargs)

    monkeypatch.setattr(seizures, "_validated", validated)


def test_five_saves_with_one_token_all_answer_saved(world: World,  # noqa: F811
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    token = unique("double")
    data = entry(world)
    if world.factory.kw["bind"].dialect.name == "postgresql":
        # SQLite writers take the write lock at BEGIN and run one after the other, so the
        # race only exists on PostgreSQL.
        hold_the_losers(world.factory, token, monkeypatch)
    answers: list[WriteResult | EntryError] = []
    gate = threading.Barrier(CLICKS)

    def click() -> None:
        gate.wait(timeout=WAIT_SECONDS)
        try:
            with session_scope(world.factory) as session:
                answers.append(create_seizure(session, world.fp_ken, data,
                                              submission_token=token))
        except EntryError as exc:
            answers.append(exc)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_SECONDS)
    refused = [[e.code for e in a.errors] for a in answers if isinstance(a, EntryError)]
    assert refused == [] and len(answers) == CLICKS
    assert len({a.seizure_id for a in answers}) == 1
    assert sum(not a.duplicate for a in answers) == 1
    with world.factory() as session:
        assert session.execute(select(func.count(Seizure.id)).where(
            Seizure.national_reference == data.national_reference)).scalar_one() == 1
