"""An analyst holding the database open must not break a run, and sees it on reconnecting."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.monitor import monitor
from flows.params import MonitorParams
from sampleweb.server import SampleWeb
from warehouse.db import WarehousePaths, WarehouseUnavailable, open_writer

pytestmark = pytest.mark.slow

# A second process, as a notebook or the DuckDB CLI would be: open, query, wait, query again.
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
print(con.execute("SELECT count(*) FROM runs").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM runs").fetchone()[0], flush=True)
"""


def run(targets: Path, data: Path) -> None:
    monitor(
        MonitorParams(
            targets=str(targets), clinics=["northstar", "summit"], data_dir=str(data),
            crawl_profile="test", max_pages=10,
        )
    )  # fmt: skip


@pytest.mark.parametrize("mode", ["read_only", "read_write"])
def test_open_analyst_session_does_not_block_a_run(
    mode: str, prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    paths = WarehousePaths(tmp_path / "data")
    run(targets_file, paths.data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.published), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "1"

        run(targets_file, paths.data_dir)  # must neither fail nor wait for the analyst

        holder.stdin.write("\n")
        holder.stdin.flush()
        # The open session keeps the consistent state it opened...
        assert holder.stdout.readline().strip() == "1"
        assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()
    # ...and a new session sees the new run.
    with duckdb.connect(str(paths.published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)


def test_someone_holding_the_pipeline_file_gets_a_clear_error(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    with open_writer(paths):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.replace("SELECT count(*) FROM runs", "SELECT 1"),
         str(paths.working), "read_write"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        holder.stdout.readline()
        with (
            pytest.raises(
                WarehouseUnavailable, match=r"locked by another process.*monitor\.duckdb"
            ),
            open_writer(paths, wait_s=0.5),
        ):
            pass
    finally:
        holder.kill()
