"""Staging keeps up with a crawl: records are read as their lines complete, a half-written
line waits for its end, and pages read in worker processes give the same rows as in-process."""

import threading
import time
from pathlib import Path

from crawlers.items import FetchRecord
from flows.staging.feed import follow_feed
from flows.staging.pages import PageRows, Unreadable, read_page
from flows.staging.pool import PageJob, PagePool

PAGE = (
    b"<html><head><title>Clinic</title></head><body><main><p>Ketamine infusions may help "
    b"treatment-resistant depression. First infusion $299 this month.</p></main></body></html>"
)


def record_line(url: str) -> bytes:
    record = FetchRecord(
        clinic_id="a", requested_url=url, outcome="ok", fetched_at="2026-12-03T10:00:00+00:00"
    )
    return record.model_dump_json().encode()


def test_records_arrive_while_the_feed_is_written(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    writing = threading.Event()
    writing.set()
    seen: list[tuple[str, float]] = []

    def writer() -> None:
        with feed.open("wb") as out:
            first = record_line("http://127.0.0.1/a")
            out.write(first[:20])  # half a line
            out.flush()
            time.sleep(0.3)
            out.write(first[20:] + b"\n")
            out.flush()
            time.sleep(0.3)
            out.write(record_line("http://127.0.0.1/b") + b"\n")
        writing.clear()

    started = time.monotonic()
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for record in follow_feed(feed, writing.is_set, poll_s=0.01):
            seen.append((record.requested_url, time.monotonic() - started))
    finally:
        thread.join()
    assert [url for url, _ in seen] == ["http://127.0.0.1/a", "http://127.0.0.1/b"]
    assert seen[0][1] < 0.55  # before the writer finished, not at the end


def test_a_page_read_in_a_worker_equals_one_read_here() -> None:
    job = PageJob(PAGE, "f" * 64, "text/html; charset=utf-8", None, "http://127.0.0.1/x")
    here = read_page(job.body, job.body_sha, job.content_type, job.language, job.url)
    with PagePool(workers=2) as pool:
        there = pool.result(job, pool.submit(job))
    assert isinstance(here, PageRows)
    assert there == here
    assert here.claims


def test_a_binary_body_is_unreadable_not_fatal() -> None:
    job = PageJob(b"\x00\x01\x02PNG" * 100, "0" * 64, "text/html", None, "http://127.0.0.1/y")
    with PagePool(workers=1) as pool:
        result = pool.result(job, pool.submit(job))
    assert isinstance(result, Unreadable)
    assert result.outcome == "not_text"
    assert "http://127.0.0.1/y" in result.message
