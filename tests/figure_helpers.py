"""Callback figures as plotly Figures for assertions.

Callbacks hand Dash figures as the plain JSON dicts it sends (numbers as base64 typed
arrays, see dashboard.cache.figure_json); as_figure() decodes the typed arrays and builds a
validated go.Figure from it, so a test reads `figure.data[0].z[0]` whichever form it got.
"""

from __future__ import annotations

import base64
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
