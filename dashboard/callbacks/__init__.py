"""Callbacks of every screen, registered by the app factory."""

from __future__ import annotations

import importlib
import pkgutil
import sys

from dash import _callback


def callback_modules() -> list[str]:
    """Every module of this package: one per screen, all registered."""
    return sorted(f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__))


def register() -> None:
    """Register every screen's callbacks with Dash, for the app being built.

    `@dash.callback` adds to Dash's process-wide lists, which the next app to start takes
    over. To give each app built in this process (tests build several) exactly one copy,
    empty those lists and execute the callback modules again.
    """
    _callback.GLOBAL_CALLBACK_LIST.clear()
    _callback.GLOBAL_CALLBACK_MAP.clear()
    for name in callback_modules():
        if name in sys.modules:
            importlib.reload(sys.modules[name])
        else:
            importlib.import_module(name)
