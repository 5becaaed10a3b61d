"""The rejected cells of a checked upload, as the upload page's table and the rejects CSV
download both show them: row, column, value as typed and the reason in the user's language.

Plain functions of the check's error dicts (no Dash, no request state beyond the language),
so the Flask download and the page's view share them without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.i18n import _
from dashboard.ui.codes import sentence
from data_access.tabular import csv_text


def reject_rows(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rejected cells as the page and the CSV show them: row, column, value, reason."""
    return [{"row": str(e.get("row", "")), "column": str(e.get("column") or ""),
             "value": str(e.get("value") or ""), "code": str(e.get("code", "")),
             "reason": sentence(str(e.get("code", "")), e.get("params"))} for e in errors]


def rejects_csv(errors: Sequence[Mapping[str, Any]]) -> str:
    """Every rejected cell as CSV, with the reason in the user's language (values from the
    user's file made inert by the safe writer)."""
    header = [_("Row"), _("Column"), _("Value in the file"), _("Why it is rejected"),
              _("Code")]
    return csv_text([header, *([r["row"], r["column"], r["value"], r["reason"], r["code"]]
                               for r in reject_rows(errors))])
