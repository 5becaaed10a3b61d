"""Choices shared by the entry form and the upload page: the operations and countries a
user may report for, as select options, and the checks of what a select sends back."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.i18n import localized
from data_access.importer.targets import TargetCountryColumns, TargetOperationColumns


def target_operation_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Operation choices: "Name · CODE", valued by the operation's id."""
    return [{"label": f"{r[TargetOperationColumns.NAME]} · {r[TargetOperationColumns.CODE]}",
             "value": str(r[TargetOperationColumns.ID])} for _i, r in frame.iterrows()]


def target_country_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Country choices in the user's language: "Kenya (KEN)"."""
    rows = [(localized(r, "name"), getattr(r, TargetCountryColumns.ISO3))
            for r in frame.itertuples()]
    return [{"label": f"{name} ({iso3})", "value": iso3} for name, iso3 in sorted(rows)]


def parse_operation_id(value: Any) -> int | None:
    """An operation id from a select value (anything else: None)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_country(value: Any) -> str | None:
    """An ISO-3 code from a select value (anything else: None)."""
    if isinstance(value, str) and len(value.strip()) == 3 and value.strip().isalpha():
        return value.strip().upper()
    return None
