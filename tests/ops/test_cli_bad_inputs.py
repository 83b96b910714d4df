"""Bad input from a careless operator ends in one clear message that names the file, field or
path and what to do, with exit status 2 and no traceback, through the real `kam` command."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.extraction.vocabulary import VOCAB_DIR
from tests.paths import REPO

KAM = [sys.executable, "-m", "flows.ops.cli"]


def kam(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KAM, *args], cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def assert_clear(done: subprocess.CompletedProcess[str], *named: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output, output
    for text in named:
        assert text in output, output


def test_targets_file_not_in_utf8(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_bytes(b"clinics:\n- id: a\n  name: Caf\xe9\n  website: http://clinic.example/\n")
    assert_clear(kam("check-targets", str(targets)), str(targets), "line 3", "UTF-8")


def test_port_out_of_range(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("clinics:\n- {id: a, name: A, website: 'http://clinic.example:99999/'}\n")
    assert_clear(kam("check-targets", str(targets)), "field website", "invalid port")


def test_page_cap_of_zero() -> None:
    assert_clear(kam("monitor", "--max-pages", "0"), "--max-pages")


def test_data_folder_under_a_file() -> None:
    assert_clear(kam("monitor", "--data-dir", "/dev/null/x"), "--data-dir", "/dev/null is a file")


@pytest.mark.parametrize(
    "command", [["summary", "/etc/passwd"], ["examples", "--database", "/etc/passwd"]]
)
def test_a_file_that_is_not_a_warehouse(command: list[str]) -> None:
    assert_clear(kam(*command), "/etc/passwd cannot be opened as a DuckDB warehouse")


def test_a_missing_warehouse(tmp_path: Path) -> None:
    assert_clear(kam("summary", str(tmp_path / "none.duckdb")), "does not exist yet")


def test_a_broken_vocabulary_stops_the_run_before_any_crawl(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, vocab)
    (vocab / "offers.yaml").write_text("", encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    # Nothing listens here: if the run crawled before checking, it would record a refusal.
    targets.write_text("clinics:\n- {id: a, name: A, website: 'http://127.0.0.1:9/'}\n")
    done = kam(
        "monitor", "--targets", str(targets), "--data-dir", str(tmp_path / "data"),
        env={"KAM_VOCAB_DIR": str(vocab)},
    )  # fmt: skip
    assert_clear(done, "offers.yaml: expected a mapping of sections at the top level, found empty")
    assert not (tmp_path / "data" / "crawls").exists() or not any(
        (tmp_path / "data" / "crawls").rglob("feed.jsonl")
    )


def test_a_missing_targets_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert_clear(kam("check-targets", str(missing)), str(missing), "cannot read targets file")


def test_targets_yaml_syntax_error(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("clinics:\n- id: a\n  name: [unclosed\n")
    assert_clear(kam("check-targets", str(targets)), str(targets), "line", "not valid YAML")


def test_a_clinic_id_not_in_the_targets_file(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("clinics:\n- {id: a, name: A, website: 'https://clinic.example/'}\n")
    done = kam("monitor", "--targets", str(targets), "--clinic", "b", "--data-dir", str(tmp_path))
    assert_clear(done, "unknown clinic id(s) b", "known ids: a")


def test_a_website_that_is_not_http(tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("clinics:\n- {id: a, name: A, website: 'ftp://clinic.example/'}\n")
    assert_clear(kam("check-targets", str(targets)), "field website", "not an absolute http(s) URL")


def test_an_export_to_an_unknown_format(tmp_path: Path) -> None:
    from warehouse.db import connect

    database = tmp_path / "monitor.duckdb"
    connect(database).close()
    done = kam("export", "claims", str(tmp_path / "claims.txt"), "--database", str(database))
    assert_clear(done, "claims.txt: use a .parquet or .csv")


def test_real_sites_without_a_contact_address_are_not_crawled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused while the crawler starts, before any name is resolved or request sent.
    from crawlers.run import CrawlError, finish_scrapy, start_scrapy

    monkeypatch.delenv("KAM_CONTACT_URL", raising=False)
    targets = tmp_path / "targets.yaml"
    targets.write_text("clinics:\n- {id: a, name: A, website: 'https://clinic.example/'}\n")
    with pytest.raises(CrawlError, match="Set KAM_CONTACT_URL"):
        finish_scrapy(start_scrapy(
            targets, [], tmp_path / "crawl", profile="prod", max_pages=1, max_depth=0,
            validators=None, timeout_s=120,
        ))  # fmt: skip


def _tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True, check=False,
    )  # fmt: skip
    return done.returncode == 0


def test_disk_full_while_publishing_names_the_path_and_keeps_the_run(tmp_path: Path) -> None:
    from warehouse.db import WarehousePaths, WarehouseUnavailable, open_writer, publish

    full = tmp_path / "full"
    if os.geteuid() != 0 or not _tmpfs(full, "600k"):
        pytest.skip("needs root and tmpfs to fill a real file system")
    try:
        paths = WarehousePaths(full)
        # The pipeline's own file lives on a roomy disk; only the analysts' copy is short of space.
        working = tmp_path / "pipeline"
        working.mkdir()
        (full / "pipeline").symlink_to(working)
        with open_writer(paths) as con:
            con.execute(
                "CREATE TABLE filler AS SELECT repeat('x', 1000) || i AS v FROM range(20000) t(i)"
            )
        with pytest.raises(
            WarehouseUnavailable, match=r"publishing .*monitor\.duckdb failed"
        ) as failed:
            publish(paths)
        assert "No space left on device" in str(failed.value)
        assert paths.working.exists()
        assert not list(full.glob(".monitor.duckdb.*.tmp"))
    finally:
        subprocess.run(["umount", str(full)], check=False)


def test_a_read_only_data_folder_says_so_without_a_damage_hint(tmp_path: Path) -> None:
    from warehouse.db import WarehousePaths, WarehouseUnavailable, open_writer

    folder = tmp_path / "ro"
    if os.geteuid() != 0 or not _tmpfs(folder, "1m"):
        pytest.skip("needs root and tmpfs for a real read-only file system")
    try:
        (folder / "pipeline").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(WarehouseUnavailable) as failed, open_writer(WarehousePaths(folder)):
            pass
        message = str(failed.value)
        assert "Read-only file system" in message and "write access" in message
        assert "damaged" not in message
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_warehouse_connections_never_download_extensions(tmp_path: Path) -> None:
    from warehouse.db import WarehousePaths, connect, open_writer

    with open_writer(WarehousePaths(tmp_path)) as con:
        writer = con.execute(
            "SELECT current_setting('autoload_known_extensions'), "
            "current_setting('autoinstall_known_extensions')"
        ).fetchone()
    with connect(WarehousePaths(tmp_path).working, read_only=True) as con:
        reader = con.execute(
            "SELECT current_setting('autoload_known_extensions'), "
            "current_setting('autoinstall_known_extensions')"
        ).fetchone()
    assert writer == reader == (False, False)


def test_unknown_prefect_server_mode() -> None:
    done = kam("monitor", env={"KAM_PREFECT_SERVER": "sometimes", "PREFECT_API_URL": ""})
    assert_clear(done, "KAM_PREFECT_SERVER='sometimes'", "keep, temporary")
