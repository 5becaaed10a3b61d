"""The result cache of the command-centre callbacks (Flask-Caching).

A local SimpleCache per process by default; a RedisCache shared by every worker and
machine when `[cache] redis_url` is set; none at all when the environment variable
JOINTOPS_CACHE is "off" (benchmarks of the uncached path).

Keys are the callback's name and inputs, the page's live key (which holds the filters and
the operation's data version, read by the page's heartbeat), the user's language and role.
A new entry raises the data version, so the next heartbeat hands the figures a new key and
they are counted again; an unchanged operation costs the heartbeat's one version check.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

import flask
from dash.development.base_component import Component
from flask_caching import Cache

from dashboard.context import current_principal
from dashboard.i18n import current_language
from dashboard.settings import Settings

EXTENSION_KEY = "jointops.cache"
SWITCH = "JOINTOPS_CACHE"
KEY_PREFIX = "jointops:"

T = TypeVar("T")


def cache_config(settings: Settings) -> dict[str, Any]:
    """The Flask-Caching configuration for these settings and the environment."""
    if os.environ.get(SWITCH, "").strip().lower() in ("off", "0", "false", "no"):
        return {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    config: dict[str, Any] = {"CACHE_DEFAULT_TIMEOUT": settings.cache.timeout_seconds,
                              "CACHE_KEY_PREFIX": KEY_PREFIX}
    if settings.cache.redis_url:
        return {**config, "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": settings.cache.redis_url}
    return {**config, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}


def init_app(server: flask.Flask, settings: Settings) -> Cache:
    """Attach the result cache to the Flask app."""
    cache = Cache(config=cache_config(settings))
    cache.init_app(server)
    server.extensions[EXTENSION_KEY] = cache
    return cache


def _scope() -> list[Any]:
    """What the user sees may depend on: language, role, country, operations allowed."""
    principal = current_principal()
    who = ([principal.role, principal.country_iso3, list(principal.operation_ids)]
           if principal else [None])
    return [current_language(), *who]


def cache_key(name: str, *parts: Any) -> str:
    """The cache key of a named result for these inputs and the current user's scope."""
    text = json.dumps([name, parts, _scope()], default=str, sort_keys=True)
    return f"{name}:{hashlib.sha256(text.encode()).hexdigest()}"


def remembered(name: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """compute(), or its result cached for the same name, inputs and user scope.

    The result comes back as the plain JSON Dash sends (see _plain), cached or not, so it is
    converted once instead of once for the cache and once for Dash."""
    if not flask.has_app_context():
        return compute()
    cache: Cache | None = flask.current_app.extensions.get(EXTENSION_KEY)
    if cache is None:
        return compute()
    key = cache_key(name, *parts)
    found = cache.get(key)
    if found is not None:
        return found[0]  # stored wrapped, so that a None result is cached too
    value = _plain(compute())
    cache.set(key, (value,))
    return value


def _plain(value: Any) -> Any:
    """The value to send and store, as the JSON Dash sends: components as {"type",
    "namespace", "props"} trees (what the browser renders); the figure builders already
    give plain JSON (dashboard.figures.wire).

    orjson writes such a value in a millisecond. One Component object left in a response
    makes plotly's encoder walk and convert the whole response in Python first (20 ms for
    the 70 KB species table)."""
    if isinstance(value, Component):
        plain = value.to_plotly_json()
        plain["props"] = {key: _plain(item) for key, item in plain["props"].items()}
        return plain
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        if "data" in value and "layout" in value:
            return value  # a figure the builders made plain already (dashboard.figures.wire)
        return {key: _plain(item) for key, item in value.items()}
    return value


def cached_output(name: str, per_minute: bool = False) -> Callable[[Callable[..., T]],
                                                                 Callable[..., T]]:
    """Decorate a callback body so that its output is remembered for the same inputs (the
    live key among them) and user scope; per_minute adds the current minute to the key,
    for outputs that also change with the clock (deadlines turning late)."""
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args: Any) -> T:
            parts = (*args, dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M")) \
                if per_minute else args
            return remembered(name, parts, lambda: function(*args))
        return wrapper
    return decorate
