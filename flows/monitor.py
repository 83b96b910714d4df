"""The monitor flow: crawl the clinics, clean what came back, load it, publish it."""

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from crawlers.targets import Target, is_loopback, load_targets
from flows.changes import detect_changes, store_changes
from flows.clean import CLEANER_VERSION
from flows.crawl import CrawlResult, run_scrapy
from flows.extract import extractor_version
from flows.params import MonitorParams
from flows.stage import StageSummary, stage_feed
from flows.vocabulary import load_vocabulary
from warehouse.db import WarehousePaths, open_writer, publish, sql
from warehouse.load import RunRecord, load_run


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


@task(retries=2, retry_delay_seconds=5)
def export_validators(paths: WarehousePaths, targets: list[Target], out: Path) -> Path:
    """Last ETag / Last-Modified per URL, so the crawl can ask for changes only."""
    with open_writer(paths) as con:
        rows = con.execute(
            sql("queries", "validators.sql"), {"clinic_ids": [t.id for t in targets]}
        ).fetchall()
    known = {
        url: {"etag": etag, "last_modified": lm, "body_sha256": sha, "links": links or []}
        for url, etag, lm, sha, links in rows
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(known), encoding="utf-8")
    return out


# Not retried: a repeated crawl would hit every site twice; the next scheduled run is the retry.
@task(retries=0)
def crawl(
    targets_file: str, targets: list[Target], out_dir: Path, validators: Path, params: MonitorParams
) -> CrawlResult:
    profile = params.crawl_profile
    if profile == "auto":
        profile = "sample" if all(is_loopback(t.website) for t in targets) else "prod"
    result = run_scrapy(
        Path(targets_file),
        [t.id for t in targets],
        out_dir,
        profile=profile,
        max_pages=params.max_pages,
        max_depth=params.max_depth,
        validators=validators,
        timeout_s=params.crawl_timeout_s,
    )
    get_run_logger().info(
        "crawl finished: %s responses, %s records, reason %s",
        result.responses,
        result.stats.get("item_scraped_count", 0),
        result.stats.get("finish_reason"),
    )
    return result


@task(retries=1, retry_delay_seconds=5)
def stage(
    result: CrawlResult,
    out_dir: Path,
    run: RunRecord,
    targets: list[Target],
    validators: Path,
    paths: WarehousePaths,
) -> StageSummary:
    with open_writer(paths) as con:
        known_bodies = {r[0] for r in con.execute("SELECT body_sha256 FROM bodies").fetchall()}
        known_texts = {
            r[0]
            for r in con.execute(
                "SELECT body_sha256 FROM page_texts WHERE cleaner_version = ?", [CLEANER_VERSION]
            ).fetchall()
        }
    known = json.loads(validators.read_text(encoding="utf-8"))
    return stage_feed(result.feed, out_dir, run, targets, known, known_bodies, known_texts)


@task(retries=2, retry_delay_seconds=10)
def load_and_detect_changes(
    paths: WarehousePaths, staging_dir: Path, run: RunRecord
) -> tuple[dict[str, int], dict[str, int]]:
    """Load the run and record what changed since each clinic's previous run, in one
    transaction."""
    kinds: dict[str, int] = {}

    def detect(con: Any) -> None:
        changes = detect_changes(con, run.run_id)
        store_changes(con, run.run_id, changes, extractor_version(load_vocabulary()))
        for change in changes:
            kinds[change.kind] = kinds.get(change.kind, 0) + 1

    with open_writer(paths) as con:
        added = load_run(con, staging_dir, run, after_load=detect)
    return added, kinds


@task(retries=3, retry_delay_seconds=5)
def publish_for_analysts(paths: WarehousePaths) -> Path:
    return publish(paths)


@flow(name="monitor", log_prints=True)
def monitor(params: MonitorParams | None = None) -> dict[str, Any]:
    """Crawl every clinic in the targets file, store each fetch and each new page version."""
    params = params or MonitorParams()
    logger = get_run_logger()
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    paths = WarehousePaths(Path(params.data_dir))
    run_dir = paths.crawls / run_id

    targets = read_targets(params.targets, params.clinics)
    logger.info("run %s: %d clinics from %s", run_id, len(targets), params.targets)
    validators = export_validators(paths, targets, run_dir / "validators.json")
    result = crawl(params.targets, targets, run_dir, validators, params)

    run = RunRecord(
        run_id=run_id,
        flow_run_id=str(flow_run.get_id() or ""),
        started_at=started,
        logical_date=params.logical_date or started,
        label=params.label,
        targets_file=params.targets,
        params=params.model_dump(mode="json"),
        crawl_stats=result.stats,
    )
    staged = stage(result, run_dir / "staging", run, targets, validators, paths)
    run.finished_at = datetime.now(UTC)
    added, change_kinds = load_and_detect_changes(paths, run_dir / "staging", run)
    published = publish_for_analysts(paths)

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
    return asdict(report)
