"""Callback outputs as objects for assertions.

Cached callbacks hand Dash the plain JSON it sends (dashboard.server.cache._plain): figures as
dicts with numbers in base64 typed arrays, components as {"type", "namespace", "props"}.
as_figure() decodes the typed arrays into a validated go.Figure and as_component() builds
the Dash components again (validated by their constructors), so that a test reads
`figure.data[0].z[0]` or `table.children` whichever form it got. text_of() reads the
text of either form.
"""

from __future__ import annotations

import base64
import functools
import importlib
from collections.abc import Callable
from typing import Any

import numpy as np
import plotly.graph_objects as go


def _decoded(value: Any) -> Any:
    """Typed-array specs ({"dtype", "bdata", "shape"}) back into numpy arrays."""
    if isinstance(value, dict):
        if set(value) <= {"dtype", "bdata", "shape"} and "bdata" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if shape:
                array = array.reshape([int(n) for n in str(shape).split(",")])
            # Widened: plotly packs small numbers into int8 and the like, which a test's
            # sum() would overflow.
            return array.astype("int64" if array.dtype.kind in "iu" else array.dtype)
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_decoded(item) for item in value]
    return value


def as_figure(value: go.Figure | dict) -> go.Figure:
    """A validated figure from a figure or its plain JSON form."""
    return value if isinstance(value, go.Figure) else go.Figure(_decoded(value))


def validated(builder: Callable[..., Any]) -> Callable[..., go.Figure]:
    """A figure builder whose figures come back validated by plotly, as go.Figure."""
    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> go.Figure:
        return as_figure(builder(*args, **kwargs))
    return build


# Where the component classes of a namespace live (dash's own were separate packages).
MODULES = {"dash_html_components": "dash.html", "dash_core_components": "dash.dcc",
           "dash_table": "dash.dash_table"}


def as_component(value: Any) -> Any:
    """Components (and lists or tuples of them) from their plain JSON form."""
    if isinstance(value, dict) and {"type", "namespace", "props"} <= set(value):
        module = importlib.import_module(MODULES.get(value["namespace"], value["namespace"]))
        props = {key: as_component(item) for key, item in value["props"].items()}
        return getattr(module, value["type"])(**props)
    if isinstance(value, list | tuple):
        return type(value)(as_component(item) for item in value)
    return value


def text_of(value: Any) -> str:
    """Every string inside a component tree, as objects or as plain JSON."""
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return " ".join(text_of(item) for item in value)
    if isinstance(value, dict):
        if "props" in value:
            return text_of(value["props"].get("children"))
        return " ".join(text_of(item) for item in value.values())
    return text_of(getattr(value, "children", None))
