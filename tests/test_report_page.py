"""The entry page's callbacks through the real endpoint, as a browser (or a forger) posts
them: server-side validation next to each field, one seizure per form token, optimistic
locking, and a focal point kept to their own country."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from dashboard import ids
from dashboard.views import report_form as rf
from data_access.authentication import principal_of
from data_access.db import session_scope
from data_access.models import DailyReport, Taxon, User
from data_access.seizures import SeizureInput, create_seizure, update_seizure
from data_access.validation import ItemInput
from tests.auth_helpers import language_restored, login
from tests.callback_outputs import text_of
from tests.conftest import DEMO_TODAY
from tests.report_helpers import OwnOperation, seizures_of, value
from tests.test_access import callback_request, user_callbacks

ENDPOINT = "/_dash-update-component"


def _callback(dash_app, name: str) -> tuple[str, dict[str, Any]]:
    """The callback map entry of a callback function of the entry page."""
    found = [(k, v) for k, v in user_callbacks(dash_app).items()
             if v["callback"].__name__ == name]
    assert len(found) == 1, name
    return found[0]


def _taxon(own: OwnOperation, name: str) -> int:
    with own.factory() as session:
        return session.execute(select(Taxon.id).where(Taxon.scientific_name == name)
                               ).scalar_one()


def save_body(dash_app, own: OwnOperation, country: str, fields: dict[str, Any],
              items: list[dict[str, Any]], *, token: str = "tok",
              editing: dict[str, Any] | None = None,
              date: str | None = None) -> dict[str, Any]:
    """The request the Save button sends, with the page's fields and item lines."""
    output, entry = _callback(dash_app, "save_seizure")
    body = callback_request(output, entry)
    names = list(rf.FIELD_ORDER)
    merged = {**rf.DEFAULTS, **fields}
    body["inputs"] = [value(ids.REPORT_SAVE, "n_clicks", 1)]
    body["state"] = [
        value(ids.REPORT_OPERATION, "value", str(own.operation_id)),
        value(ids.REPORT_COUNTRY, "value", country),
        value(ids.REPORT_DATE, "date", date or DEMO_TODAY.isoformat()),
        [value(rf.field_id(n), "value", merged.get(n)) for n in names],
        [value({"type": ids.REPORT_ITEM_LINE, "index": i}, "id",
               {"type": ids.REPORT_ITEM_LINE, "index": i}) for i in range(len(items))],
        value(ids.REPORT_TOKEN, "data", token),
        value(ids.REPORT_EDITING, "data", editing),
        *[[value(rf.item_id(name, i), "value", item.get(name)) for i, item in enumerate(items)]
          for name in rf.ItemField.ALL],
    ]
    # Feedback outputs as the page has them, so the errors come back per field.
    body["outputs"][0] = [{"id": {"type": ids.REPORT_FIELD_FEEDBACK, "name": n},
                           "property": "children"} for n in (*names, "seizure_date", "items")]
    body["outputs"][2] = [{"id": {"type": ids.REPORT_ITEM_FEEDBACK, "name": n, "index": i},
                           "property": "children"}
                          for i in range(len(items)) for n in rf.ItemField.ALL]
    body["outputs"][6] = [{"id": rf.field_id(n), "property": "value"} for n in names]
    return body


def _fields(reference: str) -> dict[str, Any]:
    return {rf.Field.REFERENCE: reference, rf.Field.WHERE: rf.Where.COUNTRY,
            rf.Field.POINT: "export", rf.Field.MODE: "air_passenger",
            rf.Field.DETECTION: "x_ray", rf.Field.SUSPECTS: 1}


def _ivory(own: OwnOperation, quantity: Any = 12.5) -> dict[str, Any]:
    return {rf.ItemField.SPECIES: _taxon(own, "Loxodonta africana"), rf.ItemField.TERM: "TUS",
            rf.ItemField.QUANTITY: quantity, rf.ItemField.UNIT: "KIL",
            rf.ItemField.LIVE: False}


def _post(client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(ENDPOINT, json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]



def _feedback(response: dict[str, Any]) -> dict[str, str]:
    """Feedback texts by field name (item fields as "name[index]")."""
    texts = {}
    for key, props in response.items():
        component = json.loads(key) if key.startswith("{") else key
        if isinstance(component, dict) and component.get("type") in (
                ids.REPORT_FIELD_FEEDBACK, ids.REPORT_ITEM_FEEDBACK):
            name = component["name"] + (f"[{component['index']}]" if "index" in component
                                        else "")
            texts[name] = props["children"]
    return texts


def test_errors_come_back_next_to_their_fields_and_nothing_is_saved(dash_app, own_operation):
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    fields = {**_fields(""), rf.Field.MODE: None}
    body = save_body(dash_app, own_operation, "KEN", fields,
                     [_ivory(own_operation, quantity=-3)],
                     date=(DEMO_TODAY + dt.timedelta(days=3)).isoformat())
    feedback = _feedback(_post(client, body))
    assert feedback["national_reference"] == "This field is required."
    assert feedback["transport_mode"] == "This field is required."
    assert "in the future" in feedback["seizure_date"]
    assert feedback["quantity[0]"] == "The quantity must be greater than zero."
    assert feedback["taxon_id[0]"] == ""
    assert seizures_of(own_operation) == []


def test_errors_are_in_the_users_language(dash_app, own_operation, demo_db_path):
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    with language_restored(demo_db_path, "fp-ken"):
        client.get("/lang/fr?next=/report")
        body = save_body(dash_app, own_operation, "KEN", _fields(""), [_ivory(own_operation)])
        feedback = _feedback(_post(client, body))
    assert feedback["national_reference"] == "Ce champ est obligatoire."


def test_one_form_token_creates_one_seizure_however_often_it_is_sent(dash_app, own_operation):
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-TOKEN-1"),
                     [_ivory(own_operation)], token="one-form-instance")
    first = _post(client, body)
    again = _post(client, body)
    assert "Seizure KE-TOKEN-1 saved" in text_of(first[ids.REPORT_ALERT])
    assert "already submitted" in text_of(again[ids.REPORT_ALERT])
    assert [s.national_reference for s in seizures_of(own_operation)] == ["KE-TOKEN-1"]


def test_a_seizure_replaces_the_days_nil_return_and_says_so(dash_app, own_operation):
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    output, entry = _callback(dash_app, "nil_return")
    nil = callback_request(output, entry)
    nil["inputs"] = [value(ids.REPORT_NIL, "n_clicks", 1)]
    nil["state"] = [value(ids.REPORT_OPERATION, "value", str(own_operation.operation_id)),
                    value(ids.REPORT_COUNTRY, "value", "KEN"),
                    value(ids.REPORT_DATE, "date", DEMO_TODAY.isoformat())]
    assert "Nil return recorded" in text_of(_post(client, nil))
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-NIL-1"),
                     [_ivory(own_operation)])
    assert "was replaced by this seizure" in text_of(_post(client, body))
    # Now the day has a seizure: a nil return is refused, with the reason.
    assert "already reported" in text_of(_post(client, nil))
    with own_operation.factory() as session:
        kinds = session.execute(select(DailyReport.kind).where(
            DailyReport.operation_id == own_operation.operation_id)).scalars().all()
    assert kinds == ["report"]


def test_a_stale_edit_is_refused_with_who_changed_it(dash_app, own_operation):
    with session_scope(own_operation.factory) as session:
        focal = principal_of(session, session.execute(
            select(User).where(User.username == "fp-ken")).scalar_one())
        admin = principal_of(session, session.execute(
            select(User).where(User.username == "admin")).scalar_one())
        item = ItemInput(_taxon(own_operation, "Loxodonta africana"), "TUS", 5, "KIL")
        data = SeizureInput(own_operation.operation_id, "KEN", "KE-LOCK-1", DEMO_TODAY,
                            "export", "air_passenger", "x_ray", items=(item,))
        seizure_id = create_seizure(session, focal, data).seizure_id
        update_seizure(session, admin, seizure_id, data, expected_version=1)
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-LOCK-1"),
                     [_ivory(own_operation, quantity=99)],
                     editing={"id": seizure_id, "version": 1, "reference": "KE-LOCK-1"})
    alert = text_of(_post(client, body)[ids.REPORT_ALERT])
    assert "changed by admin" in alert
    (stored,) = seizures_of(own_operation)
    assert stored.version == 2 and stored.items[0].quantity == 5


def test_a_focal_point_cannot_save_for_another_country(dash_app, own_operation):
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    body = save_body(dash_app, own_operation, "NGA", _fields("NG-FORGED-1"),
                     [_ivory(own_operation)])
    alert = text_of(_post(client, body)[ids.REPORT_ALERT])
    assert "only report for your own country" in alert
    assert seizures_of(own_operation) == []


def test_a_donor_cannot_call_the_save_callback(dash_app, own_operation):
    client = dash_app.server.test_client()
    login(client, "donor")
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-DONOR-1"),
                     [_ivory(own_operation)])
    assert client.post(ENDPOINT, json=body).status_code == 403
    assert seizures_of(own_operation) == []


def test_an_edit_returns_a_verified_seizure_to_provisional(dash_app, own_operation):
    with session_scope(own_operation.factory) as session:
        focal = principal_of(session, session.execute(
            select(User).where(User.username == "fp-ken")).scalar_one())
        item = ItemInput(_taxon(own_operation, "Loxodonta africana"), "TUS", 5, "KIL")
        data = SeizureInput(own_operation.operation_id, "KEN", "KE-VER-1", DEMO_TODAY,
                            "export", "air_passenger", "x_ray", items=(item,))
        seizure = create_seizure(session, focal, data).seizure
        seizure.status = "verified"
        seizure_id = seizure.id
    client = dash_app.server.test_client()
    login(client, "fp-ken")
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-VER-1"),
                     [_ivory(own_operation, quantity=7)],
                     editing={"id": seizure_id, "version": 1, "reference": "KE-VER-1"})
    assert "Changes to seizure KE-VER-1 saved" in text_of(_post(client, body))
    (stored,) = seizures_of(own_operation)
    assert stored.status == "provisional" and stored.items[0].quantity == 7


def _context_body(dash_app, own: OwnOperation) -> dict[str, Any]:
    output, entry = _callback(dash_app, "report_context")
    body = callback_request(output, entry)
    body["inputs"] = [value(ids.REPORT_OPERATION, "value", str(own.operation_id)),
                      value(ids.REPORT_COUNTRY, "value", "KEN"),
                      value(ids.REPORT_REOPENED, "data", None)]
    body["state"] = [value(ids.REPORT_DATE, "date", None)]
    return body


def test_after_the_lock_date_entry_is_closed_until_a_commander_reopens(dash_app,
                                                                       own_operation):
    from data_access.models import CountryReopening, Operation

    with session_scope(own_operation.factory) as session:
        session.get(Operation, own_operation.operation_id).lock_date = \
            DEMO_TODAY - dt.timedelta(days=1)
    focal = dash_app.server.test_client()
    login(focal, "fp-ken")
    context = _post(focal, _context_body(dash_app, own_operation))
    assert "Reporting is closed." in text_of(context[ids.REPORT_STATE])
    assert context["report-fieldset"]["disabled"] is True
    assert context[ids.REPORT_REOPEN_BOX]["hidden"] is True  # not for focal points
    body = save_body(dash_app, own_operation, "KEN", _fields("KE-LATE-1"),
                     [_ivory(own_operation)])
    assert "was locked on" in text_of(_post(focal, body)[ids.REPORT_ALERT])
    # A focal point cannot reopen, even by posting the callback.
    output, entry = _callback(dash_app, "reopen_reporting")
    reopen = callback_request(output, entry)
    reopen["inputs"] = [value(ids.REPORT_REOPEN, "n_clicks", 1)]
    reopen["state"] = [value(ids.REPORT_OPERATION, "value", str(own_operation.operation_id)),
                       value(ids.REPORT_COUNTRY, "value", "KEN"),
                       value(ids.REPORT_REOPEN_REASON, "value", "Late data from the port")]
    assert focal.post(ENDPOINT, json=reopen).status_code == 403
    commander = dash_app.server.test_client()
    login(commander, "commander")
    assert _post(commander, _context_body(dash_app, own_operation))[
        ids.REPORT_REOPEN_BOX]["hidden"] is False
    _post(commander, reopen)
    context = _post(focal, _context_body(dash_app, own_operation))
    assert "Reporting was reopened." in text_of(context[ids.REPORT_STATE])
    assert "Late data from the port" in text_of(context[ids.REPORT_STATE])
    assert "saved" in text_of(_post(focal, body)[ids.REPORT_ALERT])
    with own_operation.factory() as session:
        reasons = session.execute(select(CountryReopening.reason).where(
            CountryReopening.operation_id == own_operation.operation_id)).scalars().all()
    assert reasons == ["Late data from the port"]
