"""Run one Scrapy crawl in its own process and check that it fetched something.

Twisted's reactor cannot be restarted inside one process, so every crawl is a fresh
`python -m scrapy crawl` writing a JSON-lines feed and a stats file."""

import json
import os
import subprocess
import sys
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


def run_scrapy(
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
) -> CrawlResult:
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
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise CrawlError(
            f"crawl of {targets_file} ran past {timeout_s}s and was stopped; lower the page cap "
            f"or raise the time limit. Log: {log}\n{_tail(log)}"
        ) from exc
    if done.returncode != 0:
        raise CrawlError(
            f"scrapy exited with {done.returncode} crawling {targets_file}. Log: {log}\n"
            f"{done.stderr.strip()[-2000:] or _tail(log)}"
        )
    if not stats_file.exists():
        raise CrawlError(f"scrapy wrote no stats file; the crawl did not run. Log: {log}")
    result = CrawlResult(feed, json.loads(stats_file.read_text(encoding="utf-8")), log)
    # `scrapy crawl` exits 0 even when nothing was fetched, so the stats decide.
    if result.responses == 0:
        raise CrawlError(
            f"the crawl of {targets_file} got no HTTP response from any clinic "
            f"({result.stats.get('item_scraped_count', 0)} failed attempts recorded). Check the "
            f"websites in the targets file and this machine's network. Log: {log}\n{_tail(log)}"
        )
    return result
