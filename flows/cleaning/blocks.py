"""The unit cleaning hands to extraction: a block of page text with the zone it came from."""

import json
from dataclasses import dataclass
from typing import Any, Literal

# Where on the page a block sat. Chrome zones (nav, footer, cookie) are dropped before
# extraction; the others are kept because marketing puts offers in them.
Zone = Literal["main", "header", "promo", "pricing", "faq", "jsonld", "aside", "title", "meta"]

# What shape the block had, so segmentation knows a heading from a sentence run.
Kind = Literal["heading", "paragraph", "list_item", "table_row", "question", "answer", "text"]


@dataclass(frozen=True)
class Block:
    zone: Zone
    kind: Kind
    text: str
    # Offsets of `text` inside the page's stored text (blocks joined with "\n").
    start: int
    end: int


def stored_blocks(text: str, blocks_json: Any) -> list[Block]:
    """A stored page text's blocks again, from page_texts.text and page_texts.blocks."""
    return [
        Block(b["zone"], b["kind"], text[b["start"] : b["end"]], b["start"], b["end"])
        for b in json.loads(blocks_json or "[]")
    ]
