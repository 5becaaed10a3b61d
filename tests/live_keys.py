"""A live page's key as the browser gets it: from the page's heartbeat, through the real
endpoint (figure callbacks refuse keys the server did not seal)."""

from __future__ import annotations

from typing import Any

from dashboard import ids
from dashboard.ids import LiveIds
from tests.test_access import callback_request, user_callbacks

LIVE_PAGES = (ids.OVERVIEW_LIVE, ids.MAP_LIVE, ids.SPECIES_LIVE, ids.DAILY_LIVE,
              ids.REPORTING_LIVE)


def live_key(client, dash_app, live: LiveIds, search: str) -> Any:
    """The key the page's heartbeat answers for a URL query (None if refused)."""
    output, entry = next((k, v) for k, v in user_callbacks(dash_app).items()
                         if k.startswith(f"..{live.version}.data"))
    body = callback_request(output, entry)
    body["inputs"][0]["value"] = search
    response = client.post("/_dash-update-component", json=body)
    if response.status_code != 200:
        return None
    return response.get_json()["response"][live.version]["data"]
