"""One new page version read into warehouse rows: cleaned, extracted, and turned into the rows
of page_texts, claims, offers and page_facts. Pure (bytes in, rows out), so it runs in the
staging pool's worker processes."""

from dataclasses import dataclass
from typing import Any

from flows.cleaning import CLEANER_VERSION, CleanedPage, clean_html
from flows.cleaning.decode import looks_binary
from flows.extraction.extract import extract_blocks
from flows.extraction.rows import claim_rows, facts_row, offer_rows


@dataclass(frozen=True)
class PageRows:
    page_text: dict[str, Any]
    claims: list[dict[str, Any]]
    offers: list[dict[str, Any]]
    facts: dict[str, Any]


@dataclass(frozen=True)
class Unreadable:
    """A page stored but not read; recorded on its observation, and the run goes on."""

    outcome: str
    error_class: str
    message: str


def read_page(
    body: bytes, body_sha: str, content_type: str | None, language: str | None, url: str
) -> PageRows | Unreadable:
    if looks_binary(body):
        return Unreadable("not_text", "BinaryBody", f"{url}: the body is binary, not text")
    try:
        cleaned = clean_html(body, content_type, language)
        extracted = extract_blocks(list(cleaned.blocks))
    except Exception as exc:  # RecursionError included: one page, not the run
        message = f"{url}: {type(exc).__name__}: {exc}"[:500]
        return Unreadable("extract_error", type(exc).__name__, message)
    return PageRows(
        page_text=_text_row(body_sha, cleaned),
        claims=claim_rows(body_sha, extracted),
        offers=offer_rows(body_sha, extracted),
        facts=facts_row(body_sha, extracted),
    )


def _text_row(body_sha: str, cleaned: CleanedPage) -> dict[str, Any]:
    return {
        "body_sha256": body_sha,
        "cleaner_version": CLEANER_VERSION,
        "title": cleaned.title,
        "meta_description": cleaned.meta_description,
        "language": cleaned.language,
        "charset": cleaned.charset,
        "main_text": cleaned.main_text,
        "text_sha256": cleaned.text_sha256,
        "text": cleaned.text,
        "comparable_text": cleaned.comparable_text,
        "blocks": [
            {"zone": b.zone, "kind": b.kind, "start": b.start, "end": b.end} for b in cleaned.blocks
        ],
    }
