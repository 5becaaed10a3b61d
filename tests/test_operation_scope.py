"""A commander restricted to some operations reads those only: through the data layer's one
rule (data_access/scope.py) and through every callback of every page (issue 12, finding 1).

The walk posts each callback a commander may call, as a restricted commander, naming an
operation outside its scope, and compares the answer with the answer for an operation that
does not exist: any difference is something the scope let through. The same walk as an
unrestricted commander must find data, so that the walk itself can fail.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.access import COMMANDER, roles_of
from data_access.authentication import Principal
from data_access.db import create_db_engine, make_session_factory, session_scope
from data_access.models import Operation, Seizure, User, UserOperation
from data_access.passwords import hash_password
from data_access.queries import operations
from data_access.queries.daily import compared_operations
from data_access.queries.filter_options import resolve_operation
from data_access.queries.geography import Layers
from data_access.scope import EVERY_OPERATION, NO_OPERATION, OperationScope, operation_scope
from tests.auth_helpers import login
from tests.conftest import ACTIVE, DEMO_PASSWORD, DEMO_TODAY
from tests.factories import make_operation, unique
from tests.live_keys import LIVE_PAGES, live_key
from tests.test_access import _is_wildcard, _parse_id, callback_request, user_callbacks

OUTSIDE = ACTIVE  # the demo's running operation
INSIDE = f"THUNDER-{DEMO_TODAY.year - 1}"
MISSING = "NO-SUCH-OPERATION"
MISSING_ID = 987_654_321
CLOCK = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")
TOKEN = re.compile(r'"[0-9a-f]{32}"')  # a fresh form token in every answer
# Refusals may name the reason: they are not data. Everything else must be identical.
REFUSALS = ("You do not take part in this operation.", "This operation does not exist.",
            "Your account does not cover this operation.", "This seizure does not exist.")


def principal(role: str, *, operation_ids: tuple[int, ...] = (),
              country: str | None = None) -> Principal:
    return Principal(1, "someone", role, country, None, 0, operation_ids)


# --- The rule in the data layer -----------------------------------------------------------

def test_scope_of_each_role() -> None:
    assert operation_scope(None) == NO_OPERATION
    assert operation_scope(principal("admin")) == EVERY_OPERATION
    assert operation_scope(principal("commander")) == EVERY_OPERATION
    assert operation_scope(principal("commander", operation_ids=(3, 5))) == \
        OperationScope(operation_ids=frozenset({3, 5}))
    assert operation_scope(principal("focal_point", country="KEN")) == \
        OperationScope(country_iso3="KEN")
    assert operation_scope(principal("donor")) == NO_OPERATION


def test_operations_are_resolved_within_the_scope(engine) -> None:
    with Session(engine) as session:
        mine = make_operation(session, start=dt.date(2026, 1, 1), countries=("KEN",))
        other = make_operation(session, start=dt.date(2026, 2, 1), countries=("NGA",))
        session.commit()
        restricted = operation_scope(principal("commander", operation_ids=(mine.id,)))
        kenya = operation_scope(principal("focal_point", country="KEN"))
        for scope in (restricted, kenya):
            assert resolve_operation(session, mine.code, scope).id == mine.id
            assert resolve_operation(session, other.code, scope) is None
            codes = set(operations.list_operations(session, scope)["code"])
            assert mine.code in codes and other.code not in codes
            assert operations.default_operation_code(session, scope) != other.code
        assert resolve_operation(session, other.code, EVERY_OPERATION).id == other.id
        assert resolve_operation(session, other.code, NO_OPERATION) is None
        assert operations.list_operations(session, NO_OPERATION).empty
        # Earlier operations compared on the daily page stay inside the scope too.
        later = make_operation(session, start=dt.date(2026, 3, 1), countries=("KEN",))
        session.commit()
        assert mine.id in compared_operations(session, later.id, kenya)
        assert other.id not in compared_operations(session, later.id, kenya)
        assert other.id in compared_operations(session, later.id, EVERY_OPERATION)


# --- Every callback, as a restricted commander --------------------------------------------

@pytest.fixture(scope="module")
def restricted_commander(app_settings) -> str:
    """A commander restricted to last year's demo operation."""
    username = unique("cmd-restricted").lower()
    engine = create_db_engine(app_settings.database.url)
    with session_scope(make_session_factory(engine)) as session:
        inside = session.execute(select(Operation.id).where(Operation.code == INSIDE)
                                 ).scalar_one()
        user = User(username=username, password_hash=hash_password(DEMO_PASSWORD),
                    role=COMMANDER, active=True)
        session.add(user)
        session.flush()
        session.add(UserOperation(user_id=user.id, operation_id=inside))
    engine.dispose()
    return username


@pytest.fixture(scope="module")
def outside(app_settings) -> dict[str, Any]:
    """The operation outside the restricted commander's scope, and one of its seizures."""
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        operation = session.execute(select(Operation).where(Operation.code == OUTSIDE)
                                    ).scalar_one()
        seizure = session.execute(select(Seizure).where(Seizure.operation_id == operation.id)
                                  .order_by(Seizure.id.desc()).limit(1)).scalar_one()
        found = {"code": operation.code, "id": operation.id, "seizure": seizure.id,
                 "country": seizure.reporting_country,
                 "date": seizure.seizure_date.isoformat()}
    engine.dispose()
    return found


def _value_for(component_id: Any, prop: str, target: dict[str, Any],
               keys: dict[str, Any]) -> Any:
    """What the browser would send for one input or state when looking at `target`."""
    search = f"?operation={target['code']}"
    if not isinstance(component_id, str):
        return None  # pattern-matching ids: the entry form's fields, none names an operation
    if component_id == ids.URL and prop == "search":
        return search
    if component_id == ids.URL and prop == "pathname":
        return "/"
    if component_id in keys and prop == "data":
        return keys[component_id]
    if component_id in (ids.IMPACT_OPERATION, ids.OPERATION_PICKER) and prop == "value":
        return target["code"]
    if component_id in (ids.REPORT_OPERATION, ids.UPLOAD_OPERATION) and prop == "value":
        return target["id"]
    if component_id in (ids.REPORT_COUNTRY, ids.UPLOAD_COUNTRY) and prop == "value":
        return target["country"]
    if component_id == ids.REPORT_DATE:
        return target["date"]
    if component_id == ids.SEIZURE_ID:
        return target["seizure"]
    if component_id == ids.REPORT_SHOW_WITHDRAWN:
        return True
    if component_id == ids.MAP_LAYERS:
        return list(Layers.ALL)
    return None


def _request(output: str, entry: dict[str, Any], target: dict[str, Any],
             keys: dict[str, Any] | None = None) -> dict[str, Any]:
    """A callback request whose inputs look at `target` (live pages: with the keys their
    heartbeats answered)."""
    body = callback_request(output, entry)
    for group in ("inputs", "state"):
        for item, spec in zip(body[group], entry.get(group, []), strict=True):
            component_id = _parse_id(spec["id"])
            if not _is_wildcard(component_id):
                item["value"] = _value_for(component_id, spec["property"], target,
                                           keys or {})
    return body


def _answer(client, output: str, entry: dict[str, Any], target: dict[str, Any],
            echo: dict[str, Any], keys: dict[str, Any]) -> tuple[int, str]:
    """Status and body of a callback, with what merely echoes the request made neutral."""
    response = client.post("/_dash-update-component",
                           json=_request(output, entry, target, keys))
    text = response.get_data(as_text=True)
    if response.status_code == 200:
        for name in ("code", "date", "country"):
            text = text.replace(str(target[name]), echo[name])
        text = TOKEN.sub('"<token>"', CLOCK.sub("hh:mm", text))
        for refusal in REFUSALS:
            text = text.replace(refusal, "<refused>")
    return response.status_code, text


def _difference(seen: tuple[int, str], unknown: tuple[int, str]) -> str:
    """Where two answers part (for the failure message)."""
    if seen[0] != unknown[0]:
        return f"status {seen[0]} != {unknown[0]}"
    start = next((i for i, (a, b) in enumerate(zip(seen[1], unknown[1], strict=False))
                  if a != b), min(len(seen[1]), len(unknown[1])))
    return f"...{seen[1][max(start - 60, 0):start + 120]} != ...{unknown[1][start:start + 120]}"


def _walk(client, dash_app, target: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """Every commander callback's answer for `target`."""
    echo = {"code": "<code>", "date": "<date>", "country": "<country>"}
    # As the browser does: each page's heartbeat first, then its figures with that key.
    search = f"?operation={target['code']}"
    keys = {live.version: live_key(client, dash_app, live, search) for live in LIVE_PAGES}
    answers = {}
    for output, entry in user_callbacks(dash_app).items():
        if COMMANDER in (roles_of(entry["callback"]) or ()):
            answers[output] = _answer(client, output, entry, target, echo, keys)
    return answers


def _missing(outside: dict[str, Any]) -> dict[str, Any]:
    """An operation and seizure that do not exist (same country and date as `outside`)."""
    return {**outside, "code": MISSING, "id": MISSING_ID, "seizure": MISSING_ID}


def test_restricted_commander_gets_nothing_of_another_operation(
        dash_app, restricted_commander, outside) -> None:
    client = dash_app.server.test_client()
    assert login(client, restricted_commander).status_code == 302
    seen = _walk(client, dash_app, outside)
    unknown = _walk(client, dash_app, _missing(outside))
    assert len(seen) >= 30, "the walk found too few callbacks to prove anything"
    leaks = {output: (seen[output], unknown[output]) for output in seen
             if seen[output] != unknown[output]}
    assert leaks == {}, "answered differently for an operation outside the scope:\n" + \
        "\n".join(f"{output[:80]}: {_difference(*answers)}" for output, answers in leaks.items())


def test_the_walk_sees_data_when_the_scope_allows_it(dash_app, outside) -> None:
    """The same walk as an unrestricted commander: the data callbacks do answer with data,
    so the comparison above would catch a callback that forgot the scope."""
    client = dash_app.server.test_client()
    assert login(client, "commander").status_code == 302
    seen = _walk(client, dash_app, outside)
    unknown = _walk(client, dash_app, _missing(outside))
    differing = {output for output in seen if seen[output] != unknown[output]}
    data_outputs = {ids.OVERVIEW_HEADLINE, ids.OVERVIEW_LATEST, ids.OVERVIEW_DAILY,
                    ids.SPECIES_TABLE, ids.SPECIES_SUNBURST, ids.DAILY_CUMULATIVE,
                    ids.REPORTING_RATES, ids.MAP_GRAPH, ids.SEIZURE_DETAIL, ids.REPORT_GRID}
    missed = {name for name in data_outputs
              if not any(name in output for output in differing)}
    assert missed == set(), f"the walk did not reach these outputs with data: {missed}"


def test_restricted_commander_defaults_to_and_picks_from_its_own_operations(
        dash_app, restricted_commander, outside) -> None:
    client = dash_app.server.test_client()
    login(client, restricted_commander)
    entries = user_callbacks(dash_app)
    picker = next(k for k in entries if k.startswith(f"..{ids.OPERATION_PICKER}.options"))
    body = _request(picker, entries[picker], {**outside, "code": ""})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    answer = json.loads(response.get_data(as_text=True))["response"]
    offered = [option["value"] for option in answer[ids.OPERATION_PICKER]["options"]]
    assert offered == [INSIDE]
    assert answer[ids.OPERATION_PICKER]["value"] == INSIDE
    heartbeat = next(k for k in entries if k.startswith(f"..{ids.OVERVIEW_LIVE.version}"))
    body = _request(heartbeat, entries[heartbeat], outside)
    body["inputs"][0]["value"] = ""  # no ?operation=: the user's default
    answer = json.loads(client.post("/_dash-update-component", json=body)
                        .get_data(as_text=True))["response"]
    assert answer[ids.OVERVIEW_LIVE.version]["data"]["operation"] == INSIDE


def test_impact_downloads_follow_the_scope(dash_app, restricted_commander) -> None:
    """The impact pages' CSV and PDF go through the same scope for restricted commanders."""
    engine = create_db_engine(dash_app.server.config["JOINTOPS_SETTINGS"].database.url)
    with Session(engine) as session:
        other = session.execute(select(Operation.code).where(
            Operation.code.not_in([INSIDE, OUTSIDE]), Operation.end_date < DEMO_TODAY)
        ).scalars().first()
    engine.dispose()
    assert other is not None, "the demo has no other ended operation"
    client = dash_app.server.test_client()
    login(client, "commander")
    assert client.get(f"/impact/export.csv?operation={other}").status_code == 200
    login(client, restricted_commander)
    assert client.get(f"/impact/export.csv?operation={other}").status_code == 404
    assert client.get(f"/impact/export.csv?operation={INSIDE}").status_code == 200


def test_a_key_sealed_for_a_wider_scope_shows_nothing(dash_app, restricted_commander,
                                                      outside) -> None:
    """A live key copied from an unrestricted commander's browser opens nothing for a
    restricted one: the seal covers the scope it was made for."""
    search = f"?operation={outside['code']}"
    wide = dash_app.server.test_client()
    login(wide, "commander")
    key = live_key(wide, dash_app, ids.OVERVIEW_LIVE, search)
    assert key and key.get("seal"), "the heartbeat did not seal the key"
    narrow = dash_app.server.test_client()
    login(narrow, restricted_commander)
    entries = user_callbacks(dash_app)
    headline = next(k for k in entries if k.startswith(f"{ids.OVERVIEW_HEADLINE}."))
    body = callback_request(headline, entries[headline])
    for wanted, client in ((True, wide), (False, narrow)):
        body["inputs"][0]["value"] = key
        text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
        assert ("Thunder" in text) is wanted, text[:300]
    forged = {**key, "version": "0|"}  # any change breaks the seal
    body["inputs"][0]["value"] = forged
    text = wide.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "not open to you" in text
