"""How fast does the monitor flow crawl the sample web, how big is the warehouse per 1,000
observations, and how much cheaper is a re-crawl of an unchanged edition than the first crawl?

Run from the repo root:  .venv/bin/python benchmarks/crawl.py
"""

import sys
import tempfile
import time
from pathlib import Path

from flows.ops import runtime

runtime.configure()

from prefect import flow  # noqa: E402

from flows.monitor import monitor  # noqa: E402
from flows.params import MonitorParams  # noqa: E402
from sampleweb.model import editions  # noqa: E402
from sampleweb.server import SampleWeb  # noqa: E402
from warehouse.db import WarehousePaths, connect  # noqa: E402


def stored_body_bytes(database: Path, run_id: str) -> int:
    """Bytes of the bodies a run stored first (deltas at their stored size): unlike the blocks in
    use, not moved by how DuckDB's checkpoint re-packs the tables."""
    with connect(database, read_only=True) as con:
        row = con.execute(
            "SELECT coalesce(sum(compressed_size), 0) FROM bodies WHERE first_run_id = ?", [run_id]
        ).fetchone()
    assert row is not None
    return int(row[0])


def used_bytes(database: Path) -> int:
    """Bytes in blocks DuckDB holds data in; the file also keeps freed blocks for reuse."""
    if not database.exists():
        return 0
    with connect(database, read_only=True) as con:
        row = con.execute("SELECT block_size * used_blocks FROM pragma_database_size()").fetchone()
    assert row is not None
    return int(row[0])


@flow
def warm_up() -> None:
    """Start Prefect's embedded server before the clock runs."""


def main() -> int:
    warm_up()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kam-bench-") as tmp, SampleWeb() as web:
        targets = web.write_targets(Path(tmp) / "targets.yaml")
        paths = WarehousePaths(Path(tmp) / "data")
        plan = [(1, "first crawl"), (1, "re-crawl, unchanged")] + [
            (e.number, "edition change") for e in editions()[1:]
        ]
        for number, what in plan:
            web.set_edition(number)
            before = used_bytes(paths.published)
            file_before = paths.published.stat().st_size if paths.published.exists() else 0
            started = time.perf_counter()
            report = monitor(MonitorParams(targets=str(targets), data_dir=str(paths.data_dir)))
            seconds = time.perf_counter() - started
            after = used_bytes(paths.published)
            rows.append(
                {
                    "edition": number,
                    "what": what,
                    "fetches": report["fetches"],
                    "not_modified": report["outcomes"].get("not_modified", 0),
                    "new_bodies": report["new_bodies"],
                    "seconds": seconds,
                    "db_bytes_added": after - before,
                    "file_bytes_added": paths.published.stat().st_size - file_before,
                    "body_bytes": stored_body_bytes(paths.published, report["run_id"]),
                }
            )
        with connect(paths.published, read_only=True) as con:
            observations = con.execute("SELECT count(*) FROM observations").fetchone()[0]  # type: ignore[index]
            body_bytes = con.execute("SELECT sum(compressed_size) FROM bodies").fetchone()[0]  # type: ignore[index]
        db_size = used_bytes(paths.published)
        file_size = paths.published.stat().st_size

    header = (
        f"{'edition':>7} {'run':<22} {'fetches':>7} {'304':>5} {'new bodies':>10} "
        f"{'seconds':>8} {'pages/s':>8} {'db bytes added':>14} {'file bytes added':>16} "
        f"{'body bytes':>10}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['edition']:>7} {r['what']:<22} {r['fetches']:>7} {r['not_modified']:>5} "
            f"{r['new_bodies']:>10} {r['seconds']:>8.1f} {r['fetches'] / r['seconds']:>8.1f} "
            f"{r['db_bytes_added']:>14,} {r['file_bytes_added']:>16,} {r['body_bytes']:>10,}"
        )
    total_fetches = sum(r["fetches"] for r in rows)
    total_seconds = sum(r["seconds"] for r in rows)
    first, again = rows[0], rows[1]
    print(
        f"\nwarehouse: {db_size:,} bytes in use, file {file_size:,} bytes, for {observations} "
        f"observations ({body_bytes:,} bytes of compressed bodies)"
    )
    print(
        "crawl: "
        f"pages_per_s={total_fetches / total_seconds:.1f} "
        f"bytes_per_1k_obs={db_size / observations * 1000:.0f} "
        f"recrawl_time_ratio={again['seconds'] / first['seconds']:.2f} "
        f"recrawl_bytes_ratio={again['db_bytes_added'] / first['db_bytes_added']:.3f} "
        f"recrawl_body_bytes_ratio={again['body_bytes'] / first['body_bytes']:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
