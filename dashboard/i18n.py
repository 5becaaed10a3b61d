"""The translation layer: gettext catalogs (.po) read through Babel, one language per request.

The language is the one the user picked in the navigation bar (cookie), else the user's
saved preference, else the browser's Accept-Language, else the configured default.
Numbers and dates are formatted for that language with Babel.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import flask
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from babel.support import Translations

from dashboard.settings import SUPPORTED_LANGUAGES

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
LANGUAGE_COOKIE = "jointops_lang"
EXTENSION_KEY = "jointops.i18n"
# Babel locales used for number and date formats.
BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR", "pt": "pt_PT"}
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt": "Português"}


def catalog_path(language: str) -> Path:
    """Path of a language's .po catalog."""
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(language: str) -> Translations:
    """Compile a .po catalog in memory (no .mo files to build or commit)."""
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


class I18n:
    """The loaded catalogs and the configured default language of one app."""

    def __init__(self, default_language: str) -> None:
        self.default_language = default_language
        self.translations = {lang: load_translations(lang) for lang in SUPPORTED_LANGUAGES}


def init_app(server: flask.Flask, default_language: str) -> None:
    """Load the catalogs into the Flask app (the language switch is a route of the Flask
    side: dashboard/server/language_switch.py)."""
    server.extensions[EXTENSION_KEY] = I18n(default_language)



def _state() -> I18n | None:
    """The app's catalogs, or None outside an app context."""
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION_KEY)


def current_language() -> str:
    """The language of the current request (the default outside a request)."""
    state = _state()
    default = state.default_language if state else SUPPORTED_LANGUAGES[0]
    if not flask.has_request_context():
        return default
    cached = flask.g.get("jointops_language")
    if cached:
        return cached
    language = flask.request.cookies.get(LANGUAGE_COOKIE)
    if language not in SUPPORTED_LANGUAGES:
        preference = flask.current_app.config.get("JOINTOPS_USER_LANGUAGE")
        language = preference() if preference else None
    if language not in SUPPORTED_LANGUAGES:
        language = flask.request.accept_languages.best_match(SUPPORTED_LANGUAGES) or default
    flask.g.jointops_language = language
    return language


def gettext(message: str) -> str:
    """Translate a message into the current request's language."""
    state = _state()
    if state is None:
        return message
    return state.translations[current_language()].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count (singular or plural form)."""
    state = _state()
    if state is None:
        return singular if n == 1 else plural
    return state.translations[current_language()].ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the standard gettext marker name
    """Mark a string for extraction, translated later with _() where it is shown."""
    return message


def babel_locale() -> Locale:
    """Babel locale of the current language."""
    return _parsed_locale(BABEL_LOCALES[current_language()])


# Figures and tables format hundreds of numbers per response: the three locales and the few
# number patterns are parsed once per process (together about 10 of a number's 12 µs).
@functools.lru_cache(maxsize=16)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)


@functools.lru_cache(maxsize=16)
def _number_pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def format_number(value: float | int, decimals: int = 0) -> str:
    """A number formatted for the current language (grouping, decimal sign), as babel's
    format_decimal() with the pattern #,##0 and that many decimals."""
    return _number_pattern(decimals).apply(value, babel_locale())


def format_date(value: dt.date, style: str = "medium") -> str:
    """A date formatted for the current language."""
    return babel_format_date(value, format=style, locale=babel_locale())


def format_time(value: dt.time | dt.datetime, style: str = "medium") -> str:
    """A time formatted for the current language."""
    return babel_format_time(value, format=style, locale=babel_locale())


def localized(row: object, base: str) -> str:
    """A data label in the current language (e.g. name_fr), falling back to English."""
    value = getattr(row, f"{base}_{current_language()}", "") or ""
    return value or getattr(row, f"{base}_en", "")
