"""The prefilter (flows/extraction/prefilter.py) changes how many searches extraction runs, never
what it finds: every row of every sample-web page (as benchmarks/extract_speed.py renders them)
and of every gold snippet (benchmarks/gold/) is the same with the prefilter as with every pattern
a candidate, as on a machine without hyperscan."""

import importlib.util
from dataclasses import replace
from functools import cache
from types import ModuleType
from typing import Any

import pytest

from flows.cleaning import clean_html
from flows.cleaning.blocks import Block
from flows.extraction.extract import extract_blocks, sentence_prefilter
from flows.extraction.rows import claim_rows, facts_row, offer_rows
from flows.extraction.segment import blocks_for_snippet
from flows.extraction.vocabulary import Vocabulary, load_vocabulary
from tests.paths import REPO


def benchmark(name: str) -> ModuleType:
    # By path: an installed package is also called "benchmarks".
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def vocabularies() -> tuple[Vocabulary, Vocabulary]:
    filtered = load_vocabulary()
    assert sentence_prefilter(filtered).active, "hyperscan is in the lock file: it should be on"
    return filtered, replace(filtered, prefilter_enabled=False)


def rows(blocks: list[Block], vocab: Vocabulary) -> list[Any]:
    result = extract_blocks(blocks, vocab)
    return [claim_rows("", result), offer_rows("", result), facts_row("", result)]


def assert_same_rows(pages: list[tuple[str, list[Block]]]) -> None:
    filtered, unfiltered = vocabularies()
    differing = [
        name for name, blocks in pages if rows(blocks, filtered) != rows(blocks, unfiltered)
    ]
    assert not differing, f"the prefilter changed the rows of {len(differing)}: {differing[:5]}"


def test_gold_snippets_have_the_same_rows_with_and_without_the_prefilter() -> None:
    assert_same_rows(
        [
            (s["id"], blocks_for_snippet(s["text"], s.get("kind", "sentence")))
            for s in benchmark("gold").load_gold()
        ]
    )


@pytest.mark.slow
def test_sample_web_pages_have_the_same_rows_with_and_without_the_prefilter() -> None:
    pages = [
        (f"page {i}", list(clean_html(body, ctype).blocks))
        for i, (body, ctype) in enumerate(benchmark("extract_speed").sample_pages())
    ]
    assert len(pages) > 500
    assert_same_rows(pages)
