"""Turn a crawl feed into the staged files the warehouse loads: parse, hash, compress, and
have each new page version read, as the crawl writes the feed."""

import base64
import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import zstandard

from crawlers.items import FetchRecord
from crawlers.targets import Target
from flows.cleaning import is_html
from flows.staging.pages import PageRows, Unreadable
from flows.staging.pool import PageJob, PagePool
from warehouse.bodies import FULL, ZSTD_LEVEL
from warehouse.load import RunRecord
from warehouse.staging import STAGED_FILES, write_row

# Pages handed to the pool ahead of the oldest one not yet written, per worker: enough to keep
# every worker busy, few enough that bodies waiting to be read stay a few MB.
READ_AHEAD = 4


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
    """The records of a finished crawl's feed."""
    return follow_feed(feed, lambda: False)


def follow_feed(
    feed: Path, running: Callable[[], bool], poll_s: float = 0.05
) -> Iterator[FetchRecord]:
    """The records of a feed that a crawl is still writing, each as soon as its line is
    complete; ends when `running()` is false and the rest is read."""
    number = 0
    pending = b""
    handle: IO[bytes] | None = None
    try:
        while True:
            alive = running()
            if handle is None and feed.exists():
                handle = feed.open("rb")
            chunk = handle.read() if handle is not None else b""
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                number += 1
                if line.strip():
                    yield _record(feed, number, line)
            if not alive and not chunk:
                break
            if not chunk:
                time.sleep(poll_s)
    finally:
        if handle is not None:
            handle.close()
    if pending.strip():
        yield _record(feed, number + 1, pending)


def _record(feed: Path, number: int, line: bytes | str) -> FetchRecord:
    try:
        return FetchRecord.model_validate_json(line)
    except ValueError as exc:
        raise FeedError(f"{feed}:{number}: not a fetch record ({exc})") from exc


class FeedStager:
    """Writes clinics, observations, bodies, page texts and what was extracted as JSON lines
    in `out_dir`, record by record as the crawl produces them; new page versions are read in
    `pool`. Bodies and texts already in the warehouse are not staged again."""

    def __init__(
        self,
        out_dir: Path,
        run: RunRecord,
        targets: list[Target],
        validators: dict[str, dict[str, Any]],
        known_bodies: set[str],
        known_texts: set[str],
        pool: PagePool,
    ) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.run, self.validators, self.pool = run, validators, pool
        self.known_bodies, self.known_texts = known_bodies, known_texts
        self.summary = StageSummary()
        self._compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        self._staged_bodies: set[str] = set()
        # Records whose page is being read, in the order they came.
        self._reading: deque[tuple[FetchRecord, str, PageJob, Future[PageRows | Unreadable]]] = (
            deque()
        )
        self._files = {
            name: (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in STAGED_FILES
        }
        for target in targets:
            write_row(
                self._files["clinics"],
                {
                    "clinic_id": target.id,
                    "name": target.name,
                    "website": target.website,
                    **target.location.model_dump(),
                    "tags": target.tags,
                },
            )

    def add(self, record: FetchRecord) -> None:
        self.summary.fetches += 1
        body_sha = None
        job = None
        if record.body_b64 is not None:
            body = base64.b64decode(record.body_b64)
            body_sha = hashlib.sha256(body).hexdigest()
            if body_sha not in self._staged_bodies:
                self._staged_bodies.add(body_sha)
                # A known body's bytes are stored already; it is cleaned again only when the
                # cleaner changed.
                new = body_sha not in self.known_bodies
                if new:
                    self._stage_bytes(body, body_sha, record)
                if body_sha not in self.known_texts and is_html(record.content_type, body):
                    job = PageJob(
                        body, body_sha, record.content_type,
                        record.headers.get("content-language"), record.requested_url,
                    )  # fmt: skip
                self.summary.bodies += new
        elif record.outcome == "not_modified":
            body_sha = self.validators.get(record.requested_url, {}).get("body_sha256")
        if job is None or body_sha is None:
            self._observe(record, body_sha)
        else:
            # The body travels in the job; the record waiting for it need not keep a copy.
            record = record.model_copy(update={"body_b64": None})
            self._reading.append((record, body_sha, job, self.pool.submit(job)))
        self._collect(block=len(self._reading) > READ_AHEAD * self.pool.workers)

    def stage(self, records: Iterable[FetchRecord]) -> StageSummary:
        """Stage every record, then wait for the pages still being read."""
        try:
            for record in records:
                self.add(record)
            while self._reading:
                self._collect(block=True)
        finally:
            for handle in self._files.values():
                handle.close()
        return self.summary

    def _collect(self, block: bool) -> None:
        """Write the pages read so far, oldest first; with `block`, wait for the oldest."""
        while self._reading and (block or self._reading[0][3].done()):
            record, body_sha, job, future = self._reading.popleft()
            block = False
            result = self.pool.result(job, future)
            if isinstance(result, Unreadable):
                self.summary.unreadable.append(result.message)
                record = record.model_copy(update={
                    "outcome": result.outcome, "error_class": result.error_class,
                    "error_message": result.message,
                })  # fmt: skip
            else:
                self._write_page(result)
            self._observe(record, body_sha)

    def _write_page(self, rows: PageRows) -> None:
        write_row(self._files["page_texts"], rows.page_text)
        for row in rows.claims:
            write_row(self._files["claims"], row)
        for row in rows.offers:
            write_row(self._files["offers"], row)
        write_row(self._files["page_facts"], rows.facts)
        self.summary.texts += 1
        self.summary.claims += len(rows.claims)
        self.summary.offers += len(rows.offers)

    def _stage_bytes(self, body: bytes, body_sha: str, record: FetchRecord) -> None:
        # On its own here; the load makes it a delta when its page has an earlier version.
        packed = self._compressor.compress(body)
        write_row(
            self._files["bodies"],
            {
                "body_sha256": body_sha,
                "content_type": record.content_type,
                "byte_size": len(body),
                "compression": FULL,
                "compressed_size": len(packed),
                "data_b64": base64.b64encode(packed).decode("ascii"),
                "base_sha256": None,
            },
        )

    def _observe(self, record: FetchRecord, body_sha: str | None) -> None:
        run = self.run
        self.summary.outcomes[record.outcome] = self.summary.outcomes.get(record.outcome, 0) + 1
        fetched_at = datetime.fromisoformat(record.fetched_at)
        parts = urlsplit(record.requested_url)
        write_row(
            self._files["observations"],
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
