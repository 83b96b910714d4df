"""Cleaning stored sample-web pages (tests/files/sample_pages/): title, description, language and
main text without chrome."""

import pytest

from flows.cleaning import clean_html, is_html
from tests.paths import stored_page


def test_title_and_description() -> None:
    cleaned = clean_html(*stored_page("northstar_pricing.html"))
    assert cleaned.title == "Pricing | Northstar Ketamine Wellness"
    assert cleaned.meta_description and cleaned.meta_description.startswith("Clear, all-inclusive")


def test_language_from_html_lang() -> None:
    assert clean_html(*stored_page("northstar_home.html")).language == "en"


def test_language_guessed_when_undeclared() -> None:
    html = (
        "<html><body><p>La kétamine est utilisée en anesthésie depuis des décennies, et "
        "certaines cliniques la proposent aujourd'hui contre la dépression.</p></body></html>"
    )
    assert clean_html(html.encode(), "text/html; charset=utf-8").language == "fr"


def test_main_text_keeps_content_and_drops_chrome() -> None:
    text = clean_html(*stored_page("northstar_pricing.html")).main_text
    assert "Single IV ketamine infusion" in text
    assert "We use cookies" not in text
    assert "Patient portal" not in text
    assert "All rights reserved" not in text
    assert "Request appointment" not in text


def test_faq_answers_inside_collapsed_details_survive() -> None:
    body, ctype = stored_page("clearpath_faq.html")
    assert b"<details" in body
    text = clean_html(body, ctype).main_text
    first_answer = body.split(b'class="faq-answer"><p>')[1].split(b"</p>")[0].decode()
    assert first_answer.replace("&#x27;", "'").replace("&quot;", '"')[:40] in text


def test_windows_1252_page_is_decoded() -> None:
    body, ctype = stored_page("evergreen_about.html")
    cleaned = clean_html(body, ctype)
    assert cleaned.charset == "cp1252"
    assert "Renée" in cleaned.main_text


def test_text_hash_is_stable_and_text_specific() -> None:
    a = clean_html(*stored_page("northstar_faq.html"))
    b = clean_html(*stored_page("northstar_faq.html"))
    c = clean_html(*stored_page("northstar_pricing.html"))
    assert a.text_sha256 == b.text_sha256 != c.text_sha256


@pytest.mark.parametrize(
    ("ctype", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"", True),
        ("application/pdf", b"%PDF-1.4", False),
        (None, b"  <!DOCTYPE html><html>", True),
        (None, b"%PDF-1.4", False),
    ],
)
def test_is_html(ctype: str | None, body: bytes, expected: bool) -> None:
    assert is_html(ctype, body) is expected


def test_empty_and_broken_html_do_not_crash() -> None:
    for body in (b"", b"<html><body><div><p>unclosed", b"\x00\xff\xfe binary", b"<" * 1000):
        cleaned = clean_html(body, "text/html")
        assert isinstance(cleaned.main_text, str)
