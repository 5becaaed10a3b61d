"""Figures as the JSON that plotly.js receives: numbers as base64 typed arrays, hover data as
plain lists, the house template in the layout (what go.Figure(...).to_plotly_json() gives).

plain_figure() builds it directly from trace and layout dicts. Building go.Figure objects
instead cost more than the database at 100,000 seizures: validation and deep copies of
every trace (about 60 ms for the map's hover data), a few ms per update_layout, and a copy
again to turn the figure into JSON. Tests validate every builder's figure by building a
go.Figure from it (tests/callback_outputs.as_figure).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.io as pio
from _plotly_utils.utils import convert_to_base64

# Figure keys whose values plotly sends as they are (never rewritten into typed arrays):
# shared instead of copied; a map's cell outlines are most of its bytes.
SHARED_KEYS = frozenset({"geojson"})


def plain_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """A figure from trace and layout dicts, unvalidated, with the default (house) template
    as go.Figure would add it."""
    template = pio.templates[pio.templates.default].to_plotly_json() \
        if pio.templates.default else {}
    plain = {"data": [_copied(trace) for trace in data],
             "layout": {"template": template, **_copied(layout)}}
    convert_to_base64(plain)
    return plain


def _copied(value: Any) -> Any:
    """Dicts and lists that hold dicts, copied; arrays of Python objects (hover data) as
    lists; everything else shared. orjson cannot write object arrays: one of them makes
    plotly walk the whole response in Python first (20 ms for a map, instead of 1)."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return value.tolist()
    if isinstance(value, dict):
        return {k: v if k in SHARED_KEYS else _copied(v) for k, v in value.items()}
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple)
                                               for v in value):
        return [_copied(v) for v in value]
    return value
