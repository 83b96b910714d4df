"""Run one Scrapy crawl in its own process and check that it fetched something.

Twisted's reactor cannot be restarted inside one process, so every crawl is a fresh
`python -m scrapy crawl` writing a JSON-lines feed and a stats file."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CrawlError(RuntimeError):
    pass


@dataclass
class CrawlResult:
    feed: Path
    stats: dict[str, Any]
    log: Path

    @property
    def responses(self) -> int:
        return sum(
            int(self.stats.get(f"fetch/{outcome}", 0))
            for outcome in ("ok", "not_modified", "http_error")
        )


def _tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@dataclass
class Crawl:
    """A crawl under way in its own process, and the files it writes."""

    process: subprocess.Popen[bytes]
    targets_file: Path
    feed: Path
    stats_file: Path
    log: Path
    stderr: Path
    timeout_s: int
    deadline: float

    def running(self) -> bool:
        """Whether Scrapy still runs; a crawl past its time limit is stopped here."""
        if self.process.poll() is not None:
            return False
        if time.monotonic() > self.deadline:
            self.stop()
            raise CrawlError(
                f"crawl of {self.targets_file} ran past {self.timeout_s}s and was stopped; lower "
                f"the page cap or raise the time limit. Log: {self.log}\n{_tail(self.log)}"
            )
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_scrapy(
    targets_file: Path,
    clinic_ids: list[str],
    out_dir: Path,
    *,
    profile: str,
    max_pages: int,
    max_depth: int,
    validators: Path | None,
    timeout_s: int,
    known_urls: Path | None = None,
) -> Crawl:
    """Start the crawl and return at once; its feed grows record by record as it runs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    feed, stats_file, log = out_dir / "feed.jsonl", out_dir / "stats.json", out_dir / "scrapy.log"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "clinic",
        "-a", f"targets={targets_file}",
        "-a", f"max_pages={max_pages}",
        "-a", f"max_depth={max_depth}",
        "-O", f"{feed}:jsonlines",
        "-s", f"STATS_FILE={stats_file}",
        "-s", f"LOG_FILE={log}",
    ]  # fmt: skip
    if clinic_ids:
        command += ["-a", f"clinics={','.join(clinic_ids)}"]
    if validators:
        command += ["-a", f"validators={validators}"]
    if known_urls:
        command += ["-a", f"known_urls={known_urls}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": f"crawlers.settings.{profile}"}
    stderr = out_dir / "scrapy.stderr"
    # Into a file, not a pipe: nobody reads a pipe while the crawl runs, and a full one would
    # stall Scrapy.
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
    return Crawl(
        process, targets_file, feed, stats_file, log, stderr, timeout_s,
        time.monotonic() + timeout_s,
    )  # fmt: skip


def finish_scrapy(crawl: Crawl) -> CrawlResult:
    """Wait for the crawl to end and check that it fetched something."""
    while crawl.running():
        time.sleep(0.05)
    log, targets_file = crawl.log, crawl.targets_file
    if crawl.process.returncode != 0:
        errors = crawl.stderr.read_text(encoding="utf-8", errors="replace").strip()
        raise CrawlError(
            f"scrapy exited with {crawl.process.returncode} crawling {targets_file}. Log: {log}\n"
            f"{errors[-2000:] or _tail(log)}"
        )
    if not crawl.stats_file.exists():
        raise CrawlError(f"scrapy wrote no stats file; the crawl did not run. Log: {log}")
    result = CrawlResult(crawl.feed, json.loads(crawl.stats_file.read_text(encoding="utf-8")), log)
    # `scrapy crawl` exits 0 even when nothing was fetched, so the stats decide.
    if result.responses == 0:
        raise CrawlError(
            f"the crawl of {targets_file} got no HTTP response from any clinic "
            f"({result.stats.get('item_scraped_count', 0)} failed attempts recorded). Check the "
            f"websites in the targets file and this machine's network. Log: {log}\n{_tail(log)}"
        )
    return result
