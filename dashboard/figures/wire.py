"""Figures as the JSON that plotly.js receives: numbers as base64 typed arrays, hover data as
plain lists, the house template in the layout (what go.Figure(...).to_plotly_json() gives).

figure_json() turns a built go.Figure into it without plotly's deep copy of the whole
figure. plain_figure() builds it directly from trace and layout dicts, for the one figure
too large to validate on every request: the map's hover data for hundreds of cells and
ports cost about 20 ms in plotly's validators and another 10 in its copies. Tests validate
such figures by building go.Figure from them (tests/callback_outputs.as_figure).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.io as pio
from _plotly_utils.utils import convert_to_base64
from plotly.basedatatypes import BaseFigure

# Figure keys whose values plotly sends as they are (never rewritten into typed arrays):
# shared with the figure instead of copied; a map's cell outlines are most of its bytes.
SHARED_KEYS = frozenset({"geojson"})


def figure_json(figure: BaseFigure) -> dict[str, Any]:
    """What figure.to_plotly_json() gives, without its deep copy of the whole figure (about
    half the time of a large figure): only the containers that the typed-array conversion
    rewrites are copied."""
    plain = {"data": [_copied(trace) for trace in figure._data],
             "layout": _copied(figure._layout)}
    convert_to_base64(plain)
    return plain


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
