"""The page guard sees the page Dash's router would render (issue 12, findings 5 and 10):
paths normalised as Dash normalises them, inputs read as Dash reads them (by position, for
the component `_pages_location`), and malformed router requests refused with 400."""

from __future__ import annotations

import copy

import pytest

from tests.auth_helpers import login
from tests.test_access import ROLE_USERS, callback_request

ROUTER_MARK = "_pages_content"
# Every spelling Dash's strip_relative_path turns into the same page.
SPELLINGS = ["{p}", "/{p}", "//{p}", "///{p}//", "{p}/", "//{p}/"]
FORBIDDEN = {"donor": ["/admin/users", "/admin/operations", "/seizure", "/map", "/"],
             "focal_point": ["/admin/users", "/admin/operations", "/seizure", "/map"]}


def router_request(dash_app, pathname, search="") -> dict:
    """A router request as the browser sends it."""
    dash_app._setup_server()
    output = next(k for k in dash_app.callback_map if ROUTER_MARK in k)
    body = callback_request(output, dash_app.callback_map[output])
    values = {"pathname": pathname, "search": search}
    for item in body["inputs"]:
        item["value"] = values[item["property"]]
    return body


def _client(dash_app, role: str):
    client = dash_app.server.test_client()
    assert login(client, ROLE_USERS[role]).status_code == 302
    return client


@pytest.mark.parametrize("role", sorted(FORBIDDEN))
def test_router_refuses_other_roles_pages_however_spelled(dash_app, role: str) -> None:
    client = _client(dash_app, role)
    for path in FORBIDDEN[role]:
        for spelling in SPELLINGS:
            pathname = spelling.format(p=path.strip("/")) if path != "/" else spelling.format(p="")
            if not pathname.startswith("/"):
                continue
            response = client.post("/_dash-update-component",
                                   json=router_request(dash_app, pathname))
            assert response.status_code == 403, (role, pathname, response.data[:200])


def test_router_still_renders_the_roles_own_pages(dash_app) -> None:
    client = _client(dash_app, "donor")
    for pathname in ("/impact", "//impact", "/impact/"):
        response = client.post("/_dash-update-component",
                               json=router_request(dash_app, pathname))
        assert response.status_code == 200, pathname
        assert "impact" in response.get_data(as_text=True)


def test_router_inputs_swapped_are_refused(dash_app) -> None:
    client = _client(dash_app, "donor")
    body = router_request(dash_app, "/impact", "")
    # search first (holding a forbidden page), pathname second: Dash reads by position.
    body["inputs"] = [{"id": "_pages_location", "property": "search", "value": "/admin/users"},
                      {"id": "_pages_location", "property": "pathname", "value": "/impact"}]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (400, 403)
    assert b"admin-user" not in response.data


@pytest.mark.parametrize("change", [
    lambda b: b["inputs"][0].update(id="elsewhere"),
    lambda b: b["inputs"].pop(),
    lambda b: b["inputs"].append({"id": "_pages_location", "property": "pathname",
                                  "value": "/admin/users"}),
    lambda b: b["inputs"][0].update(value=["/admin/users"]),
    lambda b: b["inputs"][0].update(value=None),
    lambda b: b["inputs"][0].update(value="admin/users"),
    lambda b: b.update(inputs={"pathname": "/admin/users"}),
    lambda b: b.update(inputs=[None, None]),
    lambda b: b.update(state=[{"id": "x", "property": "y", "value": 1}]),
])
def test_malformed_router_requests_get_400(dash_app, change) -> None:
    client = _client(dash_app, "focal_point")
    body = copy.deepcopy(router_request(dash_app, "/impact"))
    change(body)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 400, response.data[:300]
    assert response.get_json()["error"] == "bad request"


@pytest.mark.parametrize("role", ["donor", "focal_point", "commander", "admin"])
def test_clientside_title_callback_answers_400_not_500(dash_app, role: str) -> None:
    client = _client(dash_app, role)
    response = client.post("/_dash-update-component", json={
        "output": "_pages_dummy.children",
        "outputs": {"id": "_pages_dummy", "property": "children"},
        "inputs": [{"id": "_pages_store", "property": "data", "value": {"title": "x"}}],
        "changedPropIds": ["_pages_store.data"]})
    assert response.status_code == 400
    assert "message" in response.get_json()


@pytest.mark.parametrize("body", [[1, 2], "text", {"output": 5}, {"output": "a.b",
                                                                  "inputs": "x"}])
def test_callback_bodies_of_the_wrong_shape_get_400(dash_app, body) -> None:
    client = _client(dash_app, "commander")
    assert client.post("/_dash-update-component", json=body).status_code == 400


@pytest.mark.parametrize("path", ["//admin/users", "///admin/users//", "/admin/users/"])
def test_page_requests_normalised_like_the_router(dash_app, path: str) -> None:
    client = _client(dash_app, "donor")
    # The raw path, as a browser sends it (the test client would read "//admin" as a host).
    assert client.get("/", environ_overrides={"PATH_INFO": path}).status_code == 403
