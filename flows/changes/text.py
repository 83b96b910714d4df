"""Text changes outside claims: a sentence that carries no claim or offer and was edited is one
`text_changed` row, so nothing a page says changes unseen. Only pages whose version changed
between the two states are read again (segmented from their stored text); sentences in asides
(rotating testimonials) and the sentences claims and offers already cover are left out. These
rows are kept out of alerts and of the claim and offer views."""

from typing import Any

import duckdb
from rapidfuzz import fuzz

from flows.changes.diff import SIMILAR
from flows.changes.model import Change, State
from flows.changes.states import VOLATILE_ZONES
from flows.cleaning.blocks import stored_blocks
from flows.extraction.identity import sentence_key
from flows.extraction.segment import segment_blocks
from warehouse.db import sql

# Sentences this short are headings, buttons and labels; their edits are not text changes.
MIN_WORDS = 6


def changed_bodies(current: State, previous: State) -> list[tuple[str, str, str]]:
    """(page id, previous version, current version) of each page both states read whose
    version changed."""
    return [
        (page_id, previous.bodies[page_id], body)
        for page_id, body in sorted(current.bodies.items())
        if page_id in previous.bodies and previous.bodies[page_id] != body
    ]


def read_texts(con: duckdb.DuckDBPyConnection, bodies: set[str]) -> dict[str, dict[str, str]]:
    """The plain sentences (identity -> sentence) of each page version among `bodies`."""
    if not bodies:
        return {}
    rows = con.execute(sql("changes", "page_texts_of.sql"), {"bodies": sorted(bodies)})
    return {body: _sentences(text, blocks) for body, text, blocks in rows.fetchall()}


def _sentences(text: str, blocks_json: Any) -> dict[str, str]:
    blocks = [b for b in stored_blocks(text, blocks_json) if b.zone not in VOLATILE_ZONES]
    found: dict[str, str] = {}
    for segment in segment_blocks(blocks):
        if len(segment.text.split()) >= MIN_WORDS:
            found.setdefault(sentence_key(segment.text), segment.text)
    return found


def text_changes(
    clinic_id: str,
    current: State,
    previous: State,
    texts: dict[str, dict[str, str]],
    covered: set[str],
) -> list[Change]:
    """One `text_changed` row per edited sentence of a changed page that no claim or offer
    carries (`covered`: the identities claims and offers already compare)."""
    changes: list[Change] = []
    for page_id, was, now in changed_bodies(current, previous):
        before, after = texts.get(was, {}), texts.get(now, {})
        gone = [k for k in before if k not in after and k not in covered]
        new = [k for k in after if k not in before and k not in covered]
        for old in gone:
            best = max(new, key=lambda k: fuzz.ratio(old, k), default=None)
            if best is None or fuzz.ratio(old, best) < SIMILAR:
                continue
            new.remove(best)
            url = current.urls.get(page_id)
            changes.append(
                Change(clinic_id, "text_changed", "text", page_id, url,
                       before_evidence=before[old], after_evidence=after[best],
                       before_key=old, after_key=best)
            )  # fmt: skip
    return changes
