"""Extraction: from a cleaned page's blocks to claim records, offer records and page facts."""

import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from flows.cleaning.blocks import Block
from flows.extraction import claims as claims_module
from flows.extraction import conditions as conditions_module
from flows.extraction import offers as offers_module
from flows.extraction.claims import Claim, extract_claims
from flows.extraction.offers import Offer, extract_offers
from flows.extraction.prefilter import Prefilter
from flows.extraction.segment import Segment, blocks_for_snippet, segment_blocks
from flows.extraction.vocabulary import Vocabulary, load_vocabulary

# Bump when the Python rules change; vocabulary edits change the vocabulary's own version.
EXTRACTOR_CODE_VERSION = "2026.12.2"

SOCIETY = re.compile(
    r"\b(?:member(?:s)? of|affiliated with|accredited by) (?:the )?"
    r"((?:American|National|International) [\w&,' -]{3,80}?"
    r"(?:Society|Association|Academy|College|Practitioners|Psychotherapists|Physicians)"
    r"(?: \([A-Z0-9]+\))?)"
)
BOARD = re.compile(
    r"\b((?:American|American Osteopathic) Board of [A-Z]\w+(?: (?:and|of|&) [A-Z]\w+)*)"
)


def extractor_version(vocab: Vocabulary) -> str:
    return f"extract-{EXTRACTOR_CODE_VERSION}/vocab-{vocab.version}"


@dataclass
class PageExtraction:
    claims: list[Claim]
    offers: list[Offer]
    facts: dict[str, Any] = field(default_factory=dict)
    version: str = ""


# A page past either budget is not extracted at all (and recorded as such), so one
# pathological page cannot hold up a whole run. Real marketing pages stay far below both.
PAGE_SEGMENT_CAP = 5_000
PAGE_TIME_BUDGET_S = 5.0


class PageBudgetExceeded(RuntimeError):
    """A page too long, or too slow, to extract; the message says which budget it passed."""


_PREFILTERS: "WeakKeyDictionary[Vocabulary, Prefilter]" = WeakKeyDictionary()


def sentence_prefilter(vocab: Vocabulary) -> Prefilter:
    """One scan of a sentence for every pattern searched on it: the vocabulary's rules (pattern
    by pattern), its cues and this package's own patterns. Built on first use (a process that
    only reads a vocabulary's version does not pay for it) and kept while the vocabulary is."""
    if vocab not in _PREFILTERS:
        code = (
            *claims_module.SENTENCE_PATTERNS,
            *offers_module.SENTENCE_PATTERNS,
            *conditions_module.SENTENCE_PATTERNS,
        )
        _PREFILTERS[vocab] = Prefilter(
            [*code, *vocab.sentence_patterns()],
            vocab.rule_groups(),
            enabled=vocab.prefilter_enabled,
        )
    return _PREFILTERS[vocab]


def extract_blocks(
    blocks: list[Block], vocab: Vocabulary | None = None, budget_s: float = PAGE_TIME_BUDGET_S
) -> PageExtraction:
    vocab = vocab or load_vocabulary()
    prefilter = sentence_prefilter(vocab)
    # The sentences under a heading share what it makes of them.
    senses: dict[str, str | None] = {}
    claims: list[Claim] = []
    offers: list[Offer] = []
    deadline = time.monotonic() + budget_s
    segments = segment_blocks(blocks)
    if len(segments) > PAGE_SEGMENT_CAP:
        raise PageBudgetExceeded(
            f"{len(segments)} sentences, over the cap of {PAGE_SEGMENT_CAP} per page"
        )
    for number, segment in enumerate(segments):
        if number % 50 == 0 and time.monotonic() > deadline:
            raise PageBudgetExceeded(
                f"extraction passed its {budget_s:.0f} s budget after {number} of "
                f"{len(segments)} sentences"
            )
        folded = _folded(segment)
        seen = prefilter.scan(folded.text)
        if folded.heading not in senses:
            senses[folded.heading] = vocab.context.heading_sense(folded.heading)
        found_claims = extract_claims(folded, vocab, seen, senses[folded.heading])
        found_offers = extract_offers(folded, vocab, seen)
        for claim in found_claims:
            claim.evidence = segment.text
        for offer in found_offers:
            offer.evidence = segment.text
        claims.extend(found_claims)
        offers.extend(found_offers)
    _qualified_in_paragraph(claims, blocks)
    return PageExtraction(claims, offers, page_facts(claims, blocks), extractor_version(vocab))


# Typographic quotes and spaces read as their plain forms, one character for one, so patterns
# written with a plain apostrophe match a typographic one, and offsets stay those of the page text.
FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                      "\u02bc": "'", "\u2032": "'"})  # fmt: skip


def _folded(segment: Segment) -> Segment:
    if segment.text.isascii() and segment.heading.isascii() and segment.question.isascii():
        return segment  # FOLD maps only characters beyond ASCII
    return replace(
        segment,
        text=segment.text.translate(FOLD),
        heading=segment.heading.translate(FOLD),
        question=segment.question.translate(FOLD),
    )


def _qualified_in_paragraph(claims: list[Claim], blocks: list[Block]) -> None:
    """A safety claim is not unqualified when its paragraph qualifies it in another sentence
    ("Ketamine is safe. Side effects include nausea and a rise in blood pressure.")."""
    starts = [b.start for b in blocks]
    qualifying = {
        bisect_right(starts, c.start) - 1 for c in claims if c.category in ("hedge", "disclosure")
    }
    for claim in claims:
        if claim.category == "safety" and bisect_right(starts, claim.start) - 1 in qualifying:
            claim.flags = [f for f in claim.flags if f["flag"] != "unqualified_safety"]


def extract_snippet(text: str, kind: str = "sentence") -> PageExtraction:
    return extract_blocks(blocks_for_snippet(text, kind))


def page_facts(claims: list[Claim], blocks: list[Block]) -> dict[str, Any]:
    text = "\n".join(b.text for b in blocks)
    credentials = sorted({c.matched for c in claims if c.category == "credentials"}, key=str.lower)
    return {
        "conditions": sorted({c.condition for c in claims if c.condition}),
        "modalities": sorted({m for c in claims for m in c.modalities}),
        "credentials": credentials,
        "boards_named": sorted({m.group(1).strip() for m in BOARD.finditer(text)}),
        "board_certified_unnamed": any(
            f["flag"] == "board_unnamed" for c in claims for f in c.flags
        ),
        "societies": sorted({m.group(1).strip() for m in SOCIETY.finditer(text)}),
        "discloses_risk": any(c.category == "disclosure" for c in claims),
        "at_home": any(c.category == "at_home" for c in claims),
    }
