"""Article pages: telling that a page declares itself an article, and keeping only the element
that holds most of its prose, without sidebars, teasers of other articles or the site header."""

import re
from typing import Any

from flows.cleaning.walk import RawBlock

ARTICLE_TYPES = re.compile(
    r"^(?:News|Blog|Scholarly|Tech|Analysis|Opinion|Reportage|Review|Satirical)?Article$"
    r"|^(?:Live)?BlogPosting$|^Report$"
)

# An article's body: the deepest element holding this share of the page's prose.
ARTICLE_PROSE_SHARE = 0.7
PROSE_MIN_CHARS = 40
PROSE_MAX_LINK_SHARE = 0.3
TEASER_MAX_CHARS = 400


def looks_like_article(root: Any, jsonld: list[Any]) -> bool:
    """Does the page say it is an article: a schema.org Article type in JSON-LD or microdata,
    or an article:published_time meta tag? (og:type alone is not enough: many CMSs set it to
    "article" on every page.)"""
    for meta in root.iter("meta"):
        prop = (meta.get("property") or meta.get("name") or "").strip().lower()
        if prop in ("article:published_time", "article:section"):
            return True
    if any(_has_article_type(item, 0) for item in jsonld):
        return True
    for _ in root.iterfind(".//*[@itemprop='articleBody']"):
        return True
    return False


def _has_article_type(data: Any, depth: int) -> bool:
    if depth > 4:
        return False
    if isinstance(data, list):
        return any(_has_article_type(item, depth + 1) for item in data)
    if not isinstance(data, dict):
        return False
    types = data.get("@type")
    for name in [types] if isinstance(types, str) else types if isinstance(types, list) else []:
        if isinstance(name, str) and ARTICLE_TYPES.match(name):
            return True
    graph = data.get("@graph")
    return graph is not None and _has_article_type(graph, depth + 1)


def article_body(raw: list[RawBlock]) -> list[RawBlock]:
    """On an article page, the blocks inside the element holding most of the prose, without
    asides and teasers of other articles."""
    raw = _drop_teasers([b for b in raw if b.zone != "aside"])
    body = _prose_container(raw)
    if body is None:
        return raw
    inside = {id(b) for b in raw if _within(b.element, body)}
    first = next((i for i, b in enumerate(raw) if id(b) in inside), 0)
    # The article's body, and the promo bar above it.
    return [b for i, b in enumerate(raw) if id(b) in inside or (i < first and b.zone == "promo")]


def _drop_teasers(raw: list[RawBlock]) -> list[RawBlock]:
    """On an article page, a linked sub-heading with a line or two under it is a teaser for
    another article: drop the group."""
    out: list[RawBlock] = []
    group: list[RawBlock] = []
    for block in [*raw, None]:
        if block is None or block.kind == "heading":
            if group and not _is_teaser(group):
                out.extend(group)
            group = []
        if block is not None:
            group.append(block)
    return out


def _is_teaser(group: list[RawBlock]) -> bool:
    head = group[0]
    if head.kind != "heading" or head.links < 0.8 * len(head.text):
        return False
    if head.element is not None and head.element.tag == "h1":
        return False
    return sum(len(b.text) for b in group[1:]) < TEASER_MAX_CHARS


def _prose(block: RawBlock) -> int:
    n = len(block.text)
    if n < PROSE_MIN_CHARS or block.links > PROSE_MAX_LINK_SHARE * n:
        return 0
    return n if block.kind in ("paragraph", "text") else 0


def _prose_container(raw: list[RawBlock]) -> Any:
    """The deepest element holding most of the page's prose."""
    totals: dict[int, int] = {}
    children: dict[int, dict[int, Any]] = {}  # element id -> its children holding prose
    total = 0
    top = None
    for block in raw:
        chars = _prose(block)
        if not chars or block.element is None:
            continue
        total += chars
        el, below = block.element, None
        while el is not None:
            key = id(el)
            totals[key] = totals.get(key, 0) + chars
            if below is not None:
                children.setdefault(key, {})[id(below)] = below
            below, el = el, el.getparent()
        top = below
    node = top
    while node is not None:
        kids = children.get(id(node), {})
        best = next(
            (k for k in kids.values() if totals[id(k)] >= ARTICLE_PROSE_SHARE * total), None
        )
        if best is None:
            return node
        node = best
    return None


def _within(el: Any, container: Any) -> bool:
    while el is not None:
        if el is container:
            return True
        el = el.getparent()
    return False
