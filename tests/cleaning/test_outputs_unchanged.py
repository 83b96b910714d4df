"""Work on the cleaner's and the extractor's speed changes nothing they output: every page of
tests/cleaning/reference_outputs.py gives the same cleaned page, comparable text and extraction
rows as the stored digests, which the code before that work wrote."""

import json
from functools import cache
from typing import Any

import pytest

from flows.cleaning import clean_html
from flows.cleaning.decode import MAX_DOM_DEPTH, parse
from tests.cleaning import reference_outputs as reference


@cache
def stored() -> dict[str, Any]:
    return json.loads(reference.REFERENCE.read_text(encoding="utf-8"))


def assert_unchanged(corpus: str) -> None:
    expected = stored()
    assert expected["versions"] == reference.versions(), (
        "the cleaner or extractor version changed: if the output is meant to change, write "
        "the reference again (python -m tests.cleaning.reference_outputs)"
    )
    got = reference.CORPORA[corpus]()
    assert got.keys() == expected[corpus].keys(), "the set of reference pages changed"
    differing = {
        page: [part for part, digest in digests.items() if expected[corpus][page][part] != digest]
        for page, digests in got.items()
        if digests != expected[corpus][page]
    }
    assert not differing, f"{len(differing)} pages differ: {dict(list(differing.items())[:8])}"


def test_stored_pages_clean_and_extract_as_before() -> None:
    assert_unchanged("stored")


def test_gold_snippets_extract_as_before() -> None:
    assert_unchanged("gold")


@pytest.mark.slow
def test_hostile_pages_clean_and_extract_as_before() -> None:
    assert_unchanged("hostile")


@pytest.mark.slow
def test_sample_web_pages_clean_and_extract_as_before() -> None:
    assert_unchanged("sample_web")


@pytest.mark.slow
def test_cleaning_benchmark_pages_clean_and_extract_as_before() -> None:
    if not reference.cleaning_benchmark_pages():
        pytest.skip("the cleaning benchmark's pages (third-party, outside the repo) are not here")
    assert_unchanged("cleaning_benchmark")


@pytest.mark.parametrize("levels", [148, 149, 150, 151, 400])
def test_text_nested_past_the_depth_limit_is_kept_at_the_limit(levels: int) -> None:
    """The walks recurse, so a subtree below MAX_DOM_DEPTH is kept as its text, right at the
    limit and not above it (the page is first checked for such depth with one XPath)."""
    inner = "<p>Ketamine infusions <b>from $400</b> per session.</p>"
    html = "<html><body>" + "<div>" * levels + inner + "</div>" * levels + "</body></html>"
    root = parse(html)
    depth, el = 0, root
    while len(el):
        depth, el = depth + 1, el[0]
    # html, body, the divs and the p: deeper than the limit only from 148 divs on.
    assert depth == min(levels + 3, MAX_DOM_DEPTH)
    assert clean_html(html.encode(), "text/html").main_text == (
        "Ketamine infusions from $400 per session."
    )
