"""From a fetched body to text and a DOM, and repairing the text that comes out of it: telling
HTML from other bodies, choosing the charset, parsing, squashing white space and undoing
mojibake with ftfy."""

import re
from typing import Any

import ftfy
import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and charset, trusting a byte-order mark, then the header, then the page's meta tag."""
    charset, text = html_to_unicode(content_type, body)
    return text, charset


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def parse(text: str) -> Any:
    """The document's lxml tree, or None when there is nothing lxml can parse."""
    text = _XML_DECLARATION.sub("", _CONTROL.sub("", text), count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def squash(text: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(text.split())


# Curly quotes stay as the page wrote them; ftfy only undoes mis-decoding and the like.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


def repair(texts: list[str]) -> list[str]:
    """ftfy over all texts at once; one text per line, so lines map back to texts."""
    joined = "\n".join(texts)
    if joined.isascii():
        return texts
    fixed = ftfy.fix_text(joined, config=_FTFY_CONFIG).split("\n")
    if len(fixed) != len(texts):
        fixed = [ftfy.fix_text(t, config=_FTFY_CONFIG) for t in texts]
    return [squash(t) for t in fixed]
