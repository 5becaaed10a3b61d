"""The summary listeners are installed by the engine and session factories, not on import."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
from sqlalchemy import event
from sqlalchemy.orm import Session

import data_access.queries, data_access.seizures, data_access.summaries as summaries

def installed():
    return [event.contains(Session, name, fn) for name, fn in summaries._LISTENERS]

print(installed())
from data_access.db import create_db_engine, make_session_factory
engine = create_db_engine("sqlite://")
make_session_factory(engine)
summaries.install_listeners()
print(installed(), len(list(Session.dispatch.after_flush._clslevel[Session])))
"""


def test_importing_installs_nothing_and_the_factories_install_once() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split("\n")[:2] == ["[False, False, False]", "[True, True, True] 1"]
