"""Split cleaned page blocks into the units claims are read from: sentences, list items,
headings, table rows and FAQ questions and answers, each with offsets into the page text."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pysbd

from flows.blocks import Block

# Blocks that already are one unit; the rest are runs of sentences.
WHOLE_KINDS = {"heading", "list_item", "table_row", "question"}
FAQ_PAIR = re.compile(r"^\s*Q[:.]\s*(?P<q>.+?)\s+A[:.]\s*(?P<a>.+)$", re.S)


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    end: int
    zone: str
    kind: str

    @property
    def is_question(self) -> bool:
        return self.kind == "question" or self.text.rstrip().endswith("?")


@cache
def _splitter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@lru_cache(maxsize=20_000)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    # Most blocks on marketing pages are one sentence; pysbd is only worth it for runs.
    if len(text) < 40 or not re.search(r"[.!?]\s+\S", text):
        return ((0, len(text)),)
    spans = []
    for span in _splitter().segment(text):
        start, end = span.start, span.end
        # pysbd keeps trailing spaces inside a span; evidence should not.
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return tuple(spans) or ((0, len(text)),)


def segment_blocks(blocks: Iterable[Block]) -> list[Segment]:
    segments: list[Segment] = []
    for block in blocks:
        if not block.text.strip():
            continue
        if block.kind in WHOLE_KINDS:
            segments.append(Segment(block.text, block.start, block.end, block.zone, block.kind))
            continue
        kind = "answer" if block.kind == "answer" else "sentence"
        for start, end in _sentences(block.text):
            segments.append(
                Segment(
                    block.text[start:end], block.start + start, block.start + end, block.zone, kind
                )
            )
    return segments


def blocks_for_snippet(text: str, kind: str) -> list[Block]:
    """A lone snippet (gold set, tests) as the blocks a page would have given."""
    if kind == "faq":
        pair = FAQ_PAIR.match(text)
        if pair:
            return [
                Block("faq", "question", pair["q"], pair.start("q"), pair.end("q")),
                Block("faq", "answer", pair["a"], pair.start("a"), pair.end("a")),
            ]
        return [Block("faq", "answer", text, 0, len(text))]
    block_kind = {
        "sentence": "paragraph",
        "list_item": "list_item",
        "table_row": "table_row",
        "heading": "heading",
    }.get(kind, "paragraph")
    zone = "pricing" if kind == "table_row" else "main"
    return [Block(zone, block_kind, text, 0, len(text))]  # type: ignore[arg-type]
