"""Zoned cleaning on stored sample-web pages (tests/files/sample_pages/) and small hand-written
pages."""

from functools import cache

import pytest

from flows.cleaning import CleanedPage, clean_html, comparable
from tests.paths import stored_page

CLINICS = ("northstar", "evergreen", "clearpath", "bluehaven", "summit")
HTML = "text/html; charset=utf-8"


@cache
def cleaned(clinic: str, path: str) -> CleanedPage:
    return clean_html(*stored_page(f"{clinic}_{path.strip('/') or 'home'}.html"))


def zone_texts(page: CleanedPage, zone: str, kind: str | None = None) -> list[str]:
    return [b.text for b in page.blocks if b.zone == zone and (kind is None or b.kind == kind)]


def test_promo_banner_is_kept_in_the_promo_zone() -> None:
    promo = zone_texts(cleaned("northstar", "/pricing/"), "promo")
    assert any("10% off your first infusion" in text for text in promo)


def test_pricing_table_rows_are_pricing_blocks() -> None:
    rows = zone_texts(cleaned("northstar", "/pricing/"), "pricing", "table_row")
    assert (
        "Single IV ketamine infusion | $450 | includes vital-sign monitoring and recovery" in rows
    )


def test_collapsed_faq_answers_are_answer_blocks() -> None:
    answers = zone_texts(cleaned("clearpath", "/faq/"), "faq", "answer")
    assert (
        "Yes. The initial 30-minute consultation is free with no obligation to book treatment."
        in answers
    )


def test_faq_questions_are_question_blocks() -> None:
    questions = zone_texts(cleaned("clearpath", "/faq/"), "faq", "question")
    assert "Is the consultation really free?" in questions


@pytest.mark.parametrize(
    "chrome",
    [
        "We use cookies",  # cookie banner
        "Patient portal",  # navigation
        "All rights reserved",  # footer
        "patients treated",  # footer counter
        "Schedule a consultation",  # booking widget
        "Your cart",  # cart widget
        "Request appointment",  # booking form
    ],
)
def test_chrome_is_dropped(chrome: str) -> None:
    assert chrome not in cleaned("northstar", "/pricing/").text


def test_jsonld_faq_is_text_in_the_jsonld_zone() -> None:
    jsonld = zone_texts(cleaned("clearpath", "/faq/"), "jsonld")
    assert "Q: Which one works better?" in jsonld


def test_jsonld_offer_price_is_text() -> None:
    page = (
        b'<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
        b' "@type": "Service", "name": "IV ketamine infusion", "offers": {"@type": "Offer",'
        b' "price": "450", "priceCurrency": "USD"}}</script></head>'
        b"<body><main><p>Infusions in Baltimore.</p></main></body></html>"
    )
    jsonld = zone_texts(clean_html(page, HTML), "jsonld")
    assert jsonld == ["IV ketamine infusion", "Price: 450 USD"]


def test_jsonld_stays_out_of_main_text() -> None:
    assert "Q: Which one works better?" not in cleaned("clearpath", "/faq/").main_text


def test_title_and_meta_description_are_zones() -> None:
    page = cleaned("northstar", "/pricing/")
    assert [b.zone for b in page.blocks[:2]] == ["title", "meta"]


@pytest.mark.parametrize(
    ("clinic", "path"),
    [(c, p) for c in CLINICS for p in ("/", "/pricing/", "/faq/", "/about/")],
)
def test_block_offsets_point_into_text(clinic: str, path: str) -> None:
    page = cleaned(clinic, path)
    assert all(page.text[b.start : b.end] == b.text for b in page.blocks)


def test_text_is_the_blocks_joined_by_newlines() -> None:
    page = cleaned("clearpath", "/faq/")
    assert page.text == "\n".join(b.text for b in page.blocks)


def test_main_text_ignores_the_rotating_testimonial() -> None:
    first, second = stored_page("northstar_home_a.html"), stored_page("northstar_home_b.html")
    assert first[0] != second[0]  # the testimonial aside rotated between the two requests
    assert clean_html(*first).main_text == clean_html(*second).main_text


def test_header_tagline_is_kept_in_the_header_zone() -> None:
    page = (
        b'<html><body><header class="site-header"><a class="logo" href="/">Clinic</a>'
        b'<nav><a href="/">Home</a> <a href="/faq/">FAQ</a></nav>'
        b'<p class="tagline">Same-week appointments, no referral needed</p></header>'
        b"<main><h1>Ketamine therapy</h1><p>We treat depression.</p></main></body></html>"
    )
    header = zone_texts(clean_html(page, HTML), "header")
    assert header == ["Same-week appointments, no referral needed"]


def test_accordion_answer_hidden_until_clicked_is_kept() -> None:
    page = (
        b'<html><body><main><h1>FAQ</h1><div class="accordion"><div class="accordion-item">'
        b'<h3 class="accordion-header"><button class="accordion-button">Is it covered?</button>'
        b'</h3><div class="accordion-collapse collapse" style="display:none">'
        b"<p>Some plans reimburse part of the cost.</p></div></div></div></main></body></html>"
    )
    faq = [(b.kind, b.text) for b in clean_html(page, HTML).blocks if b.zone == "faq"]
    assert faq == [
        ("question", "Is it covered?"),
        ("answer", "Some plans reimburse part of the cost."),
    ]


def test_mojibake_is_repaired() -> None:
    # UTF-8 bytes on a page that declares windows-1252: decoding gives "RenÃ©eâ€™s".
    body = (
        '<html><head><meta charset="windows-1252"></head><body><main>'
        "<p>Dr. Ren\u00e9e\u2019s clinic opens in May.</p></main></body></html>"
    ).encode()
    page = clean_html(body, "text/html; charset=windows-1252")
    assert "Dr. Ren\u00e9e\u2019s clinic opens in May." in page.main_text


@pytest.mark.parametrize(
    "noise", ["© 2025", "Over 2,140 patients treated", "Page last reviewed 2025-12-01"]
)
def test_comparable_text_drops_noise(noise: str) -> None:
    text = (
        "New patients save 10% on the first infusion.\n"
        "Over 2,140 patients treated\n"
        "Page last reviewed 2025-12-01.\n"
        "© 2025 Northstar Ketamine Wellness. All rights reserved."
    )
    assert noise not in comparable(text)


def test_comparable_text_drops_dates() -> None:
    text = "Posted March 3, 2026 by the team. Updated 3 days ago. Offer ends 2026-03-31."
    assert comparable(text) == "by the team. Offer ends"


def test_comparable_text_keeps_the_offer() -> None:
    text = "New patients save 10% on the first infusion.\n4 out of 5 patients report relief."
    assert comparable(text) == text


def test_comparable_text_of_a_page_drops_its_review_date() -> None:
    assert "Page last reviewed" not in cleaned("clearpath", "/faq/").comparable_text
