"""Reprocessing: new rules re-read stored versions without crawling, and report no changes."""

from pathlib import Path

import duckdb
import pytest

import flows.extraction.extract
from flows.monitor import monitor
from flows.params import MonitorParams
from flows.reprocess import ReprocessParams, reprocess
from sampleweb.server import SampleWeb
from warehouse.db import WarehousePaths

pytestmark = pytest.mark.slow


def test_new_rules_add_a_version_and_no_changes(
    prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    data = tmp_path / "data"
    params = MonitorParams(
        targets=str(targets_file), clinics=["northstar", "clearpath"], data_dir=str(data),
        crawl_profile="test", max_pages=12,
    )  # fmt: skip
    monitor(params)
    monkeypatch.setattr(flows.extraction.extract, "EXTRACTOR_CODE_VERSION", "2099.1.1")
    result = reprocess(ReprocessParams(data_dir=str(data)))
    assert result["page_versions"] > 10
    second = monitor(params)  # same pages, read with the new rules on both sides
    with duckdb.connect(str(WarehousePaths(data).published), read_only=True) as con:
        versions = con.execute("SELECT count(DISTINCT extractor_version) FROM claims").fetchone()
        changes = con.execute(
            "SELECT count(*) FROM changes WHERE run_id = ?", [second["run_id"]]
        ).fetchone()
    assert versions == (2,)  # the old reading is kept beside the new one
    assert changes == (0,)
