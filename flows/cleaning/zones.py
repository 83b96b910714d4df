"""Zones and kinds: where on the page an element sits (main, header, promo, pricing, faq,
aside), what shape its block has, and whether it is chrome to drop."""

import re
from dataclasses import dataclass
from typing import Any

from flows.cleaning.blocks import Kind, Zone
from flows.cleaning.dom import (
    PAGE_TAGS,
    faq_schema,
    has_prose,
    is_faq_list,
    is_hidden,
    paragraph_chars,
)
from flows.cleaning.markers import (
    ANSWER_WORDS,
    COLLAPSED_WORDS,
    FAQ_WORDS,
    HEADER_WORDS,
    NAV_WORDS,
    OVERLAY_WORDS,
    PANEL_WORDS,
    PRICING_WORDS,
    PROMO_WORDS,
    QUESTION_WORDS,
    STRUCTURE_WORDS,
)

KIND_OF_TAG: dict[str, Kind] = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "p": "paragraph",
    "blockquote": "paragraph",
    "li": "list_item",
    "dt": "heading",
    "dd": "paragraph",
    "summary": "question",
}

# An element holding more than this share of the page's paragraph text (and at least so many
# characters of it) is a wrapper of the page, whatever its class says.
WRAPPER_SHARE = 0.4
WRAPPER_MIN_CHARS = 600

# ARIA roles of page chrome.
CHROME_ROLES = frozenset(
    {"navigation", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar"}
)
# React streams server-rendered sections into hidden <div id="S:0"> elements and moves them
# into place when the page runs; without scripts they are where the content is.
STREAMED_BOUNDARY = re.compile(r"^[SB]:\d+$")


@dataclass(slots=True)
class Context:
    """What the walk knows about the current element from its ancestors."""

    zone: Zone = "main"
    kind: Kind = "text"
    in_main: bool = False  # inside <main>, role=main or <article>
    in_link: bool = False
    in_faq: bool = False
    element: Any = None  # nearest block-level element

    def copy(self) -> "Context":
        return Context(self.zone, self.kind, self.in_main, self.in_link, self.in_faq, self.element)


def is_chrome(el: Any, tag: str, marker: str, role: str, ctx: Context, page_chars: int) -> bool:
    """Is the element page chrome, to drop with everything inside it?"""
    if (
        role in CHROME_ROLES
        or (marker and OVERLAY_WORDS.search(marker))
        or (marker and ctx.zone not in ("pricing", "faq") and STRUCTURE_WORDS.search(marker))
    ):
        if holds_page(el, tag, page_chars):
            return False
        return not (marker and NAV_WORDS.search(marker) and has_prose(el))
    if ctx.in_faq or not is_hidden(el):
        return False
    # Hidden: dropped, unless a script shows it on demand (a collapsed answer, a tab panel,
    # a slide) or it holds the page (streamed server rendering hides content until hydrated).
    if role == "tabpanel" or (
        marker and (FAQ_WORDS.search(marker) or COLLAPSED_WORDS.search(marker))
    ):
        return False
    if STREAMED_BOUNDARY.match(el.get("id") or ""):
        return False
    return not holds_prose(el, page_chars)


def holds_page(el: Any, tag: str, page_chars: int, by_share: bool = True) -> bool:
    """Wrappers whose class names mention a sidebar or a menu state ("has-sidebar",
    "menu-type-dropdown" on <body>), or that broken markup wrapped around the page, hold
    the page itself."""
    if tag in PAGE_TAGS:
        return True
    for _ in el.iter("main", "article", "h1"):
        return True
    return by_share and holds_prose(el, page_chars)


def holds_prose(el: Any, page_chars: int) -> bool:
    chars = paragraph_chars(el)
    return chars > WRAPPER_SHARE * page_chars and chars > WRAPPER_MIN_CHARS


def enter(
    el: Any, tag: str, ctx: Context, marker: str, role: str, page_chars: int, main_started: bool
) -> Context:
    """The context inside the element: its zone, and whether it is main content, a link or
    a FAQ. `main_started`: a block of the main content has been emitted."""
    new = ctx.copy()
    if tag == "a" and el.get("href") is not None:
        new.in_link = True
    if tag in ("main", "article") or role == "main":
        new.in_main = True
        if new.zone == "header":
            new.zone = "main"
    if tag == "details" or (
        ((marker and FAQ_WORDS.search(marker)) or faq_schema(el) or is_faq_list(el, tag))
        and not holds_page(el, tag, page_chars)
    ):
        new.in_faq = True
        new.zone = "faq"
        new.kind = "answer"
    elif new.zone == "main" and marker:
        # The word tests are cheap; holds_page walks the subtree.
        if PROMO_WORDS.search(marker):
            if not holds_page(el, tag, page_chars):
                new.zone = "promo"
        elif PRICING_WORDS.search(marker) and not holds_page(el, tag, page_chars):
            new.zone = "pricing"
    if (
        new.zone == "main"
        and not new.in_main
        and not main_started
        and (tag == "header" or role == "banner" or (marker and HEADER_WORDS.search(marker)))
    ):
        new.zone = "header"
    if (tag == "aside" or role == "complementary") and new.zone == "main":
        new.zone = "aside"
    return new


def kind_of(tag: str, marker: str, ctx: Context) -> Kind:
    kind = KIND_OF_TAG.get(tag)
    if ctx.in_faq:
        if kind in ("heading", "question"):
            return "question"
        if marker:
            if QUESTION_WORDS.search(marker) and not ANSWER_WORDS.search(marker):
                return "question"
            if ANSWER_WORDS.search(marker) or PANEL_WORDS.search(marker):
                return "answer"
        return "question" if ctx.kind == "question" else "answer"  # inherit from the container
    if kind is not None:
        return kind
    if ctx.kind in ("paragraph", "heading", "list_item"):
        return ctx.kind  # a div inside a p or an li keeps its kind
    return "text"
