"""Walking the DOM into raw blocks: text cut at block-level tags, tagged with its zone and kind,
with data tables one block per row."""

import re
from dataclasses import dataclass, field
from typing import Any

from flows.cleaning.blocks import Kind, Zone
from flows.cleaning.decode import squash
from flows.cleaning.dom import (
    BLOCK_TAGS,
    BREAK_TAGS,
    CHROME_TAGS,
    FAQ_KEEP_TAGS,
    SKIP_TAGS,
    inline_text,
    is_data_table,
    is_page_form,
    nearest_table,
    tag_of,
)
from flows.cleaning.markers import PRICING_WORDS, marker_of
from flows.cleaning.zones import Context, enter, holds_page, is_chrome, kind_of

MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|usd|eur|gbp|dollars?)(?![a-z])|\bfree\b"
    r"|/\s?(?:mo|month|yr|year|session|visit)\b",
    re.I,
)
TABLE_CELL_SEPARATOR = " | "


@dataclass(slots=True)
class RawBlock:
    """A block before selection: its text, how much of it is link text and where it sat."""

    zone: Zone
    kind: Kind
    text: str
    links: int  # characters of text inside links
    element: Any
    in_main: bool


@dataclass
class Walker:
    """Walks the DOM once, dropping chrome and cutting the rest into zoned raw blocks."""

    page_chars: int  # characters in the page's paragraphs
    blocks: list[RawBlock] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    main_started: bool = False  # a block of the main content has been emitted

    def add(self, text: str | None, ctx: Context) -> None:
        if text:
            self.pieces.append(text)
            if ctx.in_link:
                self.link_chars += len(text.strip())

    def flush(self, ctx: Context) -> None:
        if not self.pieces:
            return
        text = squash("".join(self.pieces))
        self.pieces.clear()
        links, self.link_chars = self.link_chars, 0
        if not text:
            return
        kind = ctx.kind
        if ctx.zone == "faq" and kind == "answer" and text.endswith("?") and len(text) < 200:
            kind = "question"
        self.blocks.append(
            RawBlock(ctx.zone, kind, text, min(links, len(text)), ctx.element, ctx.in_main)
        )
        if ctx.in_main or (ctx.element is not None and ctx.element.tag == "h1"):
            self.main_started = True

    def walk(self, el: Any, ctx: Context) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions
            return
        tag = tag.lower()
        if tag in SKIP_TAGS and not (ctx.in_faq and tag in FAQ_KEEP_TAGS):
            return
        if tag in BREAK_TAGS:
            self.flush(ctx)
            return
        if tag == "form" and not is_page_form(el):
            return
        if tag in CHROME_TAGS and not holds_page(el, tag, self.page_chars, by_share=False):
            return
        attrib = el.attrib
        marker = marker_of(el) if attrib else ""
        role = (attrib.get("role") or "").lower() if attrib else ""
        if attrib and is_chrome(el, tag, marker, role, ctx, self.page_chars):
            return
        if tag == "table" and is_data_table(el):
            self.flush(ctx)
            self._table(el, ctx, marker)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush(ctx)  # text so far belongs to the enclosing block
        if is_block or marker or role or tag in ("a", "details"):
            ctx = enter(el, tag, ctx, marker, role, self.page_chars, self.main_started)
        if is_block:
            ctx.element = el
            ctx.kind = kind_of(tag, marker, ctx)
        self.add(el.text, ctx)
        for child in el:
            self.walk(child, ctx)
            self.add(child.tail, ctx)
        if is_block:
            self.flush(ctx)

    def _table(self, table: Any, ctx: Context, marker: str) -> None:
        """One block per row, cells joined; a table of prices is the pricing zone."""
        rows = []
        for row in table.iter("tr"):
            if nearest_table(row) is not table:
                continue
            cells = (squash(inline_text(cell)) for cell in row if tag_of(cell) in ("td", "th"))
            line = TABLE_CELL_SEPARATOR.join(c for c in cells if c)
            if line:
                rows.append((line, row))
        zone = ctx.zone
        priced = sum(bool(MONEY.search(line)) for line, _ in rows)
        if zone == "main" and (
            (marker and PRICING_WORDS.search(marker)) or (rows and priced >= max(1, len(rows) // 3))
        ):
            zone = "pricing"
        caption = table.find("caption")
        if caption is not None:
            text = squash(inline_text(caption))
            if text:
                self.blocks.append(RawBlock(zone, "heading", text, 0, caption, ctx.in_main))
        for line, row in rows:
            links = sum(len(inline_text(a)) for a in row.iter("a"))
            self.blocks.append(
                RawBlock(zone, "table_row", line, min(links, len(line)), row, ctx.in_main)
            )
