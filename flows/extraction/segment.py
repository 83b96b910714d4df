"""Split cleaned page blocks into the units claims are read from: sentences, list items,
headings, table rows and FAQ questions and answers, each with offsets into the page text and
the structure a reader sees around it: the heading it sits under and, for an FAQ answer, the
question it answers ("Is it addictive?" / "No." is a denial only read together)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pysbd
from pysbd.utils import TextSpan

from flows.cleaning.blocks import Block
from flows.cleaning.plain import blocks_from_text

# Blocks that already are one unit; the rest are runs of sentences.
WHOLE_KINDS = {"heading", "list_item", "table_row", "question"}
LEAD_IN_CHARS = 160
HEADING_RUN = 3
FAQ_PAIR = re.compile(r"^\s*Q[:.]\s*(?P<q>.+?)\s+A[:.]\s*(?P<a>.+)$", re.S)


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    end: int
    zone: str
    kind: str
    # The nearest heading above (a run of headings joined with " / ").
    heading: str = ""
    # For an answer: the question it answers.
    question: str = ""
    # Whether this is the first sentence of its block (a bare "No." opens an answer).
    lead: bool = True

    @property
    def opens_answer(self) -> bool:
        """The first sentence of an FAQ answer, which is read with its question."""
        return bool(self.question) and self.lead and not self.is_question

    @property
    def is_question(self) -> bool:
        return self.kind == "question" or self.text.rstrip().endswith("?")


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    r"""pysbd's segmenter, locating its sentences in the text without a regex per sentence.

    pysbd finds each sentence's span with `re.finditer(re.escape(sentence) + r"\s*", text)`,
    taking the first match that ends past the previous sentence. Every sentence is a new
    pattern: compiling them was most of pysbd's time, and they pushed pysbd's own rule patterns
    out of `re`'s cache of 512, so those were compiled again and again too. The same search with
    str.find and str.isspace (what `\s` matches in a str pattern) gives the same spans."""

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        if any(not sentence for sentence in sentences):
            return super().sentences_with_char_spans(sentences)  # type: ignore[no-any-return]
        spans = []
        prior_end = 0
        for sentence in sentences:
            at = text.find(sentence)
            while at >= 0:
                end = at + len(sentence)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[at:end], at, end))
                    prior_end = end
                    break
                at = text.find(sentence, end)
        return spans


@cache
def _splitter() -> pysbd.Segmenter:
    return _Segmenter(language="en", clean=False, char_span=True)


# pysbd's time grows with the square of its input, so a long block goes to it in pieces cut
# at a likely sentence end (a wall of 20,000 sentences took minutes in one piece).
PIECE_CHARS = 1500
_PIECE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9\"'(])")


def _pieces(text: str) -> list[tuple[int, int]]:
    pieces, start = [], 0
    while len(text) - start > PIECE_CHARS:
        cut = _PIECE_END.search(text, start + PIECE_CHARS // 2, start + PIECE_CHARS)
        end = cut.end() if cut else start + PIECE_CHARS
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


@lru_cache(maxsize=20_000)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    # Most blocks on marketing pages are one sentence; pysbd is only worth it for runs.
    if len(text) < 40 or not re.search(r"[.!?]\s+\S", text):
        return ((0, len(text)),)
    spans = []
    for offset, piece_end in _pieces(text):
        for span in _splitter().segment(text[offset:piece_end]):
            start, end = offset + span.start, offset + span.end
            # pysbd keeps trailing spaces inside a span; evidence should not.
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return tuple(spans) or ((0, len(text)),)


def segment_blocks(blocks: Iterable[Block]) -> list[Segment]:
    segments: list[Segment] = []
    heading, question = "", ""
    after_heading = False
    # Only the first block under a question opens its answer ("No." is read with the question;
    # a third paragraph further down is not).
    opens_answer = False
    # A colon lead-in heads only the list (or the one block) right below it; after that the
    # heading above it is back in force.
    lead_in: tuple[str, str] | None = None
    for block in blocks:
        if not block.text.strip() or block.zone in ("title", "meta", "jsonld"):
            if block.text.strip():
                segments.extend(_split(block, "", ""))
            continue
        text = block.text.strip()
        # A short paragraph that is one question reads as one; "... Want to learn more?" at the
        # end of a run of sentences does not.
        if block.kind in ("heading", "question") or (
            block.kind != "answer"
            and text.endswith("?")
            and len(text) < 200
            and len(_sentences(text)) == 1
        ):
            lead_in = None
            is_question = block.kind == "question" or text.endswith("?")
            heading = f"{heading} / {text}" if after_heading and heading else text
            # A run of headings keeps its last few; a page of nothing but headings stays linear.
            heading = " / ".join(heading.split(" / ")[-HEADING_RUN:])
            question = text if is_question else ""
            after_heading = True
            opens_answer = True
            segments.append(
                Segment(block.text, block.start, block.end, block.zone, block.kind, heading, "")
            )
            continue
        after_heading = False
        if lead_in and block.kind != "list_item" and segments[-1].kind == "list_item":
            heading, question = lead_in
            lead_in = None
        segments.extend(_split(block, heading, question, opens_answer))
        opens_answer = False
        if lead_in and block.kind != "list_item":
            heading, question = lead_in
            lead_in = None
        # "Spravato may be an option if you:" introduces the list below it as a heading would.
        if block.kind != "list_item" and text.endswith(":") and len(text) < LEAD_IN_CHARS:
            lead_in = lead_in or (heading, question)
            heading, question = text, ""
    return segments


def _split(block: Block, heading: str, question: str, opens_answer: bool = True) -> list[Segment]:
    if block.kind in WHOLE_KINDS:
        return [
            Segment(
                block.text,
                block.start,
                block.end,
                block.zone,
                block.kind,
                heading,
                question,
                lead=opens_answer or not question,
            )
        ]
    kind = "answer" if block.kind == "answer" or question else "sentence"
    return [
        Segment(
            block.text[start:end],
            block.start + start,
            block.start + end,
            block.zone,
            kind,
            heading,
            question,
            lead=index == 0 and (opens_answer or not question),
        )
        for index, (start, end) in enumerate(_sentences(block.text))
    ]


def blocks_for_snippet(text: str, kind: str) -> list[Block]:
    """A lone snippet (gold set, tests) as the blocks a page would have given."""
    if kind == "section":
        return blocks_from_text(text)
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
