"""The Flask side's own routes: blueprints, each download guarded by the one role decorator
of dashboard/server/downloads.py, and none importing a Dash layout module."""

from __future__ import annotations

import ast
from pathlib import Path

import dash
import flask
import pytest

from dashboard.access import ADMIN, DONOR, FOCAL_POINT
from dashboard.server import downloads

SERVER_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "server"
DOWNLOADS = ("/report/upload/template.csv", "/report/upload/template.xlsx",
             "/report/upload/rejects.csv", "/impact/export.csv", "/impact/report.pdf",
             "/geo/countries.geojson")


def test_every_route_of_the_app_belongs_to_a_blueprint_or_to_dash(dash_app) -> None:
    dash_owned = ("/_dash-", "/_reload-hash", "/_favicon.ico", "/assets/", "/_alive_")
    for rule in dash_app.server.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith(dash_owned):
            continue
        if dash_app.server.view_functions[rule.endpoint].__module__.startswith("dash."):
            continue  # the page routes Dash adds (/, /<path:path>)
        assert "." in rule.endpoint, f"{rule.rule} is not in a blueprint ({rule.endpoint})"


@pytest.mark.parametrize("path", DOWNLOADS)
def test_every_download_declares_its_roles_with_the_one_decorator(dash_app, path) -> None:
    adapter = dash_app.server.url_map.bind("localhost")
    endpoint, _args = adapter.match(path)
    view = dash_app.server.view_functions[endpoint]
    assert view.__wrapped__ is not None  # functools.wraps of role_required
    assert view.__code__ is downloads.role_required(ADMIN)(lambda: None).__code__


def test_server_modules_never_import_dash_layouts() -> None:
    banned = ("dashboard.pages", "dashboard.callbacks", "dashboard.views", "dashboard.figures")
    for path in SERVER_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(banned), f"{path.name} imports {node.module}"


def test_role_required_refuses_other_roles_and_anonymous(dash_app, monkeypatch) -> None:
    calls: list[str] = []
    view = downloads.role_required(FOCAL_POINT)(lambda: calls.append("ran") or flask.Response("ok"))
    public_view = downloads.role_required(DONOR, public=lambda: True)(
        lambda: flask.Response("public"))

    class Principal:
        def __init__(self, role: str) -> None:
            self.role, self.id, self.username = role, 1, role

    with dash_app.server.test_request_context("/x"):
        monkeypatch.setattr(downloads, "current_principal", lambda: None)
        assert view().status_code == 403 and calls == []
        assert public_view().get_data() == b"public"
        monkeypatch.setattr(downloads, "current_principal", lambda: Principal(ADMIN))
        assert view().status_code == 403 and calls == []
        assert public_view().status_code == 403  # signed in with another role: no
        monkeypatch.setattr(downloads, "current_principal", lambda: Principal(FOCAL_POINT))
        assert view().get_data() == b"ok" and calls == ["ran"]


def test_role_required_needs_known_roles() -> None:
    with pytest.raises(ValueError):
        downloads.role_required("nobody")
    with pytest.raises(ValueError):
        downloads.role_required()


def test_every_page_module_registers_from_the_one_site_table(dash_app) -> None:
    from dashboard.site import PAGES

    modules = {path.stem for path in (SERVER_DIR.parent / "pages").glob("*.py")
               if not path.stem.startswith("_")}
    assert modules == set(PAGES)
    registered = {page["module"].rsplit(".", 1)[-1]: page for page in dash.page_registry.values()}
    for name, entry in PAGES.items():
        assert registered[name]["path"] == entry.path
        assert tuple(registered[name]["roles"]) == entry.roles
