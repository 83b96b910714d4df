"""The warehouse writer lock: one writer at a time, and a writer killed with -9 never blocks the
next run, which proceeds at once and says so."""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.writer_slot import lock_path, warehouse_writer
from warehouse.db import WarehousePaths, WarehouseUnavailable

REPO = Path(__file__).resolve().parents[1]
HOLD = """
import sys, time
from pathlib import Path
from flows.writer_slot import warehouse_writer
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
