"""Cleaning sample-web pages: title, description, language and main text without chrome."""

import pytest

from flows.cleaning import clean_html, is_html
from sampleweb.server import SampleWeb


@pytest.fixture(scope="module")
def offline_web() -> SampleWeb:
    web = SampleWeb()
    web.ports = {cid: 9 for cid in ("northstar", "evergreen", "clearpath")}  # never served
    web.edition_number = 1
    return web


def page(web: SampleWeb, clinic: str, path: str) -> tuple[bytes, str]:
    reply = web.reply(clinic, path)
    assert reply.status == 200
    return reply.body, reply.content_type


def test_title_and_description(offline_web: SampleWeb) -> None:
    cleaned = clean_html(*page(offline_web, "northstar", "/pricing/"))
    assert cleaned.title == "Pricing | Northstar Ketamine Wellness"
    assert cleaned.meta_description and cleaned.meta_description.startswith("Clear, all-inclusive")


def test_language_from_html_lang(offline_web: SampleWeb) -> None:
    assert clean_html(*page(offline_web, "northstar", "/")).language == "en"


def test_language_guessed_when_undeclared() -> None:
    html = (
        "<html><body><p>La kétamine est utilisée en anesthésie depuis des décennies, et "
        "certaines cliniques la proposent aujourd'hui contre la dépression.</p></body></html>"
    )
    assert clean_html(html.encode(), "text/html; charset=utf-8").language == "fr"


def test_main_text_keeps_content_and_drops_chrome(offline_web: SampleWeb) -> None:
    text = clean_html(*page(offline_web, "northstar", "/pricing/")).main_text
    assert "Single IV ketamine infusion" in text
    assert "We use cookies" not in text
    assert "Patient portal" not in text
    assert "All rights reserved" not in text
    assert "Request appointment" not in text


def test_faq_answers_inside_collapsed_details_survive(offline_web: SampleWeb) -> None:
    body, ctype = page(offline_web, "clearpath", "/faq/")
    assert b"<details" in body
    text = clean_html(body, ctype).main_text
    first_answer = body.split(b'class="faq-answer"><p>')[1].split(b"</p>")[0].decode()
    assert first_answer.replace("&#x27;", "'").replace("&quot;", '"')[:40] in text


def test_windows_1252_page_is_decoded(offline_web: SampleWeb) -> None:
    body, ctype = page(offline_web, "evergreen", "/about/")
    cleaned = clean_html(body, ctype)
    assert cleaned.charset == "cp1252"
    assert "Renée" in cleaned.main_text


def test_text_hash_is_stable_and_text_specific(offline_web: SampleWeb) -> None:
    a = clean_html(*page(offline_web, "northstar", "/faq/"))
    b = clean_html(*page(offline_web, "northstar", "/faq/"))
    c = clean_html(*page(offline_web, "northstar", "/pricing/"))
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
