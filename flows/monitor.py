"""The monitor flow: crawl the clinics, clean what came back, load it, publish it, then report
what changed in the Prefect UI and alert on what the rules single out."""

import json
import shutil
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run
from prefect.states import Completed, State

from crawlers.run import CrawlResult, finish_scrapy, start_scrapy
from crawlers.targets import Target, is_loopback, load_targets
from flows.changes.detect import detect_changes
from flows.changes.store import store_detection
from flows.cleaning import CLEANER_VERSION
from flows.extraction.extract import extractor_version
from flows.extraction.vocabulary import load_vocabulary
from flows.params import MonitorParams
from flows.reporting import alerts
from flows.reporting.artifacts import publish_report_artifacts
from flows.reporting.run_report import Report, read_report
from flows.staging.feed import FeedStager, StageSummary, follow_feed
from flows.staging.pool import PagePool
from sampleweb.control import request_edition
from warehouse.db import WarehousePaths, open_writer, publish, sql
from warehouse.load import RunRecord, load_run
from warehouse.writer_lock import warehouse_writer


@dataclass
class MonitorReport:
    run_id: str
    logical_date: str
    clinics: int
    fetches: int
    outcomes: dict[str, int]
    new_bodies: int
    new_texts: int
    added_rows: dict[str, int]
    changes: dict[str, int]
    warehouse: str

    def line(self) -> str:
        outcomes = ", ".join(f"{k}={v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"run {self.run_id} ({self.logical_date[:10]}): {self.clinics} clinics, "
            f"{self.fetches} fetches ({outcomes}), {self.new_bodies} new bodies, "
            f"{sum(self.changes.values())} changes"
        )


@task(retries=0)
def read_targets(path: str, clinics: list[str]) -> list[Target]:
    # A bad targets file is not transient: fail at once, before any crawl.
    return load_targets(path, clinics or None)


@task(retries=0)
def check_vocabulary() -> str:
    """Compile the vocabularies before anything is fetched: a broken pattern found after a
    long polite crawl would waste the crawl."""
    return extractor_version(load_vocabulary())


@task(retries=1, retry_delay_seconds=2)
def switch_sample_web(targets_file: str, targets: list[Target], number: int) -> str:
    websites = [t.website for t in targets]
    if not all(is_loopback(w) for w in websites):
        raise ValueError(
            f"'Sample web edition' is set to {number}, but {targets_file} lists sites that are "
            "not on this machine; it only applies to the bundled sample web. Clear it."
        )
    answered = request_edition(websites, number)
    get_run_logger().info("sample web switched to edition %d (%s)", number, answered)
    return answered


@dataclass
class KnownPages:
    """What the warehouse already holds for the run's clinics, read once before the crawl:
    validators (last ETag / Last-Modified per URL, so the crawl asks for changes only, written
    to `validators` for the crawler), the page versions stored, and those already cleaned by
    this cleaner."""

    validators: Path
    known_urls: Path
    by_url: dict[str, dict[str, Any]]
    bodies: set[str]
    texts: set[str]


@task(retries=1, retry_delay_seconds=5)
def read_known_pages(paths: WarehousePaths, targets: list[Target], out: Path) -> KnownPages:
    clinic_ids = {"clinic_ids": [t.id for t in targets]}
    with open_writer(paths) as con:
        rows = con.execute(sql("queries", "validators.sql"), clinic_ids).fetchall()
        shown = con.execute(sql("queries", "known_urls.sql"), clinic_ids).fetchall()
        bodies = {
            r[0] for r in con.execute(sql("queries", "known_bodies.sql"), clinic_ids).fetchall()
        }
        texts = {
            r[0]
            for r in con.execute(
                sql("queries", "known_texts.sql"), clinic_ids | {"cleaner_version": CLEANER_VERSION}
            ).fetchall()
        }
    by_url = {
        url: {"etag": etag, "last_modified": lm, "body_sha256": sha, "links": links or []}
        for url, etag, lm, sha, links in rows
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(by_url), encoding="utf-8")
    known_urls: dict[str, list[tuple[str, int]]] = {}
    for clinic_id, url, depth in shown:
        known_urls.setdefault(clinic_id, []).append((url, depth))
    urls_file = out.with_name("known_urls.json")
    urls_file.write_text(json.dumps(known_urls), encoding="utf-8")
    return KnownPages(out, urls_file, by_url, {r[0] for r in bodies}, {r[0] for r in texts})


# Not retried: a repeated crawl would hit every site twice; the next scheduled run is the retry.
@task(retries=0)
def crawl_and_stage(
    targets_file: str,
    targets: list[Target],
    run_dir: Path,
    known: KnownPages,
    params: MonitorParams,
    run: RunRecord,
) -> tuple[CrawlResult, StageSummary]:
    """Crawl the clinics; each page is cleaned and extracted in the staging pool as soon as its
    record is in the feed, so staging ends when the crawl does."""
    logger = get_run_logger()
    profile = params.crawl_profile
    if profile == "auto":
        profile = "sample" if all(is_loopback(t.website) for t in targets) else "prod"
    with PagePool(params.stage_workers or None) as pool:
        crawling = start_scrapy(
            Path(targets_file),
            [t.id for t in targets],
            run_dir,
            profile=profile,
            max_pages=params.max_pages,
            max_depth=params.max_depth,
            validators=known.validators,
            known_urls=known.known_urls,
            timeout_s=params.crawl_timeout_s,
        )
        try:
            stager = FeedStager(
                run_dir / "staging", run, targets, known.by_url, known.bodies, known.texts, pool
            )
            staged = stager.stage(follow_feed(crawling.feed, crawling.running))
        finally:
            crawling.stop()
        result = finish_scrapy(crawling)
    logger.info(
        "crawl finished: %s responses, %s records, reason %s; %d new page versions read by %d "
        "processes",
        result.responses,
        result.stats.get("item_scraped_count", 0),
        result.stats.get("finish_reason"),
        staged.texts,
        pool.workers,
    )
    for problem in staged.unreadable:
        logger.warning("page stored but not read, the run goes on: %s", problem)
    return result, staged


@task(retries=2, retry_delay_seconds=10)
def load_and_detect_changes(
    paths: WarehousePaths, staging_dir: Path, run: RunRecord
) -> tuple[dict[str, int], dict[str, int]]:
    """Load the run and record what changed since each clinic's previous run, in one
    transaction."""
    kinds: dict[str, int] = {}

    def detect(con: Any) -> None:
        found = detect_changes(con, run.run_id, run.extractor_version)
        store_detection(con, found)
        for change in found.changes:
            kinds[change.kind] = kinds.get(change.kind, 0) + 1

    with open_writer(paths) as con:
        added = load_run(con, staging_dir, run, after_load=detect)
    return added, kinds


def prune_crawl_files(run_dir: Path) -> None:
    """Delete a loaded run's working files: the warehouse holds everything they carried (the
    crawl's stats are in `runs.crawl_stats`), and a re-check of an unchanged web should not
    grow the data folder by a feed of every body it fetched."""
    shutil.rmtree(run_dir, ignore_errors=True)


@task(retries=3, retry_delay_seconds=5)
def publish_for_analysts(paths: WarehousePaths) -> Path:
    return publish(paths)


@task(retries=1, retry_delay_seconds=5)
def summarise_run(published: Path, run: RunRecord, clinics: int) -> Report:
    return read_report(
        published,
        [run.run_id],
        title=f"Monitor run {run.run_id}",
        period=(
            f"Logical date {run.logical_date:%Y-%m-%d %H:%M %Z}; targets `{run.targets_file}`; "
            f"{clinics} clinics" + (f"; label: {run.label}" if run.label else "")
        ),
    )


@flow(name="monitor", log_prints=True)
def monitor(params: MonitorParams | None = None) -> State[dict[str, Any]]:
    """Crawl every clinic in the targets file, store each fetch and each new page version,
    record what changed, and report it. Clinics that fail are listed; the run still completes."""
    params = params or MonitorParams()
    logger = get_run_logger()
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    paths = WarehousePaths(Path(params.data_dir))
    run_dir = paths.crawls / run_id

    targets = read_targets(params.targets, params.clinics)
    logger.info("run %s: %d clinics from %s", run_id, len(targets), params.targets)
    rules = check_vocabulary()
    logger.info("extraction rules %s", rules)
    if params.sample_edition is not None:
        switch_sample_web(params.targets, targets, params.sample_edition)
    with warehouse_writer(paths):
        known = read_known_pages(paths, targets, run_dir / "validators.json")
    run = RunRecord(
        run_id=run_id,
        flow_run_id=str(flow_run.get_id() or ""),
        started_at=started,
        logical_date=params.logical_date or started,
        label=params.label,
        targets_file=params.targets,
        params=params.model_dump(mode="json"),
        extractor_version=rules,
    )
    try:
        result, staged = crawl_and_stage(params.targets, targets, run_dir, known, params, run)
        run.crawl_stats = result.stats
        with warehouse_writer(paths):
            run.finished_at = datetime.now(UTC)
            added, change_kinds = load_and_detect_changes(paths, run_dir / "staging", run)
            if not params.keep_crawl_files:
                prune_crawl_files(run_dir)
            published = publish_for_analysts(paths)
    except BaseException:
        if run_dir.exists():
            logger.error(
                "run %s failed; its crawl working files (feed, Scrapy log, staged load files) "
                "are kept in %s",
                run_id,
                run_dir,
            )
        raise
    summary = summarise_run(published, run, len(targets))
    notes = [alerts.send_alerts(summary, params.alerts)]
    publish_report_artifacts(summary, notes, report_key="monitor-report")

    report = MonitorReport(
        run_id=run_id,
        logical_date=run.logical_date.isoformat(),
        clinics=len(targets),
        fetches=staged.fetches,
        outcomes=staged.outcomes,
        new_bodies=added["bodies"],
        new_texts=added["page_texts"],
        added_rows=added,
        changes=change_kinds,
        warehouse=str(published),
    )
    print(report.line())
    for clinic in summary.failing_clinics:
        logger.warning(
            "clinic %s is %s (%s); the other clinics were stored",
            clinic.clinic_id, clinic.state, clinic.failures,
        )  # fmt: skip
    return Completed(message=summary.status_line(), data=asdict(report))
