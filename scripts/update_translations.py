"""Extract messages from the code into messages.pot and merge them into the en/fr/pt .po files.

Run after adding or changing user-visible strings: `make messages`. Then translate the new
entries (any gettext tool works: Poedit, Lokalize, a text editor) and run the tests, which
fail while a message lacks a French or Portuguese translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.i18n import TRANSLATIONS_DIR, catalog_path  # noqa: E402
from dashboard.messages import extract_catalog  # noqa: E402
from dashboard.settings import SUPPORTED_LANGUAGES  # noqa: E402


def main() -> None:
    """Write the template and update every language's catalog from it."""
    template = extract_catalog()
    TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
    with (TRANSLATIONS_DIR / "messages.pot").open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True, no_location=True)
    for language in SUPPORTED_LANGUAGES:
        path = catalog_path(language)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="jointops", domain="messages")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project = "jointops"
        catalog.copyright_holder = "the jointops contributors"
        catalog.msgid_bugs_address = ""
        # Obsolete entries would only confuse translators; the history is in git.
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, sort_output=True, no_location=True, width=100)
        untranslated = [m.id for m in catalog if m.id and not m.string]
        print(f"{language}: {len(catalog)} messages, {len(untranslated)} untranslated")


if __name__ == "__main__":
    main()
