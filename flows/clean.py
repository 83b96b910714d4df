"""Cleaning: from a fetched body to zoned text blocks, main text and a diff-friendly text.

Marketing pages of clinics put their offers in places a generic article extractor throws away:
the announcement bar above the header, the hero under it, pricing tables, collapsed FAQ answers
and the JSON-LD in the head. So the cleaner walks the whole DOM once and

1. drops page chrome: navigation, footers, cookie/consent banners, booking and cart widgets,
   newsletter and other pop-ups, skip links, share bars, forms, hidden elements (except collapsed
   FAQ answers) and everything that is not text (scripts, styles, media);
2. cuts what is left into blocks (heading, paragraph, list item, table row, question, answer,
   text) and tags each with the zone it sat in (promo, header, pricing, faq, aside, main);
3. chooses the page's content: when one container clearly holds the page's prose (an article),
   only blocks inside it stay; runs of link-only blocks (menus, tag clouds, "related" lists) go;
4. adds the title, the meta description and human-readable JSON-LD fields as their own zones,
   repairs mojibake with ftfy and joins the blocks with newlines into ``text``.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import ftfy
import lxml.html
import py3langid
from lxml import etree
from w3lib.encoding import html_to_unicode

from flows.blocks import Block, Kind, Zone

# Bump when the cleaner's output changes, so stored text records which rules made it.
CLEANER_VERSION = "clean-2026.12.1"

MIN_CHARS_FOR_LANGUAGE_GUESS = 40

# Zones that are not running page text: kept in `text`, left out of `main_text`.
META_ZONES: frozenset[str] = frozenset({"title", "meta", "jsonld"})

# Never text: dropped with everything inside them (their tail text stays).
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
        "object", "embed", "canvas", "video", "audio", "source", "track", "picture", "img",
        "map", "area", "head", "title", "meta", "link", "base", "input", "select", "option",
        "optgroup", "textarea", "datalist", "output", "progress", "meter", "dialog", "nav",
        "footer", "menu", "button", "label", "fieldset", "legend",
    }
)  # fmt: skip
# Tags that start a new block of text.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "div", "dl", "dt", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br",
    }
)  # fmt: skip
PAGE_TAGS = frozenset({"html", "body", "main", "article"})
# An element holding more than this share of the page's characters is a wrapper, not chrome.
WRAPPER_SHARE = 0.4
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KIND_OF_TAG: dict[str, Kind] = {
    **{tag: "heading" for tag in HEADING_TAGS},
    "p": "paragraph",
    "li": "list_item",
    "dt": "question",
    "summary": "question",
}


def _words(*alternatives: str) -> re.Pattern[str]:
    """Match any alternative at the start of a word of a class or id ("cookie" in "cookie-bar",
    "CookieNotice" lowered to "cookienotice", never in "fortune-cookies-recipe"... mostly)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")", re.I)


# Class or id words of page chrome. Short words must be whole words, longer ones may prefix.
CHROME_WORDS = _words(
    r"cookie",
    r"consent",
    r"gdpr",
    r"onetrust",
    r"didomi",
    r"cookiebot",
    r"cmplz",
    r"truste",
    r"osano",
    r"iubenda",
    r"newsletter",
    r"subscri(?:be|ption)",
    r"signup",
    r"sign-up",
    r"breadcrumb",
    r"popup",
    r"pop-up",
    r"modal",
    r"lightbox",
    r"social(?!-?proof)",
    r"share",
    r"sharing",
    r"sharedaddy",
    r"addtoany",
    r"navbar",
    r"navigation",
    r"nav(?![a-z0-9])",
    r"menu",
    r"mega-?menu",
    r"off-?canvas",
    r"sidebar",
    r"skip(?:-?link|-?to|-?nav)",
    r"screen-?reader",
    r"sr-only",
    r"visually-?hidden",
    r"visuallyhidden",
    r"comment",
    r"disqus",
    r"pagination",
    r"pager(?![a-z0-9])",
    r"search",
    r"login",
    r"log-in",
    r"signin",
    r"sign-in",
    r"mini-?cart",
    r"cart(?![a-z0-9])",
    r"shopping-?bag",
    r"booking",
    r"book-now",
    r"appointment-widget",
    r"chat-?widget",
    r"live-?chat",
    r"advert",
    r"ads?(?![a-z0-9])",
    r"adsbygoogle",
    r"sponsor",
    r"footer",
    r"copyright",
    r"related",
    r"recommend",
    r"author-?(?:bio|box|info)",
    r"byline",
    r"tag-?(?:list|cloud)",
    r"tags(?![a-z0-9])",
    r"toolbar",
    r"print(?![a-z0-9])",
)
PROMO_WORDS = _words(
    r"promo",
    r"announce",
    r"offer",
    r"deal(?![a-z0-9])",
    r"deals(?![a-z0-9])",
    r"coupon",
    r"discount",
    r"hello-?bar",
    r"top-?bar",
    r"notice-?bar",
    r"notification-?bar",
    r"alert-?bar",
    r"ribbon",
)
HEADER_WORDS = _words(r"(?:site-?|page-?|global-?|main-?)?header(?![a-z0-9])", r"masthead")
HERO_WORDS = _words(r"hero", r"tagline", r"jumbotron", r"intro(?![a-z0-9])")
FAQ_WORDS = _words(r"faq", r"accordion", r"question", r"answer")
QUESTION_WORDS = _words(
    r"question", r"title", r"heading", r"header", r"toggle", r"trigger", r"summary", r"button"
)
PRICING_WORDS = _words(r"pric", r"plan(?:s)?(?![a-z0-9])", r"tuition", r"fees?(?![a-z0-9])")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
CHROME_ROLES = frozenset(
    {"navigation", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar", "alert"}
)
MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|usd|eur|gbp|dollars?)(?![a-z])|\bfree\b|/\s?(?:mo|month|yr|year)\b",
    re.I,
)

# --- comparable text: noise that changes between crawls without the offer changing ---------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
NOISE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Last updated March 3, 2026", "Page last reviewed 2025-12-01", "Updated: 3 days ago"
    (
        re.compile(
            r"(?:page\s+)?(?:last\s+)?(?:updated|reviewed|modified|revised|published|posted)"
            r"(?:\s+(?:on|at))?\s*:?\s*(?:<date>)",
            re.I,
        ),
        "",
    ),
    # Copyright lines: "© 2025 Clinic. All rights reserved." up to the end of the sentence.
    (
        re.compile(
            r"(?:©|\(c\)|&copy;|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?)?[^\n.]*\.?"
            r"(?:\s*all rights reserved\.?)?",
            re.I,
        ),
        "",
    ),
    (re.compile(r"all rights reserved\.?", re.I), ""),
    # Counters: "Over 2,140 patients treated", "5,000+ happy clients", "1200 reviews"
    (
        re.compile(
            r"(?:(?:over|more than|nearly|almost|about|around)\s+)?\d[\d,.]*\s*\+?\s*"
            r"(?:\w+\s+){0,2}?(?:patients|clients|customers|people|reviews|ratings|members|"
            r"infusions|treatments|sessions|visitors|users)(?:\s+(?:treated|served|helped|"
            r"and counting|so far))?",
            re.I,
        ),
        "",
    ),
    (re.compile(r"<date>"), ""),
)
DATE_PATTERNS = (
    re.compile(
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+\d{{4}}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+\d{{4}}\b", re.I),
    re.compile(
        r"\b(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b"
        r"|\b(?:yesterday|today)\b",
        re.I,
    ),
)
# Years standing alone after the date pass, e.g. "2025" in "Best clinic 2025" stay; only
# copyright years are noise and the copyright rule takes those.


@dataclass(frozen=True)
class CleanedPage:
    title: str | None
    meta_description: str | None
    language: str | None
    # The page's running text: every kept block except the title, meta and JSON-LD zones.
    main_text: str
    charset: str
    # SHA-256 of main_text.
    text_sha256: str
    # All kept blocks in page order: title, meta, body blocks, then JSON-LD.
    blocks: tuple[Block, ...] = ()
    # The blocks' texts joined with "\n"; block i is text[blocks[i].start:blocks[i].end].
    text: str = ""
    # `text` without dates, copyright lines, counters and "last updated" phrases, for diffing.
    comparable_text: str = ""


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and charset, trusting a byte-order mark, then the header, then the page's meta tag."""
    charset, text = html_to_unicode(content_type, body)
    return text, charset


# --- parsing -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def _parse(text: str) -> Any:
    text = _XML_DECLARATION.sub("", _CONTROL.sub("", text), count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _marker(el: Any) -> str:
    attrib = el.attrib
    cls = attrib.get("class")
    ident = attrib.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


# --- JSON-LD -----------------------------------------------------------------------------------

JSONLD_TEXT_KEYS = ("name", "headline", "alternateName", "description", "slogan", "text")
JSONLD_MAX_TEXTS = 200


def _jsonld_items(root: Any) -> Iterator[Any]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip().rstrip(";")
        if not raw:
            continue
        try:
            yield json.loads(raw)
        except ValueError:
            continue


def _jsonld_texts(data: Any, out: list[str], depth: int = 0) -> None:
    """Human-readable fields of a JSON-LD tree, in document order, as short lines."""
    if depth > 12 or len(out) >= JSONLD_MAX_TEXTS:
        return
    if isinstance(data, list):
        for item in data:
            _jsonld_texts(item, out, depth + 1)
        return
    if not isinstance(data, dict):
        return
    types = data.get("@type")
    type_names = {types} if isinstance(types, str) else set(types or ())
    for key in JSONLD_TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            text = _squash(_strip_tags(value))
            if "Question" in type_names and key == "name":
                out.append(f"Q: {text}")
            elif "Answer" in type_names and key == "text":
                out.append(f"A: {text}")
            elif text:
                out.append(text)
    price = data.get("price") or data.get("lowPrice")
    if isinstance(price, (str, int, float)) and str(price).strip():
        currency = data.get("priceCurrency")
        high = data.get("highPrice")
        amount = f"{price}-{high}" if high else str(price)
        out.append(
            f"Price: {amount} {currency}" if isinstance(currency, str) else f"Price: {amount}"
        )
    for key, value in data.items():
        if key.startswith("@") or key in JSONLD_TEXT_KEYS or isinstance(value, str):
            continue
        if isinstance(value, (dict, list)):
            _jsonld_texts(value, out, depth + 1)


_TAG = re.compile(r"<[^>]{0,500}>")


def _strip_tags(value: str) -> str:
    return _TAG.sub(" ", value) if "<" in value else value


# --- walking the DOM into raw blocks -----------------------------------------------------------


@dataclass(slots=True)
class _Context:
    zone: Zone = "main"
    kind: Kind = "text"
    in_main: bool = False  # inside <main>, role=main or <article>
    in_link: bool = False
    in_faq: bool = False
    element: Any = None  # nearest block-level element


@dataclass(slots=True)
class _Raw:
    zone: Zone
    kind: Kind
    text: str
    links: int  # characters of text inside links
    element: Any
    in_main: bool


@dataclass
class _Walker:
    blocks: list[_Raw] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    page_chars: int = 0

    def add(self, text: str | None, ctx: _Context) -> None:
        if text:
            self.pieces.append(text)
            if ctx.in_link:
                self.link_chars += len(text.strip())

    def flush(self, ctx: _Context) -> None:
        if not self.pieces:
            return
        text = _squash("".join(self.pieces))
        if text:
            self.blocks.append(
                _Raw(
                    ctx.zone,
                    ctx.kind,
                    text,
                    min(self.link_chars, len(text)),
                    ctx.element,
                    ctx.in_main,
                )
            )
        self.pieces.clear()
        self.link_chars = 0

    def walk(self, el: Any, ctx: _Context) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions
            return
        tag = tag.lower()
        if tag in SKIP_TAGS and not (ctx.in_faq and tag in ("button", "label")):
            return
        if tag == "br" or tag == "hr":
            self.flush(ctx)
            return
        if tag == "form" and not _is_page_form(el):
            return
        attrib = el.attrib
        marker = _marker(el) if attrib else ""
        role = (attrib.get("role") or "").lower() if attrib else ""
        if attrib:
            if role in CHROME_ROLES:
                return
            if not ctx.in_faq and _is_hidden(el) and not FAQ_WORDS.search(marker):
                return
            if (
                marker
                and CHROME_WORDS.search(marker)
                and not self._holds_page(el, tag)
            ):
                return
        is_block = tag in BLOCK_TAGS
        if tag == "table" and _is_data_table(el):
            self.flush(ctx)
            self._table(el, ctx, marker)
            return
        if is_block:
            self.flush(ctx)  # text so far belongs to the enclosing block
        if tag == "a" or tag == "details" or is_block or marker or role:
            ctx = self._enter(el, tag, ctx, marker, role, is_block)
        if is_block:
            ctx.element = el
            kind = KIND_OF_TAG.get(tag)
            if ctx.in_faq:
                if kind in ("heading", "question") or (
                    marker and QUESTION_WORDS.search(marker) and not FAQ_WORDS.search(marker)
                ):
                    ctx.kind = "question"
                elif kind is not None or ctx.kind != "question":
                    ctx.kind = "answer"
            elif kind is not None:
                ctx.kind = kind
            elif tag in ("dd",):
                ctx.kind = "answer"
            elif ctx.kind in ("paragraph", "heading"):
                pass  # a div inside a p keeps the paragraph kind
            else:
                ctx.kind = "text"
        self.add(el.text, ctx)
        for child in el:
            self.walk(child, ctx)
            self.add(child.tail, ctx)
        if is_block:
            self.flush(ctx)

    def _holds_page(self, el: Any, tag: str) -> bool:
        """Wrappers whose class names mention a sidebar or a menu state ("has-sidebar",
        "menu-type-dropdown" on <body>) but hold the page itself."""
        if tag in PAGE_TAGS:
            return True
        for _ in el.iter("main", "article", "h1"):
            return True
        return _paragraph_chars(el) > WRAPPER_SHARE * self.page_chars

    def _section(self, el: Any, tag: str) -> bool:
        """A part of the page (a FAQ list, a pricing grid, a promo bar), not a wrapper of it."""
        return not self._holds_page(el, tag)

    def _enter(
        self, el: Any, tag: str, ctx: _Context, marker: str, role: str, is_block: bool
    ) -> _Context:
        new = _Context(ctx.zone, ctx.kind, ctx.in_main, ctx.in_link, ctx.in_faq, ctx.element)
        if tag == "a" and el.get("href") is not None:
            new.in_link = True
        if tag in ("main", "article") or role == "main":
            new.in_main = True
            if new.zone == "header":
                new.zone = "main"
        if tag == "details" or (
            ((marker and FAQ_WORDS.search(marker)) or _faq_schema(el)) and self._section(el, tag)
        ):
            new.in_faq = True
            new.zone = "faq"
            if tag == "details":
                new.kind = "answer"
        elif marker and new.zone == "main" and PROMO_WORDS.search(marker) and self._section(el, tag):
            new.zone = "promo"
        elif (
            marker and new.zone == "main" and PRICING_WORDS.search(marker) and self._section(el, tag)
        ):
            new.zone = "pricing"
        elif not new.in_main and new.zone == "main":
            if (
                tag == "header"
                or role == "banner"
                or (marker and HEADER_WORDS.search(marker))
                or (marker and HERO_WORDS.search(marker))
            ):
                new.zone = "header"
        if (tag == "aside" or role == "complementary") and new.zone == "main":
            new.zone = "aside"
        return new

    def _table(self, table: Any, ctx: _Context, marker: str) -> None:
        rows = [r for r in table.iter("tr") if _nearest_table(r) is table]
        texts = []
        for row in rows:
            cells = [
                _squash(_inline_text(cell))
                for cell in row
                if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")
            ]
            line = " | ".join(c for c in cells if c)
            if line:
                texts.append((line, row))
        caption = table.find("caption")
        zone = ctx.zone
        if zone == "main" and (
            (marker and PRICING_WORDS.search(marker))
            or sum(bool(MONEY.search(t)) for t, _ in texts) >= max(1, len(texts) // 3)
        ):
            zone = "pricing"
        if caption is not None:
            text = _squash(_inline_text(caption))
            if text:
                self.blocks.append(_Raw(zone, "heading", text, 0, caption, ctx.in_main))
        for text, row in texts:
            links = sum(len(_inline_text(a)) for a in row.iter("a"))
            self.blocks.append(
                _Raw(zone, "table_row", text, min(links, len(text)), row, ctx.in_main)
            )


def _paragraph_chars(el: Any) -> int:
    """Characters in paragraphs: how much of the page's prose an element holds."""
    return sum(len(p.text_content()) for p in el.iter("p"))


def _is_hidden(el: Any) -> bool:
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


def _faq_schema(el: Any) -> bool:
    itemtype = el.get("itemtype")
    return bool(itemtype and ("FAQPage" in itemtype or itemtype.endswith("/Question")))


def _is_page_form(form: Any) -> bool:
    """ASP.NET and some builders wrap the whole page in one form; real forms are small."""
    for _ in form.iter("main", "article", "h1", "h2", "section"):
        return True
    return False


def _nearest_table(el: Any) -> Any:
    for ancestor in el.iterancestors("table"):
        return ancestor
    return None


def _is_data_table(table: Any) -> bool:
    """A table of rows and cells, not a layout grid holding the page."""
    for _ in table.iter("table", "h1", "h2", "h3", "ul", "ol", "form", "article", "section"):
        if _ is not table:
            return False
    return True


def _inline_text(el: Any) -> str:
    parts: list[str] = []
    _collect(el, parts)
    return " ".join(parts)


def _collect(el: Any, parts: list[str]) -> None:
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag.lower() in SKIP_TAGS or (el.attrib and _is_hidden(el)):
        return
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


# --- choosing the content ----------------------------------------------------------------------

LINK_LIST_MIN_BLOCKS = 3
LINK_LIST_DENSITY = 0.7


import os
ART_SIG = os.environ.get("ART_SIG", "strong")
ART_MODE = os.environ.get("ART_MODE", "prose")
ART_T = float(os.environ.get("ART_T", "0.7"))
SVC_MODE = os.environ.get("SVC_MODE", "all")
SVC_T = float(os.environ.get("SVC_T", "0.7"))


def _select(raw: list[_Raw], article: bool) -> list[_Raw]:
    if not raw:
        return raw
    raw = _drop_link_lists(raw)
    raw = [b for i, b in enumerate(raw) if not _is_call_to_action(b, raw[i + 1 : i + 2])]
    has_main = any(b.in_main for b in raw)
    main_chars = sum(len(b.text) for b in raw if b.in_main)
    total_chars = sum(len(b.text) for b in raw) or 1
    if has_main and main_chars >= 0.3 * total_chars:
        raw = [b for b in raw if b.in_main or b.zone in ("promo", "header", "pricing", "faq")]
    mode, share = (ART_MODE, ART_T) if article else (SVC_MODE, SVC_T)
    container = _prose_container(raw, mode, share) if mode != "none" else None
    if container is not None:
        inside = _descendant_ids(container, raw)
        first = next((i for i, b in enumerate(raw) if id(b) in inside), 0)
        raw = [
            b
            for i, b in enumerate(raw)
            if id(b) in inside or (i < first and b.zone in ("promo", "header"))
        ]
    return raw


PROSE_MIN_CHARS = 40


def _prose(block: _Raw, mode: str) -> int:
    n = len(block.text)
    if mode == "all":
        return max(0, n - 2 * block.links)
    if n < PROSE_MIN_CHARS or block.links > 0.3 * n or block.kind not in ("paragraph", "text"):
        return 0
    return n


def _prose_container(raw: list[_Raw], mode: str, share: float) -> Any:
    """The deepest element holding most of the page's prose, when one does."""
    totals: dict[int, int] = {}
    children: dict[int, list[Any]] = {}
    total = 0
    prev = None
    for block in raw:
        chars = _prose(block, mode)
        if not chars or block.element is None:
            continue
        total += chars
        el = block.element
        prev = None
        while el is not None:
            key = id(el)
            totals[key] = totals.get(key, 0) + chars
            if prev is not None:
                kids = children.setdefault(key, [])
                if prev not in kids:
                    kids.append(prev)
            prev = el
            el = el.getparent()
    if not total or prev is None:
        return None
    node = prev  # the root
    while True:
        best = None
        for kid in children.get(id(node), ()):
            if totals[id(kid)] >= share * total:
                best = kid
                break
        if best is None:
            break
        node = best
    return node


ARTICLE_TYPES = re.compile(
    r"^(?:News|Blog|Scholarly|Tech|Analysis|Opinion|Reportage|Review|Satirical)?Article$"
    r"|^BlogPosting$|^LiveBlogPosting$|^Report$",
)


def _looks_like_article(root: Any, jsonld: list[Any]) -> bool:
    """Does the page say it is an article (schema.org type, Open Graph, microdata)?"""
    og = False
    for meta in root.iter("meta"):
        prop = (meta.get("property") or meta.get("name") or "").strip().lower()
        if prop in ("article:published_time", "article:section") and ART_SIG != "none":
            return True
        if prop == "og:type" and "article" in (meta.get("content") or "").lower():
            og = True
    if ART_SIG == "none":
        return False
    if og and ART_SIG == "og":
        return True
    for item in jsonld:
        if _has_article_type(item, 0):
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
    for name in [types] if isinstance(types, str) else (types or ()):
        if isinstance(name, str) and ARTICLE_TYPES.match(name):
            return True
    graph = data.get("@graph")
    return graph is not None and _has_article_type(graph, depth + 1)


def _descendant_ids(container: Any, raw: list[_Raw]) -> set[int]:
    inside = set()
    for block in raw:
        el = block.element
        while el is not None:
            if el is container:
                inside.add(id(block))
                break
            el = el.getparent()
    return inside


CTA_MAX_WORDS = 6
KEEP_LINKS_ZONES = frozenset({"promo", "pricing", "faq"})


def _is_call_to_action(block: _Raw, following: list[_Raw]) -> bool:
    """A short block that is all link: "Get started", "Contact sales", "Read more". A linked
    heading, or a linked title right above its card's text, is content."""
    if block.zone in KEEP_LINKS_ZONES or block.kind in ("heading", "question"):
        return False
    if block.links < 0.9 * len(block.text) or block.text.count(" ") >= CTA_MAX_WORDS:
        return False
    for after in following:
        if after.links < 0.5 * len(after.text) and _near(block.element, after.element):
            return False
    return True


def _near(a: Any, b: Any) -> bool:
    """Siblings or cousins: the two elements share a parent or a grandparent."""
    if a is None or b is None:
        return False
    pa, pb = a.getparent(), b.getparent()
    if pa is None or pb is None:
        return False
    return pa is pb or pa.getparent() is pb.getparent() or pa is pb.getparent()


def _drop_link_lists(raw: list[_Raw]) -> list[_Raw]:
    """Runs of blocks that are all links and share a parent: menus, tag lists, related links."""
    keep = [True] * len(raw)
    i = 0
    while i < len(raw):
        parent = _parent(raw[i].element)
        j = i
        while j < len(raw) and _parent(raw[j].element) is parent:
            j += 1
        run = raw[i:j]
        if len(run) >= LINK_LIST_MIN_BLOCKS and run[0].zone not in ("pricing", "faq"):
            chars = sum(len(b.text) for b in run)
            links = sum(b.links for b in run)
            if links >= LINK_LIST_DENSITY * chars:
                for k in range(i, j):
                    keep[k] = False
        i = max(j, i + 1)
    return [b for b, k in zip(raw, keep, strict=True) if k]


def _parent(el: Any) -> Any:
    if el is None:
        return None
    parent = el.getparent()
    if parent is not None and parent.tag in ("li", "td", "dt", "dd"):
        parent = parent.getparent()
    return parent


# --- repairing text ----------------------------------------------------------------------------

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


def _repair(texts: list[str]) -> list[str]:
    """ftfy over all block texts at once; one block per line, so lines map back to blocks."""
    joined = "\n".join(texts)
    if joined.isascii():
        return texts
    fixed = ftfy.fix_text(joined, config=_FTFY_CONFIG).split("\n")
    if len(fixed) != len(texts):
        fixed = [ftfy.fix_text(t, config=_FTFY_CONFIG) for t in texts]
    return [_squash(t) for t in fixed]


# --- assembling --------------------------------------------------------------------------------


def _assemble(parts: Iterable[tuple[Zone, Kind, str]]) -> tuple[tuple[Block, ...], str]:
    blocks: list[Block] = []
    offset = 0
    for zone, kind, text in parts:
        if not text:
            continue
        blocks.append(Block(zone, kind, text, offset, offset + len(text)))
        offset += len(text) + 1
    return tuple(blocks), "\n".join(b.text for b in blocks)


def comparable(text: str) -> str:
    """`text` without the parts that change from crawl to crawl when the offer does not:
    dates ("March 3, 2026", "2026-03-03", "3 days ago"), "last updated/reviewed <date>"
    phrases, copyright lines ("© 2025 ... All rights reserved.") and counters ("Over 2,140
    patients treated"). Line structure is kept; lines left empty are dropped."""
    for pattern in DATE_PATTERNS:
        text = pattern.sub("<date>", text)
    for pattern, replacement in NOISE_PATTERNS:
        text = pattern.sub(replacement, text)
    lines = (" ".join(line.split()).strip(" .,;:-|·") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _language(root: Any, text: str, content_language: str | None) -> str | None:
    declared = root.get("lang") if root is not None else None
    if isinstance(declared, str) and declared.strip():
        return declared.strip().split("-")[0].lower()
    if content_language:
        return content_language.split(",")[0].strip().split("-")[0].lower()
    if len(text) >= MIN_CHARS_FOR_LANGUAGE_GUESS:
        return str(py3langid.classify(text)[0])
    return None


def _head_fields(root: Any) -> tuple[str | None, str | None]:
    title = None
    for el in root.iter("title"):
        title = _squash(el.text_content()) or None
        break
    description = None
    for el in root.iter("meta"):
        if (el.get("name") or "").strip().lower() == "description":
            description = _squash(el.get("content") or "") or None
            break
    return title, description


def clean_html(
    body: bytes, content_type: str | None, content_language: str | None = None
) -> CleanedPage:
    decoded, charset = decode(body, content_type)
    root = _parse(decoded)
    title = description = None
    raw: list[_Raw] = []
    jsonld: list[str] = []
    if root is not None:
        title, description = _head_fields(root)
        items = list(_jsonld_items(root))
        for item in items:
            _jsonld_texts(item, jsonld)
        body_el = root.find("body")
        walker = _Walker(page_chars=_paragraph_chars(root))
        walker.walk(body_el if body_el is not None else root, _Context())
        raw = _select(walker.blocks, _looks_like_article(root, items))

    texts = _repair([title or "", description or "", *(b.text for b in raw), *jsonld])
    title, description = texts[0] or None, texts[1] or None
    body_texts = texts[2 : 2 + len(raw)]
    parts: list[tuple[Zone, Kind, str]] = [("title", "heading", title or "")]
    parts.append(("meta", "paragraph", description or ""))
    parts.extend((b.zone, b.kind, t) for b, t in zip(raw, body_texts, strict=True))
    parts.extend(("jsonld", "text", t) for t in texts[2 + len(raw) :])
    blocks, text = _assemble(parts)
    main_text = "\n".join(b.text for b in blocks if b.zone not in META_ZONES)
    return CleanedPage(
        title=title,
        meta_description=description,
        language=_language(root, main_text, content_language),
        main_text=main_text,
        charset=charset,
        text_sha256=hashlib.sha256(main_text.encode()).hexdigest(),
        blocks=blocks,
        text=text,
        comparable_text=comparable(text),
    )
