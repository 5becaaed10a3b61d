"""Malformed callback input answers 400 with a clear message, never 500 (issue 12, finding
10): forged stores posted to the real endpoint, and a walk of every callback with inputs
of the wrong type."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.access import roles_of
from data_access.db import create_db_engine
from data_access.models import AuditEvent, Seizure
from tests.auth_helpers import login
from tests.test_access import ROLE_USERS, callback_request, user_callbacks

# Values of the wrong type for any input: text, object, number, list, switch.
WRONG_VALUES = ("x", {"a": 1}, 12345, ["x"], True)


@pytest.fixture
def clients(dash_app) -> dict[str, Any]:
    """A signed-in test client per role."""
    signed_in = {}
    for role, username in ROLE_USERS.items():
        client = dash_app.server.test_client()
        assert login(client, username).status_code == 302
        signed_in[role] = client
    return signed_in


def callback_entry(dash_app, name: str) -> tuple[str, dict[str, Any]]:
    """The callback map's key and entry of a callback function."""
    return next((output, entry) for output, entry in user_callbacks(dash_app).items()
                if entry["callback"].__name__ == name)


def with_values(body: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A request body with some inputs and states (by component id) set."""
    body = copy.deepcopy(body)
    for item in [*body["inputs"], *body["state"]]:
        if isinstance(item, dict) and item["id"] in values:
            item["value"] = values[item["id"]]
    return body


def audit_count(app_settings) -> int:
    """Audit events in the test app's database (every write leaves one)."""
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        count = session.execute(select(func.count(AuditEvent.id))).scalar_one()
    engine.dispose()
    return count


def a_seizure(app_settings) -> tuple[int, int]:
    """Id and version of a live KEN seizure of the demo."""
    engine = create_db_engine(app_settings.database.url)
    with Session(engine) as session:
        row = session.execute(select(Seizure.id, Seizure.operation_id).where(
            Seizure.reporting_country == "KEN", Seizure.deleted.is_(False)).limit(1)).one()
    engine.dispose()
    return row


# --- forged stores -----------------------------------------------------------------------

@pytest.mark.parametrize("editing, field", [
    ({"id": 1, "version": "abc", "reference": "X"}, "report-editing.version"),
    ({"id": None, "version": 1, "reference": "X"}, "report-editing.id"),
    ("not a store", "report-editing"),
])
def test_save_with_a_forged_edit_store_answers_400(dash_app, clients, app_settings,
                                                   editing: Any, field: str) -> None:
    seizure_id, operation_id = a_seizure(app_settings)
    if isinstance(editing, dict) and editing["id"] is not None:
        editing["id"] = seizure_id
    output, entry = callback_entry(dash_app, "save_seizure")
    body = with_values(callback_request(output, entry), {
        ids.REPORT_SAVE: 1, ids.REPORT_OPERATION: str(operation_id),
        ids.REPORT_COUNTRY: "KEN", ids.REPORT_DATE: dt.date.today().isoformat(),
        ids.REPORT_TOKEN: "forged", ids.REPORT_EDITING: editing})
    before = audit_count(app_settings)
    response = clients["focal_point"].post("/_dash-update-component", json=body)
    assert response.status_code == 400, response.data[:300]
    answer = response.get_json()
    assert answer["error"] == "bad input" and "Reload the page" in answer["message"]
    assert answer["detail"].startswith(field)
    assert audit_count(app_settings) == before


@pytest.mark.parametrize("version", ["abc", 1.5, {"v": 1}])
def test_verify_with_a_forged_version_answers_400(dash_app, clients, app_settings,
                                                  version: Any) -> None:
    seizure_id, _operation = a_seizure(app_settings)
    output, entry = callback_entry(dash_app, "change_status")
    body = with_values(callback_request(output, entry), {
        ids.SEIZURE_VERIFY: 1, ids.SEIZURE_ID: seizure_id, ids.SEIZURE_VERSION: version})
    response = clients["commander"].post("/_dash-update-component", json=body)
    assert response.status_code == 400
    assert response.get_json()["detail"].startswith(ids.SEIZURE_VERSION)


def test_withdraw_with_a_forged_row_answers_400(dash_app, clients) -> None:
    output, entry = callback_entry(dash_app, "withdraw_seizure")
    body = with_values(callback_request(output, entry), {
        ids.REPORT_WITHDRAW: 1, ids.REPORT_WITHDRAW_REASON: "x",
        ids.REPORT_GRID: [{"id": "1; drop", "version": 1}]})
    response = clients["focal_point"].post("/_dash-update-component", json=body)
    assert response.status_code == 400
    assert response.get_json()["detail"].startswith(f"{ids.REPORT_GRID}.id")


# --- every callback ----------------------------------------------------------------------

def wrong_bodies(body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The body with every value wrong at once, then each value wrong on its own."""
    items = [(group, i) for group in ("inputs", "state")
             for i, item in enumerate(body[group]) if isinstance(item, dict)]
    for wrong in WRONG_VALUES:
        forged = copy.deepcopy(body)
        for group, i in items:
            forged[group][i]["value"] = wrong
        yield forged
        for group, i in items:
            single = copy.deepcopy(body)
            single[group][i]["value"] = wrong
            yield single


def test_no_callback_answers_500_to_wrong_types(dash_app, clients, app_settings) -> None:
    callbacks = user_callbacks(dash_app)
    assert len(callbacks) > 40
    before = audit_count(app_settings)
    failures, refused, posted = [], 0, 0
    for output, entry in callbacks.items():
        client = clients[roles_of(entry["callback"])[0]]
        for body in wrong_bodies(callback_request(output, entry)):
            response = client.post("/_dash-update-component", json=body)
            posted += 1
            if response.status_code >= 500:
                failures.append((entry["callback"].__name__, response.status_code))
            elif response.status_code == 400:
                refused += 1
                assert response.get_json()["error"] == "bad input"
    assert failures == []
    assert refused > 0 and posted > 500
    # Malformed input never writes.
    assert audit_count(app_settings) == before
