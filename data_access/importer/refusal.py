"""Refusal of an uploaded file as a whole (size, type, encoding, structure, bombs)."""

from __future__ import annotations

from typing import Any

from data_access.errors import FieldError, ImportRefused


def refuse(code: str, **params: Any) -> ImportRefused:
    """An ImportRefused carrying one file-level error."""
    return ImportRefused([FieldError("file", code, params)])
