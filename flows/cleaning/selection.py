"""Choosing the content among the raw blocks: dropping menus and tag clouds, short linked calls
to action, copyright and skip lines, the header's contact strip and repeated copies of a block;
keeping what is inside <main> when the page has one, and only the body on an article page."""

import re
from typing import Any

from flows.cleaning.article import article_body
from flows.cleaning.dom import PAGE_TAGS
from flows.cleaning.walk import RawBlock

LINK_LIST_MIN_BLOCKS = 3
LINK_LIST_DENSITY = 0.7
CTA_MAX_WORDS = 8
CTA_LINK_SHARE = 0.9
BOILERPLATE_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|skip to |skip navigation|jump to )", re.I
)
BOILERPLATE_MAX_CHARS = 200
PHONE_OR_EMAIL = re.compile(
    r"(?:\+?\d[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b|[\w.+-]+@[\w-]+\.[\w.]+"
)
CONTACT_STRIP_MAX_CHARS = 120
REPEAT_MIN_WORDS = 5
# Zones kept outside <main> and outside an article's body.
OUTSIDE_MAIN_ZONES = frozenset({"promo", "header", "pricing", "faq"})
MAIN_SHARE = 0.3


def select_blocks(raw: list[RawBlock], article: bool) -> list[RawBlock]:
    """The page's content among the raw blocks; `article`: the page declares itself one."""
    raw = _drop_link_lists(raw)
    raw = [
        b
        for i, b in enumerate(raw)
        if not _is_call_to_action(b, raw[i + 1 : i + 2])
        and not _is_boilerplate_line(b)
        and not _is_contact_strip(b)
    ]
    main_chars = sum(len(b.text) for b in raw if b.in_main)
    if main_chars and main_chars >= MAIN_SHARE * sum(len(b.text) for b in raw):
        raw = [b for b in raw if b.in_main or b.zone in OUTSIDE_MAIN_ZONES]
    raw = _drop_repeats(raw)
    if not article:
        return raw
    return article_body(raw)


def _is_call_to_action(block: RawBlock, following: list[RawBlock]) -> bool:
    """A short block that is all link: "Get started", "Contact sales", "Read more". A linked
    heading, a promo bar, or a linked title right above its card's text is content."""
    if block.zone == "promo" or block.kind in ("heading", "question", "table_row"):
        return False
    if block.links < CTA_LINK_SHARE * len(block.text) or block.text.count(" ") >= CTA_MAX_WORDS:
        return False
    for after in following:
        if after.links < 0.5 * len(after.text) and _near(block.element, after.element):
            return False
    return True


def _near(a: Any, b: Any) -> bool:
    """Two elements in the same small box (a card): they share a parent or a grandparent
    below the page's top-level containers."""
    if a is None or b is None:
        return False
    pa, pb = a.getparent(), b.getparent()
    if pa is None or pb is None:
        return False
    above_b = (pb, pb.getparent())
    for common in (pa, pa.getparent()):
        if common is None or common.tag in PAGE_TAGS:
            continue
        if any(common is other for other in above_b):
            return True
    return False


def _is_boilerplate_line(block: RawBlock) -> bool:
    """Copyright notices and skip links that escaped the markup rules."""
    return len(block.text) <= BOILERPLATE_MAX_CHARS and bool(BOILERPLATE_LINE.match(block.text))


def _is_contact_strip(block: RawBlock) -> bool:
    """The phone number and e-mail line of a site header ("Call (410) 555-0142")."""
    return (
        block.zone == "header"
        and len(block.text) <= CONTACT_STRIP_MAX_CHARS
        and bool(PHONE_OR_EMAIL.search(block.text))
    )


def _drop_link_lists(raw: list[RawBlock]) -> list[RawBlock]:
    """Runs of blocks that are all links and share a parent: menus, tag lists, related links."""
    keep = [True] * len(raw)
    i = 0
    while i < len(raw):
        parent = _list_parent(raw[i].element)
        j = i + 1
        while j < len(raw) and _list_parent(raw[j].element) is parent:
            j += 1
        run = raw[i:j]
        if len(run) >= LINK_LIST_MIN_BLOCKS and run[0].zone not in ("pricing", "faq"):
            chars = sum(len(b.text) for b in run)
            if sum(b.links for b in run) >= LINK_LIST_DENSITY * chars:
                keep[i:j] = [False] * (j - i)
        i = j
    return [b for b, k in zip(raw, keep, strict=True) if k]


def _list_parent(el: Any) -> Any:
    if el is None:
        return None
    parent = el.getparent()
    if parent is not None and parent.tag in ("li", "td", "dt", "dd"):
        parent = parent.getparent()
    return parent


def _drop_repeats(raw: list[RawBlock]) -> list[RawBlock]:
    """Responsive sites ship a section twice (desktop and mobile markup, carousels that clone
    their slides): keep the first copy of a block of a few words or more that reappears under
    another parent. Repeats side by side (a list saying the same thing twice) and table rows
    stay."""
    first_parent: dict[str, Any] = {}
    out = []
    for block in raw:
        if block.kind != "table_row" and block.text.count(" ") + 1 >= REPEAT_MIN_WORDS:
            parent = block.element.getparent() if block.element is not None else None
            seen = first_parent.setdefault(block.text, parent)
            if seen is not parent:
                continue
        out.append(block)
    return out
