"""Edited sentences that carry no claim: one text_changed row each, from the page texts."""

import json

from flows.changes.model import State
from flows.changes.text import _sentences, text_changes
from flows.extraction.identity import sentence_key

BEFORE = (
    "Our clinic sits on the second floor of the Elm Street medical building.\n"
    "Parking is free in the garage behind the building on weekdays."
)
AFTER = (
    "Our clinic sits on the third floor of the Elm Street medical building.\n"
    "Parking is free in the garage behind the building on weekdays."
)


def blocks(text: str, zone: str = "main") -> str:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append({"zone": zone, "kind": "paragraph", "start": start, "end": start + len(line)})
        start += len(line) + 1
    return json.dumps(spans)


def page_state(body: str) -> State:
    return State(checked_pages={"p1"}, bodies={"p1": body}, urls={"p1": "http://c1.test/"})


def test_an_edited_sentence_without_claims_is_one_text_change() -> None:
    texts = {"b1": _sentences(BEFORE, blocks(BEFORE)), "b2": _sentences(AFTER, blocks(AFTER))}
    [change] = text_changes("c1", page_state("b2"), page_state("b1"), texts, set())
    assert (change.kind, change.stream, change.after_evidence) == (
        "text_changed", "text", AFTER.split("\n")[0],
    )  # fmt: skip


def test_a_sentence_claims_already_compare_is_not_a_text_change() -> None:
    texts = {"b1": _sentences(BEFORE, blocks(BEFORE)), "b2": _sentences(AFTER, blocks(AFTER))}
    covered = {sentence_key(BEFORE.split("\n")[0]), sentence_key(AFTER.split("\n")[0])}
    assert text_changes("c1", page_state("b2"), page_state("b1"), texts, covered) == []


def test_a_rotating_aside_is_not_read() -> None:
    assert _sentences(BEFORE, blocks(BEFORE, zone="aside")) == {}
