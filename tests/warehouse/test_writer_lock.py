"""The warehouse writer lock: one writer at a time, and a writer killed with -9 never blocks the
next run, which proceeds at once and says so."""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sampleweb.server import SampleWeb
from tests.paths import REPO
from warehouse.db import WarehousePaths, WarehouseUnavailable
from warehouse.writer_lock import lock_path, warehouse_writer

HOLD = """
import sys, time
from pathlib import Path
from warehouse.writer_lock import warehouse_writer
from warehouse.db import WarehousePaths
with warehouse_writer(WarehousePaths(Path(sys.argv[1]))):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(data: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data), str(seconds)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_killed_writer_does_not_block_the_next_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = WarehousePaths(tmp_path)
    holder = _holder(tmp_path, 600)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    started = time.monotonic()
    with caplog.at_level(logging.INFO), warehouse_writer(paths, wait_s=30):
        waited = time.monotonic() - started
    assert waited < 5
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "ended without releasing" in warned
    assert f"pid {holder.pid}" in warned


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    holder = _holder(tmp_path, 3)
    started = time.monotonic()
    with warehouse_writer(paths, wait_s=60):
        waited = time.monotonic() - started
    holder.wait(timeout=30)
    assert waited >= 1.5
    assert '"released": true' in lock_path(paths).read_text(encoding="utf-8")


def test_a_writer_that_never_lets_go_gives_a_clear_error(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    holder = _holder(tmp_path, 600)
    try:
        with (
            pytest.raises(WarehouseUnavailable, match=f"pid {holder.pid}"),
            warehouse_writer(paths, wait_s=2),
        ):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_clean_exit_is_not_reported_as_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = WarehousePaths(tmp_path)
    with warehouse_writer(paths):
        pass
    with caplog.at_level(logging.INFO), warehouse_writer(paths):
        pass
    assert "ended without releasing" not in " ".join(r.getMessage() for r in caplog.records)


@pytest.mark.slow
def test_a_monitor_run_killed_while_writing_leaves_the_next_run_free(
    sample_web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    """The fault suite's kill matrix in small: SIGKILL to the run's whole process group right
    after staging, as the load takes the writer lock; the next run completes and says so."""
    import re

    from warehouse.db import connect

    sample_web.set_edition(1)
    command = [
        sys.executable, "-m", "flows.ops.cli", "monitor", "--targets", str(targets_file),
        "--data-dir", str(tmp_path), "--clinic", "clearpath", "--max-pages", "10",
    ]  # fmt: skip
    first = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    killed = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    assert killed.stdout is not None
    for line in killed.stdout:
        if re.search(r"Task run 'crawl_and_stage-[^']*' - Finished", line):
            break
    # The load takes the lock after staging: kill the run as soon as the lock names it.
    lock = lock_path(WarehousePaths(tmp_path))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            holder = json.loads(lock.read_text())
        except (OSError, ValueError):  # not written yet, or being rewritten
            holder = {}
        if holder.get("pid") == killed.pid and holder.get("released") is False:
            break
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    started = time.monotonic()
    after = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr[-2000:]
    assert time.monotonic() - started < 120
    assert "ended without releasing the lock" in after.stdout + after.stderr
    with connect(WarehousePaths(tmp_path).published, read_only=True) as con:
        runs = con.execute("SELECT count(*) FROM runs").fetchone()
        orphans = con.execute(
            "SELECT count(*) FROM observations o ANTI JOIN runs r USING (run_id)"
        ).fetchone()
    assert runs == (2,) and orphans == (0,)
