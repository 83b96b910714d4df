"""Bad input from a careless operator ends in one clear message that names the file, field or
path and what to do, with exit status 2 and no traceback, through the real `kam` command."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.vocabulary import VOCAB_DIR

REPO = Path(__file__).resolve().parents[1]
KAM = [sys.executable, "-m", "flows.cli"]


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
