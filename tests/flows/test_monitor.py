"""The monitor flow end to end: sample web over HTTP, Prefect, a real DuckDB file."""

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

import flows.monitor
from crawlers.targets import TargetsError
from flows.monitor import monitor
from flows.params import MonitorParams
from sampleweb.server import SampleWeb
from warehouse.bodies import read_bodies
from warehouse.db import WarehousePaths, open_writer
from warehouse.load import LoadError, RunRecord, load_run

pytestmark = pytest.mark.slow

TABLES = (
    "runs", "clinics", "pages", "observations", "bodies", "page_texts",
    "claims", "offers", "page_facts",
)  # fmt: skip


def run(targets: Path, data_dir: Path, **kwargs: Any) -> dict[str, Any]:
    params = MonitorParams(
        targets=str(targets), data_dir=str(data_dir), crawl_profile="test", max_pages=25, **kwargs
    )
    return monitor(params)


def counts(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def history(
    prefect_server: None,
    sample_web: SampleWeb,
    targets_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """Two runs of edition 1, the second with nothing changed on the server."""
    sample_web.set_edition(1)
    data = tmp_path_factory.mktemp("warehouse")
    first = run(targets_file, data, logical_date=datetime(2025, 12, 1, 6, tzinfo=UTC))
    after_first = counts(WarehousePaths(data).published)
    # Kept so that the tests below can load the run's staged files again.
    second = run(
        targets_file, data, logical_date=datetime(2025, 12, 2, 6, tzinfo=UTC), keep_crawl_files=True
    )
    return {"data": data, "first": first, "second": second, "after_first": after_first}


def published(history: dict[str, Any]) -> Path:
    return WarehousePaths(history["data"]).published


def test_first_run_stores_every_clinic_and_fetch(history: dict[str, Any]) -> None:
    after = history["after_first"]
    assert after["runs"] == 1
    assert after["clinics"] == 8
    assert after["observations"] == history["first"]["fetches"] > 80


def test_failures_are_observations_too(history: dict[str, Any]) -> None:
    outcomes = {
        row[0]
        for row in query(
            published(history), "SELECT DISTINCT outcome FROM observations WHERE run_id = ?",
            history["first"]["run_id"],
        )
    }  # fmt: skip
    assert {"ok", "http_error", "robots_disallowed", "timeout", "too_large"} <= outcomes


def test_bodies_are_compressed_and_addressed_by_hash(history: dict[str, Any]) -> None:
    rows = query(
        published(history), "SELECT body_sha256, byte_size, compressed_size, data FROM bodies"
    )
    with duckdb.connect(str(published(history)), read_only=True) as con:
        bodies = read_bodies(con, [r[0] for r in rows])
    for sha, size, packed_size, data in rows:
        body = bodies[sha]
        assert hashlib.sha256(body).hexdigest() == sha
        assert len(body) == size and len(data) == packed_size
    total_raw = sum(r[1] for r in rows)
    total_packed = sum(r[2] for r in rows)
    assert total_packed < total_raw * 0.6


def test_unchanged_recheck_stores_its_new_bodies_as_small_deltas(history: dict[str, Any]) -> None:
    rows = query(
        published(history),
        """SELECT b.compression, b.compressed_size, base.compression, base.compressed_size
           FROM bodies b LEFT JOIN bodies base ON base.body_sha256 = b.base_sha256
           WHERE b.first_run_id = ?""",
        history["second"]["run_id"],
    )
    # Session tokens and a rotating testimonial: every new version is a delta against the
    # page's version of the first run, a body stored on its own.
    assert rows and {(r[0], r[2]) for r in rows} == {("zstd-delta", "zstd")}
    assert sum(r[1] for r in rows) * 10 < sum(r[3] for r in rows)


def test_a_loaded_run_leaves_no_crawl_files_unless_asked(history: dict[str, Any]) -> None:
    crawls = WarehousePaths(history["data"]).crawls
    assert not (crawls / history["first"]["run_id"]).exists()
    kept = crawls / history["second"]["run_id"]
    assert (kept / "feed.jsonl").is_file() and (kept / "staging" / "bodies.jsonl").is_file()


def test_a_run_whose_load_fails_keeps_its_crawl_files(
    prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    def failing_load(*args: Any, **kwargs: Any) -> dict[str, int]:
        raise LoadError("load step 08_insert_observations.sql failed for run x: disk full")

    monkeypatch.setattr(flows.monitor, "load_run", failing_load)
    monkeypatch.setattr(
        flows.monitor,
        "load_and_detect_changes",
        flows.monitor.load_and_detect_changes.with_options(retries=0),
    )
    data = tmp_path / "data"
    state = monitor(
        MonitorParams(targets=str(targets_file), data_dir=str(data), clinics=["northstar"],
                      crawl_profile="test", max_pages=5),
        return_state=True,
    )  # fmt: skip
    assert state.is_failed() and "disk full" in (state.message or "")
    (run_dir,) = WarehousePaths(data).crawls.iterdir()
    assert (run_dir / "feed.jsonl").stat().st_size > 0
    assert (run_dir / "staging" / "observations.jsonl").is_file()
    assert f"crawl working files (feed, Scrapy log, staged load files) are kept in {run_dir}" in (
        caplog.text
    )


def test_each_html_version_has_cleaned_text(history: dict[str, Any]) -> None:
    missing = query(
        published(history),
        """SELECT o.requested_url FROM observations o
           LEFT JOIN page_texts t USING (body_sha256)
           WHERE o.outcome = 'ok' AND o.content_type LIKE 'text/html%' AND t.body_sha256 IS NULL""",
    )
    assert missing == []
    titles = query(published(history), "SELECT count(*) FROM page_texts WHERE title IS NOT NULL")
    assert titles[0][0] > 50


def test_recrawl_of_unchanged_site_uses_304_and_adds_few_bodies(history: dict[str, Any]) -> None:
    second = history["second"]
    assert second["outcomes"].get("not_modified", 0) > 40
    # Only pages that differ on every request are new: home pages (rotating testimonial) and
    # contact pages (session token), the latter also reached through a redirect.
    dynamic = query(
        published(history),
        """SELECT count(*) FROM observations WHERE run_id = ? AND outcome = 'ok'
           AND regexp_extract(final_url, '^https?://[^/]+(/.*)$', 1) IN ('/', '/contact/')""",
        second["run_id"],
    )[0][0]
    assert 0 < second["new_bodies"] <= dynamic
    assert second["added_rows"]["observations"] == second["fetches"]


def test_not_modified_points_at_the_stored_version(history: dict[str, Any]) -> None:
    rows = query(
        published(history),
        """SELECT count(*), count(b.body_sha256) FROM observations o
           LEFT JOIN bodies b USING (body_sha256)
           WHERE o.outcome = 'not_modified'""",
    )
    total, resolved = rows[0]
    assert total > 0 and total == resolved


def test_observed_at_follows_the_logical_date(history: dict[str, Any]) -> None:
    days = query(
        published(history),
        "SELECT DISTINCT strftime(observed_at AT TIME ZONE 'UTC', '%Y-%m-%d') "
        "FROM observations ORDER BY 1",
    )
    assert [d[0] for d in days] == ["2025-12-01", "2025-12-02"]


def test_page_versions_view_spans_both_runs(history: dict[str, Any]) -> None:
    rows = query(
        published(history),
        "SELECT observations FROM page_versions WHERE url LIKE '%/faq/' ORDER BY clinic_id",
    )
    assert rows and all(r[0] == 2 for r in rows)


def test_reloading_a_run_adds_nothing(history: dict[str, Any]) -> None:
    paths = WarehousePaths(history["data"])
    run_id = history["second"]["run_id"]
    with open_writer(paths) as con:
        before = con.execute("SELECT count(*) FROM observations").fetchone()
        stored = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchone()
        assert stored is not None
        record = RunRecord(run_id=run_id, started_at=stored[2], logical_date=stored[4])
        added = load_run(con, paths.crawls / run_id / "staging", record)
        after = con.execute("SELECT count(*) FROM observations").fetchone()
    assert set(added.values()) == {0}
    assert before == after


def test_failing_load_leaves_the_warehouse_unchanged(
    history: dict[str, Any], tmp_path: Path
) -> None:
    paths = WarehousePaths(history["data"])
    staging = tmp_path / "staging"
    shutil.copytree(paths.crawls / history["second"]["run_id"] / "staging", staging)
    # A valid-looking file whose last row breaks a NOT NULL rule, after all other steps ran.
    with (staging / "observations.jsonl").open("a") as handle:
        handle.write('{"observation_id": "x", "page_id": "p", "requested_url": "http://x/", '
                     '"observed_at": "2025-12-03T00:00:00Z", "fetched_at": "2025-12-03T00:00:00Z", '
                     '"outcome": "ok", "clinic_id": null}\n')  # fmt: skip
    (staging / "bodies.jsonl").write_text(
        '{"body_sha256": "new", "byte_size": 1, "compression": "zstd", "compressed_size": 1, '
        '"data_b64": "AA=="}\n'
    )
    now = datetime.now(UTC)
    with open_writer(paths) as con:
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in TABLES}
        # Steps 01-04 (deletes, clinics) have written by the time step 05 fails.
        with pytest.raises(LoadError, match=r"load step 05_insert_pages.sql failed for run doomed"):
            load_run(con, staging, RunRecord(run_id="doomed", started_at=now, logical_date=now))
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in TABLES}
        doomed = con.execute("SELECT count(*) FROM runs WHERE run_id = 'doomed'").fetchone()
    assert before == after
    assert doomed == (0,)


def test_bad_targets_file_stops_before_any_crawl(
    prefect_server: None, web: SampleWeb, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("clinics:\n  - id: Bad Id\n    name: X\n    website: ftp://x\n")
    with pytest.raises(TargetsError, match=r"bad.yaml: invalid targets file"):
        run(bad, tmp_path / "data")
    assert web.log == []
    assert not (tmp_path / "data").exists()


def test_claims_and_offers_land_beside_the_snapshots(history: dict[str, Any]) -> None:
    rows = query(
        published(history),
        """SELECT count(*),
                  count(*) FILTER (WHERE substr(t.text, c.span_start + 1,
                                                c.span_end - c.span_start) = c.evidence)
           FROM claims c JOIN page_texts t USING (body_sha256)""",
    )
    total, exact = rows[0]
    assert total > 300 and exact == total
    offers = query(published(history), "SELECT count(DISTINCT type) FROM offers")
    assert offers[0][0] >= 8


def test_extraction_runs_once_per_page_version(history: dict[str, Any]) -> None:
    second = history["second"]
    # Only the few bodies that changed between the two runs were extracted again.
    assert second["added_rows"]["page_facts"] == second["new_texts"]
    duplicates = query(
        published(history),
        "SELECT count(*) FROM (SELECT body_sha256, extractor_version FROM page_facts "
        "GROUP BY ALL HAVING count(*) > 1)",
    )
    assert duplicates == [(0,)]


def test_every_extracted_row_records_its_extractor_version(history: dict[str, Any]) -> None:
    versions = query(published(history), "SELECT DISTINCT extractor_version FROM claims")
    assert len(versions) == 1 and "/vocab-" in versions[0][0]


def test_clinic_facts_summarise_each_site(history: dict[str, Any]) -> None:
    rows = dict(
        query(
            published(history),
            "SELECT clinic_id, discloses_risk_anywhere FROM clinic_facts ORDER BY clinic_id",
        )
    )
    assert len(rows) == 8
    assert rows["harborlight"] is True
    conditions = query(
        published(history), "SELECT conditions FROM clinic_facts WHERE clinic_id = 'summit'"
    )[0][0]
    assert {"crps", "fibromyalgia"} <= set(conditions)


def test_comparable_text_drops_footer_noise(history: dict[str, Any]) -> None:
    rows = query(
        published(history),
        "SELECT text, comparable_text FROM page_texts "
        "WHERE text LIKE '%last reviewed 2025%' LIMIT 1",
    )
    text, comparable = rows[0]
    assert "2025-12-01" in text and "2025-12-01" not in comparable
