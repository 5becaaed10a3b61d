"""Every message the code uses exists, translated, in English, French and Portuguese."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import catalog_path
from dashboard.messages import extract_catalog, message_ids
from dashboard.settings import SUPPORTED_LANGUAGES

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.fixture(scope="module")
def code_messages() -> set[str]:
    """Messages marked in the dashboard code."""
    messages = message_ids(extract_catalog())
    assert len(messages) > 20, "the extractor found suspiciously few messages"
    return messages


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_catalog_has_every_message_of_the_code(language: str, code_messages: set[str]) -> None:
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = code_messages - message_ids(catalog)
    assert not missing, f"{language} catalog lacks {sorted(missing)}; run `make messages`"


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_every_message_is_translated_with_its_placeholders(
    language: str, code_messages: set[str]
) -> None:
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    problems = []
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if msgid not in code_messages:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            problems.append(f"untranslated: {msgid!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(msgid))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {msgid!r} -> {string!r}")
    assert not problems, "\n".join(problems)


def test_translation_is_served_for_the_request_language(dash_app) -> None:
    from dashboard.i18n import _, format_number

    with dash_app.server.test_request_context(headers={"Accept-Language": "fr-FR,fr;q=0.9"}):
        assert _("Seizures") == "Saisies"
        assert format_number(12345) == "12\u202f345"
    with dash_app.server.test_request_context(headers={"Accept-Language": "pt-BR"}):
        assert _("Seizures") == "Apreensões"
        assert format_number(1234.5, 1) == "1\xa0234,5"
    with dash_app.server.test_request_context(headers={"Accept-Language": "de-DE"}):
        assert _("Seizures") == "Seizures"
        assert format_number(12345) == "12,345"


def test_language_cookie_wins_over_browser_language(dash_app) -> None:
    from dashboard.i18n import LANGUAGE_COOKIE, _

    with dash_app.server.test_request_context(
        headers={"Accept-Language": "fr", "Cookie": f"{LANGUAGE_COOKIE}=pt"}
    ):
        assert _("Overview") == "Visão geral"


def test_language_switch_sets_cookie_and_returns_to_local_page_only(dash_app) -> None:
    client = dash_app.server.test_client()
    response = client.get("/lang/fr?next=%2Freporting%3Fx%3D1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/reporting?x=1"
    assert "jointops_lang=fr" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    outside = client.get("/lang/fr?next=https://evil.example/")
    assert outside.headers["Location"] == "/"
    protocol_relative = client.get("/lang/fr?next=//evil.example/")
    assert protocol_relative.headers["Location"] == "/"
