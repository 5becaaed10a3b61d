"""Malformed callback input answers 400 with a clear message, never 500.

Callbacks read their stores and inputs with the parsers below, which raise
BadCallbackInput when a value is not what the page sends (a forged or stale request).
init_app() maps that exception to a 400 JSON answer, and, as a safety net for callbacks
that trust their input, the errors Python raises on a value of the wrong type (TypeError,
ValueError, KeyError, IndexError, AttributeError, a database driver refusing to bind a
list) too, but only on Dash's callback endpoint: elsewhere they stay server errors.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import flask
from sqlalchemy.exc import StatementError
from werkzeug.exceptions import HTTPException

from dashboard.i18n import _

LOG = logging.getLogger(__name__)
CALLBACK_PATH = "/_dash-update-component"
BAD_INPUT = "bad input"
SCALARS = (str, int, float, bool)
# What Python raises when a callback computes with a value of the wrong type.
WRONG_TYPE_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError)
# A driver's refusal to send a value of the wrong type (a dict, a list) as a parameter:
# SQLite says "Error binding parameter", psycopg "cannot adapt type".
UNBINDABLE = ("error binding parameter", "cannot adapt type")


class BadCallbackInput(ValueError):
    """A callback input or store holds something the page never sends."""

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"{name}: {expected} expected")
        self.name = name
        self.expected = expected


# --- parsers -----------------------------------------------------------------------------

def store(value: Any, name: str) -> Mapping[str, Any] | None:
    """A dcc.Store holding a dict (or nothing)."""
    if value is None or isinstance(value, Mapping):
        return value
    raise BadCallbackInput(name, "an object")


def int_field(data: Any, key: str, name: str) -> int:
    """A whole number kept under `key` in a store."""
    value = (store(data, name) or {}).get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise BadCallbackInput(f"{name}.{key}", "a whole number")


def whole_number(value: Any, name: str, *, optional: bool = False) -> int | None:
    """A whole number (or None when optional)."""
    if value is None and optional:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise BadCallbackInput(name, "a whole number")


def text(value: Any, name: str) -> str | None:
    """A text value (or None)."""
    if value is None or isinstance(value, str):
        return value
    raise BadCallbackInput(name, "a text")


def scalar(value: Any, name: str) -> str | int | float | bool | None:
    """A value a form control holds: text, a number, a switch, or nothing."""
    if value is None or isinstance(value, SCALARS):
        return value
    raise BadCallbackInput(name, "a text or a number")


def scalars(value: Any, name: str) -> list[Any]:
    """A list of form values (a wildcard State): each a text, a number or nothing."""
    items = items_list(value, name)
    for index, item in enumerate(items):
        scalar(item, f"{name}[{index}]")
    return items


def items_list(value: Any, name: str) -> list[Any]:
    """A list (an ALL wildcard's values, a grid's rows); nothing counts as empty."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise BadCallbackInput(name, "a list")


def records(value: Any, name: str) -> list[Mapping[str, Any]]:
    """A list of objects (a grid's selected rows, a wildcard's ids)."""
    rows = items_list(value, name)
    if all(isinstance(row, Mapping) for row in rows):
        return rows
    raise BadCallbackInput(name, "a list of objects")


def text_list(value: Any, name: str) -> list[str]:
    """A list of texts (a multi-select's value); nothing counts as empty."""
    values = items_list(value, name)
    if all(isinstance(v, str) for v in values):
        return values
    raise BadCallbackInput(name, "a list of texts")


def same_length(values: Sequence[Any], expected: int, name: str) -> None:
    """Refuse wildcard values that do not line up with the components they belong to."""
    if len(values) != expected:
        raise BadCallbackInput(name, f"{expected} values")


# --- the answer --------------------------------------------------------------------------

def _on_callback_endpoint() -> bool:
    """Whether the request is a Dash callback."""
    return flask.has_request_context() and flask.request.path.endswith(CALLBACK_PATH)


def bad_input_response(detail: str | None = None) -> flask.Response:
    """The 400 answer to a malformed callback request."""
    message = _("This request does not come from the page as it is. Reload the page and "
                "try again.")
    body = {"error": BAD_INPUT, "message": message}
    if detail:
        body["detail"] = detail
    response = flask.jsonify(body)
    response.status_code = 400
    return response


def _answer_bad_input(exc: BadCallbackInput) -> flask.Response:
    """A callback refused its input."""
    LOG.info("callback input refused: %s", exc)
    return bad_input_response(str(exc))


def _answer_wrong_type(exc: Exception) -> Any:
    """A callback failed on a value of the wrong type: 400 on the callback endpoint."""
    if isinstance(exc, HTTPException):
        return exc  # werkzeug's own (BadRequestKeyError is a KeyError): as Flask answers
    if not _on_callback_endpoint():
        raise exc
    # Logged with the traceback: a callback that does not check its input should.
    LOG.warning("callback failed on malformed input", exc_info=exc)
    return bad_input_response()


def _answer_statement_error(exc: StatementError) -> Any:
    """A value the database driver cannot bind: 400 on the callback endpoint only."""
    if not _on_callback_endpoint() or not any(
            marker in str(exc.orig).lower() for marker in UNBINDABLE):
        raise exc
    LOG.warning("callback sent a malformed value to the database", exc_info=exc)
    return bad_input_response()


def init_app(server: flask.Flask) -> None:
    """Answer malformed callback input with 400 instead of 500."""
    server.register_error_handler(BadCallbackInput, _answer_bad_input)
    for error in WRONG_TYPE_ERRORS:
        server.register_error_handler(error, _answer_wrong_type)
    server.register_error_handler(StatementError, _answer_statement_error)
