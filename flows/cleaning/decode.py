"""From a fetched body to text and a DOM, and repairing the text that comes out of it: telling
HTML from other bodies, choosing the charset, parsing, squashing white space and undoing
mojibake with ftfy."""

import re
from typing import Any

import charset_normalizer
import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def looks_binary(body: bytes) -> bool:
    """Images, archives and noise served as text/html: NUL bytes, or many control bytes, in
    the first 4 KiB (text in any charset has neither)."""
    sample = body[:4096]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _detect_charset(body: bytes) -> str | None:
    """The charset of a page that declares none: UTF-8 when it decodes as UTF-8, else what
    charset-normalizer finds most coherent (windows-1252 for most older Western sites)."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(body[:200_000])
    best = matches.best()
    if best is None:
        return None
    # Short pages leave several Latin code pages tied; the web's legacy default wins a tie.
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return "cp1252" if "cp1252" in tied else best.encoding


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and charset, trusting a byte-order mark, then the header, then the page's meta tag,
    then detection from the bytes."""
    charset, text = html_to_unicode(content_type, body, auto_detect_fun=_detect_charset)
    return text, charset


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# huge_tree lifts libxml2's nesting limit from 256 to 2048 levels; past 256 it would silently
# return an empty document.
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False, huge_tree=True
)
# Deeper than this, an element's subtree is kept as its text alone: the walks over the tree
# recurse, and no real page nests its content this deep.
MAX_DOM_DEPTH = 150
# Wrapper tags, dropped (their text kept) when a page nests past even libxml2's huge limit.
_WRAPPERS = re.compile(r"</?(?:div|span|section|article|font|b|i|em|strong|a|center)\b[^>]*>", re.I)


def parse(text: str) -> Any:
    """The document's lxml tree, or None when there is nothing lxml can parse."""
    text = _XML_DECLARATION.sub("", _CONTROL.sub("", text), count=1)
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
        if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
            root = lxml.html.document_fromstring(_WRAPPERS.sub(" ", text), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    _flatten_deep(root)
    return root


# Is there an element at MAX_DOM_DEPTH below the root with something inside it? (One XPath in
# libxml2, so that the walk below runs only on the pages that need it.)
_TOO_DEEP = etree.XPath(
    "boolean(" + "*/" * (MAX_DOM_DEPTH - 1) + "*[*|comment()|processing-instruction()])"
)


def _flatten_deep(root: Any) -> None:
    """Replace every subtree below MAX_DOM_DEPTH by its text, without recursion."""
    if not _TOO_DEEP(root):
        return
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth < MAX_DOM_DEPTH:
            stack.extend((child, depth + 1) for child in el)
        elif len(el):
            text = el.text_content()
            for child in list(el):
                el.remove(child)
            el.text = text


def squash(text: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(text.split())


def repair(texts: list[str]) -> list[str]:
    """ftfy over all texts at once; one text per line, so lines map back to texts."""
    joined = "\n".join(texts)
    if joined.isascii():
        return texts
    # Imported here, like py3langid in page.py: only processes that clean pages need it.
    import ftfy

    # Curly quotes stay as the page wrote them; ftfy only undoes mis-decoding and the like.
    config = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
    fixed = ftfy.fix_text(joined, config=config).split("\n")
    if len(fixed) != len(texts):
        fixed = [ftfy.fix_text(t, config=config) for t in texts]
    return [squash(t) for t in fixed]
