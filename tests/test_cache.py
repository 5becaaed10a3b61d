"""The result cache: a result is reused while the operation's data version is unchanged and
counted again after a write, with the local SimpleCache and with the real Redis; the
language is part of the key; JOINTOPS_CACHE=off disables it."""

from __future__ import annotations

import dataclasses

import flask
import flask_login
import numpy as np
import orjson
import pytest
import redis
from dash import dcc, html
from sqlalchemy import Engine

from dashboard.figures.wire import plain_figure
from dashboard.i18n import LANGUAGE_COOKIE
from dashboard.server import cache
from dashboard.settings import CacheSettings, Settings
from data_access.db import make_session_factory, session_scope, writer_engine
from data_access.filters import SeizureFilters
from data_access.models import Operation
from data_access.queries import filter_options, operations
from tests.callback_outputs import as_component, as_figure
from tests.factories import make_operation, make_seizure, unique

REDIS_URL = "redis://127.0.0.1:6379/0"


def make_server(backend: str) -> flask.Flask:
    """A Flask app with the result cache on the given backend."""
    redis_url = REDIS_URL if backend == "redis" else ""
    settings = dataclasses.replace(Settings(), cache=CacheSettings(redis_url=redis_url))
    server = flask.Flask("cache-test")
    logins = flask_login.LoginManager()
    logins.init_app(server)
    logins.user_loader(lambda _user_id: None)  # nobody signed in
    cache.init_app(server, settings)
    return server


@pytest.fixture(params=["simple", "redis"])
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> flask.Flask:
    monkeypatch.delenv(cache.SWITCH, raising=False)
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL).ping()  # the real server must be up
    return make_server(request.param)


def test_backend_follows_the_settings(server: flask.Flask) -> None:
    kind = type(server.extensions[cache.EXTENSION_KEY].cache).__name__
    assert kind in ("SimpleCache", "RedisCache")


def test_a_result_is_reused_until_a_write_changes_the_version(server: flask.Flask,
                                                             engine: Engine) -> None:
    factory = make_session_factory(writer_engine(engine))
    with session_scope(factory) as session:
        operation_id = make_operation(session).id
        make_seizure(session, session.get(Operation, operation_id))
    name = unique("headline")
    calls: list[int] = []

    def seizures_now() -> tuple[str, int]:
        with factory() as session:
            version = filter_options.data_version(session, operation_id)

        def compute() -> int:
            calls.append(1)
            with factory() as session:
                return operations.operation_headline(
                    session, SeizureFilters(operation_id)).seizures
        return version, cache.remembered(name, ({"version": version},), compute)

    with server.test_request_context("/"):
        first_version, first = seizures_now()
        assert seizures_now() == (first_version, first) and len(calls) == 1
        with session_scope(factory) as session:
            make_seizure(session, session.get(Operation, operation_id))
        second_version, second = seizures_now()
        assert second_version != first_version
        assert (second, len(calls)) == (first + 1, 2)
        assert seizures_now() == (second_version, second) and len(calls) == 2


def test_the_language_is_part_of_the_key(server: flask.Flask) -> None:
    name = unique("label")
    with server.test_request_context("/", headers={"Cookie": f"{LANGUAGE_COOKIE}=fr"}):
        french = cache.cache_key(name, {"version": "1"})
    with server.test_request_context("/", headers={"Accept-Language": "pt"}):
        portuguese = cache.cache_key(name, {"version": "1"})
    assert french != portuguese


def test_none_results_are_cached_too(server: flask.Flask) -> None:
    name = unique("nothing")
    calls: list[int] = []

    def compute() -> None:
        calls.append(1)

    with server.test_request_context("/"):
        assert cache.remembered(name, (1,), compute) is None
        assert cache.remembered(name, (1,), compute) is None
    assert len(calls) == 1


def test_switch_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.SWITCH, "off")
    server = make_server("simple")
    calls: list[int] = []
    with server.test_request_context("/"):
        for _ in range(3):
            cache.remembered(unique("off"), (1,), lambda: calls.append(1))
        cache.remembered("same", (1,), lambda: calls.append(1))
        cache.remembered("same", (1,), lambda: calls.append(1))
    assert len(calls) == 5


def test_results_come_back_as_the_json_dash_sends(server: flask.Flask) -> None:
    """Component trees, fresh or cached, come back as plain JSON that orjson writes as it
    is (an object left in would make plotly convert the whole response in Python); the
    builders' figures, plain already, pass through."""
    with server.test_request_context("/"):
        figure = plain_figure([{
            "type": "scatter", "x": np.arange(3.0), "y": np.array([1, 5, 2]),
            "customdata": np.array([["a", 1], ["b", 2], ["c", 3]], dtype=object)}],
            {"height": 300})
        tree = html.Div([html.H2("Title", className="h5"), dcc.Graph(figure=figure)],
                        **{"aria-label": "chart"})
        name = unique("json")
        fresh, cached = (cache.remembered(name, (1,), lambda: (figure, tree))
                         for _ in range(2))
    for result in (fresh, cached):
        orjson.dumps(result, option=orjson.OPT_SERIALIZE_NUMPY)  # raises on any object
    assert cached == fresh and fresh[0] is figure
    assert figure["data"][0]["x"]["dtype"] == "f8"  # typed array, as plotly sends
    assert figure["data"][0]["customdata"] == [["a", 1], ["b", 2], ["c", 3]]
    assert list(as_figure(figure).data[0].y) == [1, 5, 2]
    rebuilt = as_component(cached[1])
    assert rebuilt.children[0].children == "Title" and rebuilt.to_plotly_json()["props"][
        "aria-label"] == "chart"
    assert list(as_figure(rebuilt.children[1].figure).data[0].x) == [0.0, 1.0, 2.0]
