"""The unit cleaning hands to extraction: a block of page text with the zone it came from."""

from dataclasses import dataclass
from typing import Literal

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
