"""The cleaned page and the function that makes it: decode, parse, walk, select, repair and
join the blocks into the texts the pipeline stores."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flows.cleaning.article import looks_like_article
from flows.cleaning.blocks import Block, Kind, Zone
from flows.cleaning.decode import decode, parse, repair, squash
from flows.cleaning.dom import paragraph_chars
from flows.cleaning.jsonld import jsonld_items, jsonld_texts
from flows.cleaning.noise import comparable
from flows.cleaning.selection import select_blocks
from flows.cleaning.walk import RawBlock, Walker
from flows.cleaning.zones import Context

# Bump when the cleaner's output changes, so stored text records which rules made it.
CLEANER_VERSION = "clean-2026.12.1"

MIN_CHARS_FOR_LANGUAGE_GUESS = 40

# Zones of the page's own content, which `main_text` holds. The others stay in `text` only: the
# title, meta description and JSON-LD repeat what the page says, and asides (testimonial
# rotators, side boxes) change from one request to the next without the page changing.
MAIN_TEXT_ZONES: frozenset[str] = frozenset({"main", "header", "promo", "pricing", "faq"})


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


def _head_fields(root: Any) -> tuple[str | None, str | None]:
    title = None
    for el in root.iter("title"):
        title = squash(el.text_content()) or None
        break
    description = None
    for el in root.iter("meta"):
        if (el.get("name") or "").strip().lower() == "description":
            description = squash(el.get("content") or "") or None
            break
    return title, description


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
        # Imported here: with numpy it is an eighth of a second that processes which only
        # check a cleaner's version (the monitor's own process) need not pay.
        import py3langid

        return str(py3langid.classify(text)[0])
    return None


def clean_html(
    body: bytes, content_type: str | None, content_language: str | None = None
) -> CleanedPage:
    decoded, charset = decode(body, content_type)
    root = parse(decoded)
    title = description = None
    raw: list[RawBlock] = []
    jsonld: list[str] = []
    if root is not None:
        title, description = _head_fields(root)
        items = list(jsonld_items(root))
        for item in items:
            jsonld_texts(item, jsonld)
        jsonld = list(dict.fromkeys(jsonld))  # the same name often appears in several nodes
        start = root.find("body")
        walker = Walker(page_chars=paragraph_chars(root))
        walker.walk(start if start is not None else root, Context())
        raw = select_blocks(walker.blocks, looks_like_article(root, items))

    texts = repair([title or "", description or "", *(b.text for b in raw), *jsonld])
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
