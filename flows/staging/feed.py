"""Turn a crawl feed into the staged files the warehouse loads: parse, hash, compress, clean."""

import base64
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import zstandard

from crawlers.items import FetchRecord
from crawlers.targets import Target
from flows.cleaning import CLEANER_VERSION, CleanedPage, clean_html, is_html
from flows.cleaning.decode import looks_binary
from flows.extraction.extract import PageExtraction, extract_blocks
from flows.extraction.rows import claim_rows, facts_row, offer_rows
from warehouse.load import RunRecord
from warehouse.staging import STAGED_FILES, write_row

ZSTD_LEVEL = 10


class FeedError(ValueError):
    pass


@dataclass
class StageSummary:
    fetches: int = 0
    bodies: int = 0
    texts: int = 0
    claims: int = 0
    offers: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    # Pages stored but not read (binary, or cleaning/extraction failed), with the reason.
    unreadable: list[str] = field(default_factory=list)


def page_id(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:20]


def read_feed(feed: Path) -> Iterator[FetchRecord]:
    with feed.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield FetchRecord.model_validate_json(line)
            except ValueError as exc:
                raise FeedError(f"{feed}:{number}: not a fetch record ({exc})") from exc


def stage_feed(
    feed: Path,
    out_dir: Path,
    run: RunRecord,
    targets: list[Target],
    validators: dict[str, dict[str, Any]],
    known_bodies: set[str],
    known_texts: set[str],
) -> StageSummary:
    """Write clinics, observations, bodies and page_texts as JSON lines in `out_dir`.
    Bodies and texts already in the warehouse are not staged again."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = StageSummary()
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    staged_bodies: set[str] = set()
    files = {name: (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in STAGED_FILES}
    try:
        for target in targets:
            write_row(
                files["clinics"],
                {
                    "clinic_id": target.id,
                    "name": target.name,
                    "website": target.website,
                    **target.location.model_dump(),
                    "tags": target.tags,
                },
            )
        for record in read_feed(feed):
            summary.fetches += 1
            body_sha = None
            if record.body_b64 is not None:
                body = base64.b64decode(record.body_b64)
                body_sha = hashlib.sha256(body).hexdigest()
                if body_sha not in staged_bodies:
                    staged_bodies.add(body_sha)
                    # A known body's bytes are stored already; it is cleaned again only when
                    # the cleaner changed.
                    new = body_sha not in known_bodies
                    if new:
                        _stage_bytes(files, compressor, body, body_sha, record)
                    if body_sha not in known_texts and is_html(record.content_type, body):
                        record = _stage_page(files, body, body_sha, record, summary)
                    summary.bodies += new
            elif record.outcome == "not_modified":
                body_sha = validators.get(record.requested_url, {}).get("body_sha256")
            summary.outcomes[record.outcome] = summary.outcomes.get(record.outcome, 0) + 1
            fetched_at = datetime.fromisoformat(record.fetched_at)
            parts = urlsplit(record.requested_url)
            write_row(
                files["observations"],
                {
                    "observation_id": hashlib.sha256(
                        f"{run.run_id}|{record.requested_url}".encode()
                    ).hexdigest()[:24],
                    "clinic_id": record.clinic_id,
                    "page_id": page_id(record.requested_url),
                    "requested_url": record.requested_url,
                    "path": parts.path + (f"?{parts.query}" if parts.query else ""),
                    "final_url": record.final_url,
                    "redirect_chain": record.redirect_chain,
                    "observed_at": run.logical_date + (fetched_at - run.started_at),
                    "fetched_at": fetched_at,
                    "status": record.status,
                    "outcome": record.outcome,
                    "error_class": record.error_class,
                    "error_message": record.error_message,
                    "content_type": record.content_type,
                    "etag": record.etag,
                    "last_modified": record.last_modified,
                    "headers": record.headers,
                    "bytes_received": record.bytes_received,
                    "elapsed_ms": record.elapsed_ms,
                    "depth": record.depth,
                    "found_via": record.found_via,
                    "body_sha256": body_sha,
                    "links": record.links,
                },
            )
    finally:
        for handle in files.values():
            handle.close()
    return summary


def _stage_bytes(
    files: Mapping[str, IO[str]],
    compressor: zstandard.ZstdCompressor,
    body: bytes,
    body_sha: str,
    record: FetchRecord,
) -> None:
    packed = compressor.compress(body)
    write_row(
        files["bodies"],
        {
            "body_sha256": body_sha,
            "content_type": record.content_type,
            "byte_size": len(body),
            "compression": "zstd",
            "compressed_size": len(packed),
            "data_b64": base64.b64encode(packed).decode("ascii"),
        },
    )


def _stage_page(
    files: Mapping[str, IO[str]],
    body: bytes,
    body_sha: str,
    record: FetchRecord,
    summary: StageSummary,
) -> FetchRecord:
    """Clean and extract one new page version. A page that cannot be read is recorded on its
    own observation (`not_text`, `extract_error` with the exception and URL) and the run goes
    on with every other page; the record is returned as it should be stored."""
    if looks_binary(body):
        summary.unreadable.append(f"{record.requested_url}: binary body served as a web page")
        return record.model_copy(update={
            "outcome": "not_text", "error_class": "BinaryBody",
            "error_message": f"{record.requested_url}: the body is binary, not text",
        })  # fmt: skip
    try:
        cleaned = clean_html(body, record.content_type, record.headers.get("content-language"))
        extracted = extract_blocks(list(cleaned.blocks))
    except Exception as exc:  # RecursionError included: one page, not the run
        message = f"{record.requested_url}: {type(exc).__name__}: {exc}"[:500]
        summary.unreadable.append(message)
        return record.model_copy(update={
            "outcome": "extract_error", "error_class": type(exc).__name__,
            "error_message": message,
        })  # fmt: skip
    _write_text(files, body_sha, cleaned)
    _write_extraction(files, body_sha, extracted)
    summary.texts += 1
    summary.claims += len(extracted.claims)
    summary.offers += len(extracted.offers)
    return record


def _write_text(files: Mapping[str, IO[str]], body_sha: str, cleaned: CleanedPage) -> None:
    write_row(
        files["page_texts"],
        {
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
                {"zone": b.zone, "kind": b.kind, "start": b.start, "end": b.end}
                for b in cleaned.blocks
            ],
        },
    )


def _write_extraction(files: Mapping[str, IO[str]], body_sha: str, result: PageExtraction) -> None:
    """Claims, offers and page facts of one new page version; offsets index its text."""
    for row in claim_rows(body_sha, result):
        write_row(files["claims"], row)
    for row in offer_rows(body_sha, result):
        write_row(files["offers"], row)
    write_row(files["page_facts"], facts_row(body_sha, result))
