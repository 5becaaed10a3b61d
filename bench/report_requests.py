"""The entry page's (/report) callback requests, for the load test's focal points.

Built from the app's own callback map, as the browser sends them (the same builders as the
entry page's endpoint tests), then posted to /_dash-update-component of the served app by
each focal point's own signed-in session: the load goes through login, CSRF, role checks,
validation and the write, as a real submission does.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from common import ROOT

sys.path.insert(0, str(ROOT))  # the entry page's request builders live with its tests
from dashboard import ids  # noqa: E402
from dashboard.views import report_form as rf  # noqa: E402
from tests.report_helpers import value  # noqa: E402
from tests.test_access import callback_request, user_callbacks  # noqa: E402
from tests.test_report_page import save_body  # noqa: E402


@dataclass(frozen=True)
class ReportRequests:
    """Request bodies with placeholders, filled in per submission by the methods below."""

    save: dict[str, Any]
    nil: dict[str, Any]
    entries: dict[str, Any]

    def save_for(self, country: str, day: str, reference: str, token: str,
                 quantity: float) -> dict[str, Any]:
        """Save one ivory seizure of `quantity` kg reported by `country` on `day`."""
        return _patched(self.save, [
            (ids.REPORT_COUNTRY, "value", country), (ids.REPORT_DATE, "date", day),
            (rf.field_id(rf.Field.REFERENCE), "value", reference),
            (ids.REPORT_TOKEN, "data", token),
            (rf.item_id(rf.ItemField.QUANTITY, 0), "value", quantity)])

    def nil_for(self, country: str, day: str) -> dict[str, Any]:
        """Record a nil return of `country` for `day`."""
        return _patched(self.nil, [(ids.REPORT_COUNTRY, "value", country),
                                   (ids.REPORT_DATE, "date", day)])

    def entries_for(self, country: str, saved: str) -> dict[str, Any]:
        """The entries grid's refresh that follows a save (as the page sends it)."""
        return _patched(self.entries, [(ids.REPORT_COUNTRY, "value", country),
                                       (ids.REPORT_SAVED, "data", saved)])


def _key(component_id: Any) -> str:
    return repr(sorted(component_id.items())) if isinstance(component_id, dict) \
        else repr(component_id)


def _patched(body: dict[str, Any], values: list[tuple[Any, str, Any]]) -> dict[str, Any]:
    """A copy of the body with these (component id, property, value) inputs and states."""
    wanted = {(_key(component), prop): val for component, prop, val in values}
    out = copy.deepcopy(body)

    def visit(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                visit(entry)
            elif (_key(entry["id"]), entry["property"]) in wanted:
                entry["value"] = wanted[(_key(entry["id"]), entry["property"])]

    visit(out["inputs"])
    visit(out["state"])
    return out


def _named(dash_app: Any, name: str) -> tuple[str, dict[str, Any]]:
    found = [(k, v) for k, v in user_callbacks(dash_app).items()
             if v["callback"].__name__ == name]
    if len(found) != 1:
        raise RuntimeError(f"callback {name} not found once in the entry page")
    return found[0]


def report_requests(config: Path, operation_id: int, taxon_id: int) -> ReportRequests:
    """The bodies of Save, Nil return and the entries grid refresh for an operation."""
    from dashboard.app import create_app
    from dashboard.settings import load_settings

    dash_app = create_app(load_settings(config))
    fields = {rf.Field.REFERENCE: "", rf.Field.WHERE: rf.Where.COUNTRY,
              rf.Field.POINT: "export", rf.Field.MODE: "air_passenger",
              rf.Field.DETECTION: "x_ray", rf.Field.SUSPECTS: 1}
    item = {rf.ItemField.SPECIES: taxon_id, rf.ItemField.TERM: "TUS",
            rf.ItemField.QUANTITY: 1.0, rf.ItemField.UNIT: "KIL", rf.ItemField.LIVE: False}
    save = save_body(dash_app, SimpleNamespace(operation_id=operation_id), "", fields, [item])
    output, entry = _named(dash_app, "nil_return")
    nil = callback_request(output, entry)
    nil["inputs"] = [value(ids.REPORT_NIL, "n_clicks", 1)]
    nil["state"] = [value(ids.REPORT_OPERATION, "value", str(operation_id)),
                    value(ids.REPORT_COUNTRY, "value", ""), value(ids.REPORT_DATE, "date", "")]
    output, entry = _named(dash_app, "show_entries")
    entries = callback_request(output, entry)
    entries["inputs"] = [value(ids.REPORT_OPERATION, "value", str(operation_id)),
                         value(ids.REPORT_COUNTRY, "value", ""),
                         value(ids.REPORT_SHOW_WITHDRAWN, "value", False),
                         value(ids.REPORT_SAVED, "data", "")]
    entries["changedPropIds"] = [f"{ids.REPORT_SAVED}.data"]
    return ReportRequests(save=save, nil=nil, entries=entries)
