"""Work on the cleaner's and the extractor's speed changes nothing they output: every page of
tests/cleaning/reference_outputs.py gives the same cleaned page, comparable text and extraction
rows as the stored digests, which the code before that work wrote."""

import json
from functools import cache
from typing import Any

import pytest

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
