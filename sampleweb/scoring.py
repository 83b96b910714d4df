"""Score detected changes against an edition's answer key."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flows.changes.kinds import PAGE_EVENTS, SITE_EVENTS
from sampleweb.model import answer_key

# Kinds about a page or a whole site: their answer-key "category" is descriptive only.
EVENT_KINDS = PAGE_EVENTS | SITE_EVENTS


@dataclass
class EditionScore:
    edition: int
    intended: int = 0
    found: int = 0
    wrong_kind: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    mismatched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    text_changes: int = 0


def _same_thing(expected: dict[str, Any], change: dict[str, Any]) -> bool:
    if change["clinic_id"] != expected["clinic"]:
        return False
    category = expected.get("category")
    if expected["kind"] in EVENT_KINDS or category is None:
        return True
    return category in (change.get("categories") or [])


def score_edition(edition: int, changes: list[dict[str, Any]]) -> EditionScore:
    """Each expected change is found (right kind), found with the wrong kind, or missed;
    every detected change left over is spurious."""
    score = EditionScore(edition)
    # Edited sentences that carry no claim (`text_changed`) are their own stream, outside the
    # answer key: an edition's typo fixes and reworded prose are such edits on purpose.
    unused = [c for c in changes if c.get("stream") != "text"]
    score.text_changes = len(changes) - len(unused)
    for expected in answer_key(edition):
        score.intended += 1
        hit = next(
            (c for c in unused if c["kind"] == expected["kind"] and _same_thing(expected, c)), None
        )
        if hit is not None:
            score.found += 1
            unused.remove(hit)
            continue
        near = next(
            (c for c in unused if _same_thing(expected, c) and _same_page(expected, c)), None
        )
        if near is not None:
            score.wrong_kind += 1
            score.mismatched.append((expected, near))
            unused.remove(near)
        else:
            score.missed.append(expected)
    score.spurious = unused
    return score


def _same_page(expected: dict[str, Any], change: dict[str, Any]) -> bool:
    page = expected.get("page")
    return page is None or urlsplit(change.get("url") or "").path == page
