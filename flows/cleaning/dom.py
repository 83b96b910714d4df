"""Tag vocabularies and small questions asked of lxml elements: is it hidden, how much prose
does it hold, is it a data table, what is its text."""

import re
from typing import Any

from flows.cleaning.decode import squash

# Never text: dropped with everything inside them (their tail text stays).
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
        "object", "embed", "canvas", "video", "audio", "source", "track", "picture", "img",
        "map", "area", "head", "title", "meta", "link", "base", "input", "select", "option",
        "optgroup", "textarea", "datalist", "output", "progress", "meter", "button", "label",
        "fieldset", "legend",
    }
)  # fmt: skip
# Inside a FAQ, accordion questions are often buttons.
FAQ_KEEP_TAGS = frozenset({"button", "label"})
# Chrome by tag: dropped unless broken markup nested the page inside them.
CHROME_TAGS = frozenset({"nav", "footer", "menu", "dialog"})
# Tags that start a new block of text.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "div", "dl", "dt", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "html", "li", "main", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
BREAK_TAGS = frozenset({"br", "hr"})
PAGE_TAGS = frozenset({"html", "body", "main", "article"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Prose for has_prose: paragraphs of at least so many characters, and so many in all.
PROSE_PARAGRAPH_CHARS = 100
PROSE_TOTAL_CHARS = 300


def tag_of(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def has_prose(el: Any) -> bool:
    """Tab strips and "sticky nav" wrappers sometimes hold the sections they link to."""
    total = 0
    for p in el.iter("p"):
        n = len(p.text_content())
        if n >= PROSE_PARAGRAPH_CHARS:
            total += n
            if total >= PROSE_TOTAL_CHARS:
                return True
    return False


def paragraph_chars(el: Any) -> int:
    """Characters in paragraphs: how much of the page's prose an element holds."""
    return sum(len(p.text_content()) for p in el.iter("p"))


def is_hidden(el: Any) -> bool:
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


def faq_schema(el: Any) -> bool:
    itemtype = el.get("itemtype")
    return bool(itemtype and ("FAQPage" in itemtype or itemtype.endswith("/Question")))


def is_faq_list(el: Any, tag: str) -> bool:
    """A definition list of questions and answers."""
    if tag != "dl":
        return False
    terms = [squash(dt.text_content()) for dt in el.iterchildren("dt")]
    return len(terms) >= 2 and sum(t.endswith("?") for t in terms) * 2 >= len(terms)


def is_page_form(form: Any) -> bool:
    """ASP.NET and some builders wrap the whole page in one form, calculators wrap their
    explanations in theirs; sign-up and search forms are small."""
    for _ in form.iter("main", "article", "h1", "h2", "section"):
        return True
    return has_prose(form)


def nearest_table(el: Any) -> Any:
    for ancestor in el.iterancestors("table"):
        return ancestor
    return None


def is_data_table(table: Any) -> bool:
    """A table of rows and cells, not a layout grid holding the page."""
    for inner in table.iter("table", "h1", "h2", "h3", "ul", "ol", "form", "article", "section"):
        if inner is not table:
            return False
    return True


def inline_text(el: Any) -> str:
    parts: list[str] = []
    _collect(el, parts)
    return "".join(parts)


def _collect(el: Any, parts: list[str]) -> None:
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS or (el.attrib and is_hidden(el)):
        return
    spaced = tag in BLOCK_TAGS or tag in BREAK_TAGS
    if spaced:
        parts.append(" ")
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if spaced:
        parts.append(" ")
