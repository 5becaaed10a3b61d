"""The one catalogue of sentences (dashboard/ui/codes.py): every code any part of the app
can answer with has a sentence, in English, French and Portuguese."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import catalog_path
from dashboard.settings import SUPPORTED_LANGUAGES
from dashboard.ui import codes
from data_access.errors import AdminErrorCode, ErrorCode, NoticeCode, VerificationCode

EVERY_CODE = {*ErrorCode, *NoticeCode, *AdminErrorCode, *VerificationCode, *codes.PAGE_CODES}


def test_every_code_has_a_sentence() -> None:
    missing = {str(code) for code in EVERY_CODE if codes.template(code) is None}
    assert missing == set()


def test_the_catalogue_names_no_code_nobody_answers_with() -> None:
    known = {str(code) for code in EVERY_CODE}
    assert set(map(str, codes.SENTENCES)) - known == set()
    assert {code for _context, code in codes.IN_CONTEXT} - known == set()


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
def test_every_sentence_is_translated(language: str) -> None:
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    translated = {message.id for message in catalog if message.id and message.string}
    sentences = {*codes.SENTENCES.values(), *codes.IN_CONTEXT.values()}
    assert sentences - translated == set()


def test_sentences_show_their_parameters_in_the_users_format(dash_app) -> None:
    with dash_app.server.test_request_context(headers={"Accept-Language": "fr"}):
        too_large = codes.sentence(ErrorCode.FILE_TOO_LARGE,
                                   {"size": 12 * 1024 * 1024, "limit": 10 * 1024 * 1024})
        reason = codes.sentence(ErrorCode.REQUIRED, {}, codes.SEIZURE_PAGE)
        unknown = codes.sentence("no_such_code")
    assert "12" in too_large and "10" in too_large
    assert "provisoire" in reason.lower()
    assert "no_such_code" in unknown
    assert codes.english(ErrorCode.TOO_LONG, {"max": 64}) == "Too long: at most 64 characters."
