"""Cleaning: from a fetched body to title, meta description, language and main text."""

import hashlib
import re
from dataclasses import dataclass

import py3langid
from bs4 import BeautifulSoup, Tag
from w3lib.encoding import html_to_unicode

# Bump when the cleaner's output changes, so stored text records which rules made it.
CLEANER_VERSION = "clean-2026.11.1"

# Page chrome that repeats on every page and says nothing about the page itself.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "footer")
CHROME_PATTERN = re.compile(
    r"cookie|consent|gdpr|booking|cart|newsletter|modal|popup|site-header|site-footer|skip-link",
    re.I,
)
BLOCK_TAGS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "summary",
    "blockquote", "section", "article", "div", "table", "ul", "ol", "details", "header", "aside",
)  # fmt: skip
MIN_CHARS_FOR_LANGUAGE_GUESS = 40


@dataclass(frozen=True)
class CleanedPage:
    title: str | None
    meta_description: str | None
    language: str | None
    main_text: str
    charset: str
    text_sha256: str


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and charset, trusting a byte-order mark, then the header, then the page's meta tag."""
    charset, text = html_to_unicode(content_type, body)
    return text, charset


def _text_of(tag: Tag) -> str:
    for br in tag.find_all("br"):
        br.replace_with("\n")
    for block in tag.find_all(BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    lines = (" ".join(line.split()) for line in tag.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def _language(soup: BeautifulSoup, text: str, content_language: str | None) -> str | None:
    html = soup.find("html")
    declared = html.get("lang") if isinstance(html, Tag) else None
    if isinstance(declared, str) and declared.strip():
        return declared.strip().split("-")[0].lower()
    if content_language:
        return content_language.split(",")[0].strip().split("-")[0].lower()
    if len(text) >= MIN_CHARS_FOR_LANGUAGE_GUESS:
        return str(py3langid.classify(text)[0])
    return None


def clean_html(
    body: bytes, content_type: str | None, content_language: str | None = None
) -> CleanedPage:
    text, charset = decode(body, content_type)
    soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else None
    meta = soup.find("meta", attrs={"name": re.compile("^description$", re.I)})
    description = meta.get("content") if isinstance(meta, Tag) else None
    description = " ".join(description.split()) if isinstance(description, str) else None

    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        classes: list[str] = list(tag.get("class") or [])
        marker = " ".join([*classes, str(tag.get("id") or "")])
        if marker and CHROME_PATTERN.search(marker):
            tag.decompose()
    root = soup.find("main") or soup.find(True, attrs={"role": "main"}) or soup.find("body") or soup
    main_text = _text_of(root) if isinstance(root, Tag) else ""
    return CleanedPage(
        title=title or None,
        meta_description=description or None,
        language=_language(soup, main_text, content_language),
        main_text=main_text,
        charset=charset,
        text_sha256=hashlib.sha256(main_text.encode()).hexdigest(),
    )
