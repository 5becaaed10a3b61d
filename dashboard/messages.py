"""Finds the translatable messages in the code (shared by the catalog script and the tests)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

PACKAGE_DIR = Path(__file__).resolve().parent
# Marker functions whose literal arguments are messages.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_catalog() -> Catalog:
    """A catalog of every message marked in the dashboard package."""
    catalog = Catalog(project="jointops", domain="messages")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE_DIR), method_map=method_map, keywords=KEYWORDS,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments)
    return catalog


def message_ids(catalog: Catalog) -> set[str]:
    """The singular message ids of a catalog (excluding its header)."""
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        ids.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    return ids
