"""Runs an operator can act on: a partial failure completes and names the clinics; a run that
cannot proceed fails at once with a message that says what to fix, and stores nothing."""

from pathlib import Path

import pytest

from flows.monitor import monitor
from flows.params import MonitorParams
from sampleweb.server import SampleWeb
from warehouse.db import WarehousePaths

pytestmark = pytest.mark.slow


def params(targets: Path, data: Path, **kwargs: object) -> MonitorParams:
    return MonitorParams(
        targets=str(targets), data_dir=str(data), crawl_profile="test", max_pages=5, **kwargs
    )  # type: ignore[arg-type]


def test_bad_targets_file_fails_the_run_naming_file_and_line(
    prefect_server: None, web: SampleWeb, tmp_path: Path
) -> None:
    bad = tmp_path / "clinics.yaml"
    bad.write_text("version: 1\nclinics:\n  - id: ok-clinic\n    name: [unclosed\n")
    state = monitor(params(bad, tmp_path / "data"), return_state=True)
    assert state.is_failed()
    assert "clinics.yaml" in (state.message or "")
    assert "line 4" in (state.message or "")
    assert web.log == []


def test_damaged_warehouse_fails_before_crawling_and_is_left_as_it_was(
    prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    paths = WarehousePaths(tmp_path / "data")
    paths.working.parent.mkdir(parents=True)
    paths.working.write_bytes(b"not a duckdb file" * 1000)
    state = monitor(params(targets_file, paths.data_dir), return_state=True)
    assert state.is_failed()
    assert str(paths.working) in (state.message or "")
    assert "move it aside" in (state.message or "")
    assert paths.working.read_bytes() == b"not a duckdb file" * 1000
    assert web.log == []


def test_sample_edition_on_real_sites_is_refused_before_any_request(
    prefect_server: None, tmp_path: Path
) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(
        "version: 1\nclinics:\n  - id: somewhere\n    name: Somewhere Clinic\n"
        "    website: https://clinic.example.org/\n"
    )
    state = monitor(params(real, tmp_path / "data", sample_edition=2), return_state=True)
    assert state.is_failed()
    assert "only applies to the bundled sample web" in (state.message or "")
    assert not (tmp_path / "data").exists()


def test_run_switches_the_sample_web_and_completes_with_the_offline_clinic_listed(
    prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = monitor(params(targets_file, data, clinics=["riverbend", "northstar"]))
    state = monitor(
        params(targets_file, data, clinics=["riverbend", "northstar"], sample_edition=4),
        return_state=True,
    )
    assert web.edition_number == 4
    assert state.is_completed()
    assert state.message is not None
    assert "1 clinic(s) failed: riverbend (unreachable)" in state.message
    report = state.result()
    assert report["run_id"] != first["run_id"]
    assert report["outcomes"]["connection_refused"] >= 1
    assert report["outcomes"]["ok"] >= 1
