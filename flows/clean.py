"""Cleaning: from a fetched body to zoned text blocks, main text and a diff-friendly text.

Clinic marketing pages put their offers where a generic article extractor throws text away:
the announcement bar above the header, the hero under it, pricing tables, collapsed FAQ answers
and the JSON-LD in the head. So the cleaner walks the whole DOM once (lxml) and

1. drops page chrome: navigation, footers, cookie and consent banners, booking, cart and chat
   widgets, newsletter boxes and other pop-ups, skip links, share bars, small forms, hidden
   elements (but not collapsed FAQ answers, tab panels or slides) and everything that is not
   text (scripts, styles, media). Class and id words decide most of it; an element that holds
   the page's main content (broken markup, "has-sidebar" wrappers) is never dropped as chrome;
2. cuts what is left into blocks (heading, paragraph, list item, table row, question, answer,
   text) and tags each with the zone it sat in: promo (announcement bars), header (the site
   header's tagline and the hero above the content), pricing (price tables, one block per row
   with cells joined by " | ", and pricing sections), faq (details/summary, accordions, FAQ
   markup), aside (complementary boxes such as testimonial rotators) or main;
3. chooses the page's content: drops runs of link-only blocks (menus, tag clouds), short linked
   calls to action ("Get started"), copyright and skip lines, the header's phone and e-mail
   strip and repeated copies of a block (responsive sites ship sections twice); keeps what is
   inside <main> when the page has one. On a page that declares itself an article (schema.org
   Article types, article:published_time, itemprop=articleBody) it keeps only the element that
   holds most of the prose, without sidebars, teasers of other articles or the site header;
4. adds the title, the meta description and human-readable JSON-LD fields as their own zones,
   repairs mojibake with ftfy and joins the blocks with newlines into ``text``.

``main_text`` (what the pipeline stores and the cleaning benchmark scores) holds the blocks of
the main, header, promo, pricing and faq zones; ``comparable_text`` is ``text`` without dates,
counters and copyright lines, for telling real changes from noise between crawls.
"""

import hashlib
import html
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

# Zones of the page's own content, which `main_text` holds. The others stay in `text` only: the
# title, meta description and JSON-LD repeat what the page says, and asides (testimonial
# rotators, side boxes) change from one request to the next without the page changing.
MAIN_TEXT_ZONES: frozenset[str] = frozenset({"main", "header", "promo", "pricing", "faq"})

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


def _words(*alternatives: str) -> re.Pattern[str]:
    """Match any alternative at the start of a word of a class or id attribute: "cookie" in
    "cookie-bar" and in "CookieNotice", not in "fortune-cookies" nor after a negation
    ("not-footer", "no-sidebar", "has-sidebar")."""
    return re.compile(
        r"(?<![a-z0-9])(?<!not-)(?<!no-)(?<!non-)(?<!has-)(?<!with-)(?:"
        + "|".join(alternatives)
        + r")",
        re.I,
    )


# Class or id words of page chrome. Short words must be whole words, longer ones may prefix.
# Overlays and widgets: chrome wherever they are.
OVERLAY_WORDS = _words(
    # consent and cookie banners
    r"cookie",
    r"consent",
    r"gdpr",
    r"onetrust",
    r"didomi",
    r"cmplz",
    r"truste(?![a-z])",
    r"osano",
    r"iubenda",
    # newsletter boxes, pop-ups, overlays
    r"newsletter",
    r"subscribe",
    r"signup",
    r"sign-up",
    r"popup",
    r"pop-up",
    r"modal",
    r"lightbox",
    # accessibility-only text ("opens in a new tab")
    r"screen-?reader",
    r"sr-only",
    r"visually-?hidden",
    r"visuallyhidden",
    # social and sharing
    r"social(?!-?proof)",
    r"share(?![a-z])",
    r"sharing",
    r"sharedaddy",
    r"addtoany",
    # ads
    r"advert",
    r"ads?(?![a-z0-9])",
    r"adsbygoogle",
    r"sponsored",
)
# Page structure: chrome around the content, but a pricing card's footer or a FAQ's "toggle
# menu" is part of the offer.
STRUCTURE_WORDS = _words(
    # navigation
    r"breadcrumb",
    r"navbar",
    r"navigation",
    r"nav(?![a-z0-9])",
    r"menu",
    r"mega-?menu",
    r"off-?canvas",
    r"sidebar",
    r"skip(?:-?link|-?to|-?nav)",
    r"pagination",
    r"pager(?![a-z0-9])",
    r"toolbar",
    # accounts, search, carts, booking and chat widgets
    r"search",
    r"login",
    r"log-in",
    r"signin",
    r"sign-in",
    r"mini-?cart",
    r"cart(?![a-z0-9])",
    r"booking",
    r"book-now",
    r"chat-?widget",
    r"live-?chat",
    # article furniture
    r"comments?(?![a-z])",
    r"comment-",
    r"disqus",
    r"related",
    r"author-?(?:bio|box|info)",
    r"byline",
    r"tag-?(?:list|cloud)",
    r"tags(?![a-z0-9])",
    r"print(?![a-z0-9])",
    r"metadata",
    # footers
    r"footer",
    r"copyright",
)
CHROME_ROLES = frozenset(
    {"navigation", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar"}
)
# Chrome words that tab strips and "sticky nav" wrappers share with menus; such an element is
# kept when it holds real paragraphs (the sections its tabs switch between).
NAV_WORDS = re.compile(r"nav|menu|tab", re.I)
PROSE_PARAGRAPH_CHARS = 100
PROSE_TOTAL_CHARS = 300

PROMO_WORDS = _words(
    r"promo",
    r"announce",
    r"offer",
    r"deals?(?![a-z0-9])",
    r"coupon",
    r"discount",
    r"hello-?bar",
    r"top-?bar",
    r"notice-?bar",
    r"notification-?bar",
    r"alert-?bar",
    r"ribbon",
)
HEADER_WORDS = _words(
    r"(?:site-?|page-?|global-?|main-?)?header(?![a-z0-9])",
    r"masthead",
    r"hero",
    r"tagline",
    r"jumbotron",
    r"intro(?![a-z0-9])",
)
FAQ_WORDS = _words(r"faq", r"accordion", r"question", r"answer")
QUESTION_WORDS = _words(
    r"question", r"title", r"heading", r"header", r"toggle", r"trigger", r"summary", r"button"
)
ANSWER_WORDS = _words(r"answer")
PANEL_WORDS = _words(r"content", r"body", r"panel", r"collaps", r"text")
PRICING_WORDS = _words(r"pric", r"plans?(?![a-z0-9])", r"tuition", r"fees?(?![a-z0-9])")
# Content that scripts show on demand: tab panels, carousel slides, drawers, collapsed panels.
COLLAPSED_WORDS = _words(
    r"tab", r"slide", r"carousel", r"collaps", r"drawer", r"panel", r"expand", r"accordion"
)
# React streams server-rendered sections into hidden <div id="S:0"> elements and moves them
# into place when the page runs; without scripts they are where the content is.
STREAMED_BOUNDARY = re.compile(r"^[SB]:\d+$")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|usd|eur|gbp|dollars?)(?![a-z])|\bfree\b"
    r"|/\s?(?:mo|month|yr|year|session|visit)\b",
    re.I,
)
TABLE_CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class CleanedPage:
    title: str | None
    meta_description: str | None
    language: str | None
    # The page's own content: blocks of the main, header, promo, pricing and faq zones.
    main_text: str
    charset: str
    # SHA-256 of main_text.
    text_sha256: str
    # Every kept block in page order: title, meta description, body blocks, then JSON-LD.
    blocks: tuple[Block, ...] = ()
    # The blocks' texts joined with "\n": blocks[i].text == text[blocks[i].start:blocks[i].end].
    text: str = ""
    # `text` without dates, counters, copyright lines and "last updated" phrases (see comparable).
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
    """The element's class and id, the words page builders name their parts with."""
    attrib = el.attrib
    cls = attrib.get("class")
    ident = attrib.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


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


# --- JSON-LD -----------------------------------------------------------------------------------

# String fields of JSON-LD that hold prose a reader would see on the page.
JSONLD_TEXT_KEYS = (
    "name", "headline", "alternateName", "slogan", "description", "disambiguatingDescription",
    "abstract", "text", "caption",
)  # fmt: skip
# Fields whose bare value says little, written with a label ("Telephone: (410) 555-0142").
JSONLD_LABELLED = {
    "telephone": "Telephone",
    "priceRange": "Price range",
    "medicalSpecialty": "Specialty",
    "openingHours": "Opening hours",
    "availability": "Availability",
}
ADDRESS_KEYS = (
    "streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry",
)  # fmt: skip
# Navigation and media, not page text.
JSONLD_SKIP_TYPES = frozenset(
    {"BreadcrumbList", "SiteNavigationElement", "SearchAction", "ImageObject", "VideoObject"}
)
JSONLD_MAX_TEXTS = 300
JSONLD_MAX_DEPTH = 12
_TAG = re.compile(r"<[^>]{0,500}>")


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
    """Human-readable fields of a JSON-LD tree in document order, one line each: names,
    descriptions, FAQ questions ("Q: ...") and answers ("A: ..."), prices with their currency,
    addresses and a few labelled fields. URLs, ids, images and dates are left out."""
    if depth > JSONLD_MAX_DEPTH or len(out) >= JSONLD_MAX_TEXTS:
        return
    if isinstance(data, list):
        for item in data:
            _jsonld_texts(item, out, depth + 1)
        return
    if not isinstance(data, dict):
        return
    types = data.get("@type")
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    type_names = {t for t in names if isinstance(t, str)}
    if type_names & JSONLD_SKIP_TYPES:
        return
    for key in JSONLD_TEXT_KEYS:
        text = _jsonld_string(data.get(key))
        if not text:
            continue
        if "Question" in type_names and key == "name":
            text = f"Q: {text}"
        elif "Answer" in type_names and key == "text":
            text = f"A: {text}"
        out.append(text)
    if "PostalAddress" in type_names:
        parts = (_jsonld_string(data.get(key)) for key in ADDRESS_KEYS)
        address = ", ".join(part for part in parts if part)
        if address:
            out.append(f"Address: {address}")
    for key, label in JSONLD_LABELLED.items():
        value = data.get(key)
        values = value if isinstance(value, list) else [value]
        joined = ", ".join(t for t in (_jsonld_string(v) for v in values) if t)
        if joined:
            out.append(f"{label}: {joined}")
    price = _jsonld_string(data.get("price")) or _jsonld_string(data.get("lowPrice"))
    if price:
        high = _jsonld_string(data.get("highPrice"))
        currency = _jsonld_string(data.get("priceCurrency"))
        amount = f"{price}-{high}" if high and high != price else price
        out.append(f"Price: {amount} {currency}".rstrip())
    for key, value in data.items():
        if isinstance(value, (dict, list)) and (key == "@graph" or not key.startswith("@")):
            _jsonld_texts(value, out, depth + 1)


def _jsonld_string(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if value.startswith(("http://", "https://")):  # schema.org enumerations: keep the name
        value = value.rstrip("/").rsplit("/", 1)[-1]
    if "<" in value:
        value = _TAG.sub(" ", value)
    return _squash(html.unescape(value))


ARTICLE_TYPES = re.compile(
    r"^(?:News|Blog|Scholarly|Tech|Analysis|Opinion|Reportage|Review|Satirical)?Article$"
    r"|^(?:Live)?BlogPosting$|^Report$"
)


def _looks_like_article(root: Any, jsonld: list[Any]) -> bool:
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


# --- walking the DOM into raw blocks -----------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What the walk knows about the current element from its ancestors."""

    zone: Zone = "main"
    kind: Kind = "text"
    in_main: bool = False  # inside <main>, role=main or <article>
    in_link: bool = False
    in_faq: bool = False
    element: Any = None  # nearest block-level element

    def copy(self) -> "_Context":
        return _Context(self.zone, self.kind, self.in_main, self.in_link, self.in_faq, self.element)


@dataclass(slots=True)
class _Raw:
    """A block before selection: its text, how much of it is link text and where it sat."""

    zone: Zone
    kind: Kind
    text: str
    links: int  # characters of text inside links
    element: Any
    in_main: bool


@dataclass
class _Walker:
    page_chars: int  # characters in the page's paragraphs
    blocks: list[_Raw] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    main_started: bool = False  # a block of the main content has been emitted

    def add(self, text: str | None, ctx: _Context) -> None:
        if text:
            self.pieces.append(text)
            if ctx.in_link:
                self.link_chars += len(text.strip())

    def flush(self, ctx: _Context) -> None:
        if not self.pieces:
            return
        text = _squash("".join(self.pieces))
        self.pieces.clear()
        links, self.link_chars = self.link_chars, 0
        if not text:
            return
        kind = ctx.kind
        if ctx.zone == "faq" and kind == "answer" and text.endswith("?") and len(text) < 200:
            kind = "question"
        self.blocks.append(
            _Raw(ctx.zone, kind, text, min(links, len(text)), ctx.element, ctx.in_main)
        )
        if ctx.in_main or (ctx.element is not None and ctx.element.tag == "h1"):
            self.main_started = True

    def walk(self, el: Any, ctx: _Context) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions
            return
        tag = tag.lower()
        if tag in SKIP_TAGS and not (ctx.in_faq and tag in FAQ_KEEP_TAGS):
            return
        if tag in BREAK_TAGS:
            self.flush(ctx)
            return
        if tag == "form" and not _is_page_form(el):
            return
        if tag in CHROME_TAGS and not self._holds_page(el, tag, by_share=False):
            return
        attrib = el.attrib
        marker = _marker(el) if attrib else ""
        role = (attrib.get("role") or "").lower() if attrib else ""
        if attrib and self._is_chrome(el, tag, marker, role, ctx):
            return
        if tag == "table" and _is_data_table(el):
            self.flush(ctx)
            self._table(el, ctx, marker)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush(ctx)  # text so far belongs to the enclosing block
        if is_block or marker or role or tag in ("a", "details"):
            ctx = self._enter(el, tag, ctx, marker, role)
        if is_block:
            ctx.element = el
            ctx.kind = _kind(tag, marker, ctx)
        self.add(el.text, ctx)
        for child in el:
            self.walk(child, ctx)
            self.add(child.tail, ctx)
        if is_block:
            self.flush(ctx)

    def _is_chrome(self, el: Any, tag: str, marker: str, role: str, ctx: _Context) -> bool:
        if (
            role in CHROME_ROLES
            or (marker and OVERLAY_WORDS.search(marker))
            or (marker and ctx.zone not in ("pricing", "faq") and STRUCTURE_WORDS.search(marker))
        ):
            if self._holds_page(el, tag):
                return False
            return not (marker and NAV_WORDS.search(marker) and _has_prose(el))
        if ctx.in_faq or not _is_hidden(el):
            return False
        # Hidden: dropped, unless a script shows it on demand (a collapsed answer, a tab panel,
        # a slide) or it holds the page (streamed server rendering hides content until hydrated).
        if role == "tabpanel" or (
            marker and (FAQ_WORDS.search(marker) or COLLAPSED_WORDS.search(marker))
        ):
            return False
        if STREAMED_BOUNDARY.match(el.get("id") or ""):
            return False
        return not self._holds_prose(el)

    def _holds_page(self, el: Any, tag: str, by_share: bool = True) -> bool:
        """Wrappers whose class names mention a sidebar or a menu state ("has-sidebar",
        "menu-type-dropdown" on <body>), or that broken markup wrapped around the page, hold
        the page itself."""
        if tag in PAGE_TAGS:
            return True
        for _ in el.iter("main", "article", "h1"):
            return True
        return by_share and self._holds_prose(el)

    def _holds_prose(self, el: Any) -> bool:
        chars = _paragraph_chars(el)
        return chars > WRAPPER_SHARE * self.page_chars and chars > WRAPPER_MIN_CHARS

    def _enter(self, el: Any, tag: str, ctx: _Context, marker: str, role: str) -> _Context:
        new = ctx.copy()
        if tag == "a" and el.get("href") is not None:
            new.in_link = True
        if tag in ("main", "article") or role == "main":
            new.in_main = True
            if new.zone == "header":
                new.zone = "main"
        if tag == "details" or (
            ((marker and FAQ_WORDS.search(marker)) or _faq_schema(el) or _is_faq_list(el, tag))
            and not self._holds_page(el, tag)
        ):
            new.in_faq = True
            new.zone = "faq"
            new.kind = "answer"
        elif new.zone == "main" and marker and not self._holds_page(el, tag):
            if PROMO_WORDS.search(marker):
                new.zone = "promo"
            elif PRICING_WORDS.search(marker):
                new.zone = "pricing"
        if (
            new.zone == "main"
            and not new.in_main
            and not self.main_started
            and (tag == "header" or role == "banner" or (marker and HEADER_WORDS.search(marker)))
        ):
            new.zone = "header"
        if (tag == "aside" or role == "complementary") and new.zone == "main":
            new.zone = "aside"
        return new

    def _table(self, table: Any, ctx: _Context, marker: str) -> None:
        """One block per row, cells joined; a table of prices is the pricing zone."""
        rows = []
        for row in table.iter("tr"):
            if _nearest_table(row) is not table:
                continue
            cells = (_squash(_inline_text(cell)) for cell in row if _tag(cell) in ("td", "th"))
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
            text = _squash(_inline_text(caption))
            if text:
                self.blocks.append(_Raw(zone, "heading", text, 0, caption, ctx.in_main))
        for line, row in rows:
            links = sum(len(_inline_text(a)) for a in row.iter("a"))
            self.blocks.append(
                _Raw(zone, "table_row", line, min(links, len(line)), row, ctx.in_main)
            )


def _kind(tag: str, marker: str, ctx: _Context) -> Kind:
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


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _has_prose(el: Any) -> bool:
    """Tab strips and "sticky nav" wrappers sometimes hold the sections they link to."""
    total = 0
    for p in el.iter("p"):
        n = len(p.text_content())
        if n >= PROSE_PARAGRAPH_CHARS:
            total += n
            if total >= PROSE_TOTAL_CHARS:
                return True
    return False


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


def _is_faq_list(el: Any, tag: str) -> bool:
    """A definition list of questions and answers."""
    if tag != "dl":
        return False
    terms = [_squash(dt.text_content()) for dt in el.iterchildren("dt")]
    return len(terms) >= 2 and sum(t.endswith("?") for t in terms) * 2 >= len(terms)


def _is_page_form(form: Any) -> bool:
    """ASP.NET and some builders wrap the whole page in one form, calculators wrap their
    explanations in theirs; sign-up and search forms are small."""
    for _ in form.iter("main", "article", "h1", "h2", "section"):
        return True
    return _has_prose(form)


def _nearest_table(el: Any) -> Any:
    for ancestor in el.iterancestors("table"):
        return ancestor
    return None


def _is_data_table(table: Any) -> bool:
    """A table of rows and cells, not a layout grid holding the page."""
    for inner in table.iter("table", "h1", "h2", "h3", "ul", "ol", "form", "article", "section"):
        if inner is not table:
            return False
    return True


def _inline_text(el: Any) -> str:
    parts: list[str] = []
    _collect(el, parts)
    return "".join(parts)


def _collect(el: Any, parts: list[str]) -> None:
    tag = _tag(el)
    if not tag or tag in SKIP_TAGS or (el.attrib and _is_hidden(el)):
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


# --- choosing the content ----------------------------------------------------------------------

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
# An article's body: the deepest element holding this share of the page's prose.
ARTICLE_PROSE_SHARE = 0.7
PROSE_MIN_CHARS = 40
PROSE_MAX_LINK_SHARE = 0.3
TEASER_MAX_CHARS = 400


def _select(raw: list[_Raw], article: bool) -> list[_Raw]:
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
    raw = _drop_teasers([b for b in raw if b.zone != "aside"])
    body = _prose_container(raw)
    if body is None:
        return raw
    inside = {id(b) for b in raw if _within(b.element, body)}
    first = next((i for i, b in enumerate(raw) if id(b) in inside), 0)
    # The article's body, and the promo bar above it.
    return [b for i, b in enumerate(raw) if id(b) in inside or (i < first and b.zone == "promo")]


def _is_call_to_action(block: _Raw, following: list[_Raw]) -> bool:
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


def _is_boilerplate_line(block: _Raw) -> bool:
    """Copyright notices and skip links that escaped the markup rules."""
    return len(block.text) <= BOILERPLATE_MAX_CHARS and bool(BOILERPLATE_LINE.match(block.text))


def _is_contact_strip(block: _Raw) -> bool:
    """The phone number and e-mail line of a site header ("Call (410) 555-0142")."""
    return (
        block.zone == "header"
        and len(block.text) <= CONTACT_STRIP_MAX_CHARS
        and bool(PHONE_OR_EMAIL.search(block.text))
    )


def _drop_link_lists(raw: list[_Raw]) -> list[_Raw]:
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


def _drop_repeats(raw: list[_Raw]) -> list[_Raw]:
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


def _drop_teasers(raw: list[_Raw]) -> list[_Raw]:
    """On an article page, a linked sub-heading with a line or two under it is a teaser for
    another article: drop the group."""
    out: list[_Raw] = []
    group: list[_Raw] = []
    for block in [*raw, None]:
        if block is None or block.kind == "heading":
            if group and not _is_teaser(group):
                out.extend(group)
            group = []
        if block is not None:
            group.append(block)
    return out


def _is_teaser(group: list[_Raw]) -> bool:
    head = group[0]
    if head.kind != "heading" or head.links < 0.8 * len(head.text):
        return False
    if head.element is not None and head.element.tag == "h1":
        return False
    return sum(len(b.text) for b in group[1:]) < TEASER_MAX_CHARS


def _prose(block: _Raw) -> int:
    n = len(block.text)
    if n < PROSE_MIN_CHARS or block.links > PROSE_MAX_LINK_SHARE * n:
        return 0
    return n if block.kind in ("paragraph", "text") else 0


def _prose_container(raw: list[_Raw]) -> Any:
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


# --- repairing text ----------------------------------------------------------------------------

# Curly quotes stay as the page wrote them; ftfy only undoes mis-decoding and the like.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


def _repair(texts: list[str]) -> list[str]:
    """ftfy over all texts at once; one text per line, so lines map back to texts."""
    joined = "\n".join(texts)
    if joined.isascii():
        return texts
    fixed = ftfy.fix_text(joined, config=_FTFY_CONFIG).split("\n")
    if len(fixed) != len(texts):
        fixed = [ftfy.fix_text(t, config=_FTFY_CONFIG) for t in texts]
    return [_squash(t) for t in fixed]


# --- comparable text ---------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SP = r"[^\S\n]"  # white space within a line: the patterns run over the whole text at once
_DATE = "\x00"  # stands for a date found by DATE_PATTERNS
DATE_PATTERNS = (
    # 2026-03-03, 2026-03-03T10:00:00Z
    re.compile(
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    # 03/03/2026, 3.3.26
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"),
    # March 3, 2026 / Mar. 3rd 2026
    re.compile(rf"\b{_MONTH}{_SP}+\d{{1,2}}(?:st|nd|rd|th)?,?{_SP}+\d{{4}}\b", re.I),
    # 3 March 2026 / 3rd of March, 2026
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?{_SP}+(?:of{_SP}+)?{_MONTH},?{_SP}+\d{{4}}\b", re.I),
    # March 2026
    re.compile(rf"\b{_MONTH}{_SP}+\d{{4}}\b", re.I),
    # 3 days ago, an hour ago
    re.compile(
        rf"\b(?:\d+|an?|one){_SP}+(?:second|minute|hour|day|week|month|year)s?{_SP}+ago\b", re.I
    ),
)
_COUNTED = (
    r"(?:patients|clients|customers|people|reviews|ratings|members|infusions|treatments|"
    r"sessions|visitors|families)\b"
    rf"(?:{_SP}+(?:treated|served|helped|and{_SP}+counting|so{_SP}+far|and{_SP}+growing))?"
)
_ABOUT = rf"(?:over|more{_SP}+than|nearly|almost|about|around|upwards{_SP}+of)"
NOISE_PATTERNS = (
    # "Page last reviewed <date>", "Last updated: <date>", "Posted on <date>"
    re.compile(
        rf"\b(?:page{_SP}+)?(?:last{_SP}+)?(?:updated|reviewed|modified|revised|published|posted)"
        rf"(?:{_SP}+(?:on|at))?{_SP}*:?{_SP}*\x00",
        re.I,
    ),
    # "© 2025 Clinic Name. All rights reserved." (the notice up to its sentence end)
    re.compile(
        rf"(?:©|\(c\)|\bcopyright\b){_SP}*(?:©{_SP}*)?(?:\d{{4}}(?:{_SP}*[-\u2013]{_SP}*\d{{4}})?)?"
        rf"[^\n.]*\.?(?:{_SP}*all{_SP}+rights{_SP}+reserved\.?)?",
        re.I,
    ),
    re.compile(rf"\ball{_SP}+rights{_SP}+reserved\.?", re.I),
    # Counters: "Over 2,140 patients treated", "5,000+ happy clients", "1200 reviews"; a small
    # number needs a qualifier ("over 40 families"), so "4 out of 5 patients" stays.
    re.compile(
        rf"(?:\b{_ABOUT}{_SP}+)?(?:\b\d{{1,3}}(?:,\d{{3}})+|\b\d{{3,}})\+?{_SP}+(?:[a-z]+{_SP}+)?"
        + _COUNTED,
        re.I,
    ),
    re.compile(rf"\b{_ABOUT}{_SP}+\d[\d,]*\+?{_SP}+(?:[a-z]+{_SP}+)?" + _COUNTED, re.I),
    re.compile("\x00"),
)
_LEFTOVER = " .,;:|-\u2013\u2014\u00b7\u2022"  # separators a removal leaves dangling
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
_PUNCTUATION_RUN = re.compile(r"([.,;:])(?:\s*[.,;:])+")


def comparable(text: str) -> str:
    """`text` without what changes between crawls while the offer does not: dates ("March 3,
    2026", "2026-03-03", "03/03/2026", "3 days ago"), "last updated/reviewed <date>" phrases,
    copyright notices ("© 2025 ... All rights reserved.") and counters ("Over 2,140 patients
    treated", "5,000+ happy clients"). Lines that only held noise are dropped; changed lines
    lose the punctuation the removal left dangling."""
    cleaned = text.replace(_DATE, "")
    for pattern in DATE_PATTERNS:
        cleaned = pattern.sub(_DATE, cleaned)
    for pattern in NOISE_PATTERNS:
        cleaned = pattern.sub("", cleaned)
    if cleaned == text:
        return text
    lines = []
    for before, after in zip(text.split("\n"), cleaned.split("\n"), strict=True):
        if after != before:
            after = _PUNCTUATION_RUN.sub(r"\1", _SPACE_BEFORE_PUNCTUATION.sub(r"\1", after))
            after = _squash(after).strip(_LEFTOVER)
        if after:
            lines.append(after)
    return "\n".join(lines)


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


def _language(root: Any, text: str, content_language: str | None) -> str | None:
    declared = root.get("lang") if root is not None else None
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
        jsonld = list(dict.fromkeys(jsonld))  # the same name often appears in several nodes
        start = root.find("body")
        walker = _Walker(page_chars=_paragraph_chars(root))
        walker.walk(start if start is not None else root, _Context())
        raw = _select(walker.blocks, _looks_like_article(root, items))

    texts = _repair([title or "", description or "", *(b.text for b in raw), *jsonld])
    title, description = texts[0] or None, texts[1] or None
    parts: list[tuple[Zone, Kind, str]] = [
        ("title", "heading", texts[0]),
        ("meta", "paragraph", texts[1]),
    ]
    parts.extend((b.zone, b.kind, t) for b, t in zip(raw, texts[2 : 2 + len(raw)], strict=True))
    parts.extend(("jsonld", "text", t) for t in texts[2 + len(raw) :])
    blocks, text = _assemble(parts)
    main_text = "\n".join(b.text for b in blocks if b.zone in MAIN_TEXT_ZONES)
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
