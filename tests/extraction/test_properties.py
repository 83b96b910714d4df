"""Hostile input never crashes cleaning or extraction, and no span leaves the text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.cleaning import clean_html
from flows.extraction.extract import PageBudgetExceeded, extract_blocks, extract_snippet

MARKETING_WORDS = st.sampled_from(
    ["ketamine", "70%", "$450", "not addictive", "FDA approved", "cure", "safe", "PTSD",
     "free consultation", "per infusion", "off", "—", "“", "Q:", "A:", "?", ".", "\n", "|",
     "series of six", "within hours", "0% financing", "results vary", "MD", "DO", "é", "\x00"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(MARKETING_WORDS, st.text(max_size=12)), max_size=60).map(" ".join),
)
TAGS = st.sampled_from(["p", "div", "li", "ul", "table", "tr", "td", "details", "summary",
                        "nav", "footer", "main", "script", "h1", "span", "section"])  # fmt: skip


@st.composite
def html_documents(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(0, 60))
    tags = [draw(TAGS) for _ in range(depth)]
    inner = draw(TEXTS)
    body = "".join(f"<{t}>" for t in tags) + inner + "".join(f"</{t}>" for t in reversed(tags))
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]  # truncated mid-tag
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]))
    return f"<html><body>{body}</body></html>".encode(encoding, errors="replace")


KINDS = st.sampled_from(["sentence", "list_item", "faq", "table_row", "heading"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, KINDS)
def test_extraction_of_any_text_stays_inside_it(text: str, kind: str) -> None:
    result = extract_snippet(text, kind)
    for record in [*result.claims, *result.offers]:
        assert 0 <= record.start <= record.end <= len(text)
        assert text[record.start : record.end] == record.evidence


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_documents(), st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                                          "text/html; charset=windows-1252"]))  # fmt: skip
def test_cleaning_and_extraction_of_any_html_never_crash(body: bytes, ctype: str | None) -> None:
    cleaned = clean_html(body, ctype)
    for block in cleaned.blocks:
        assert cleaned.text[block.start : block.end] == block.text
    result = extract_blocks(list(cleaned.blocks))
    for record in [*result.claims, *result.offers]:
        assert cleaned.text[record.start : record.end] == record.evidence


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=3000))
def test_binary_garbage_is_cleaned_without_error(body: bytes) -> None:
    cleaned = clean_html(body, "text/html")
    assert isinstance(cleaned.text, str)


PARAGRAPH = "<p>Ketamine is not addictive and 70% of patients improve. Only $399!</p>"


def test_long_page_is_extracted_in_full() -> None:
    cleaned = clean_html(("<html><body>" + PARAGRAPH * 500 + "</body></html>").encode(), None)
    result = extract_blocks(list(cleaned.blocks))
    assert len(result.claims) >= 500


def test_page_past_the_sentence_cap_is_refused_by_name() -> None:
    cleaned = clean_html(("<html><body>" + PARAGRAPH * 3000 + "</body></html>").encode(), None)
    with pytest.raises(PageBudgetExceeded, match="6000 sentences, over the cap of 5000"):
        extract_blocks(list(cleaned.blocks))


def test_deeply_nested_page_is_handled() -> None:
    body = "<div>" * 2000 + "Ketamine is FDA approved for depression." + "</div>" * 2000
    cleaned = clean_html(f"<html><body>{body}</body></html>".encode(), "text/html")
    assert isinstance(cleaned.text, str)
