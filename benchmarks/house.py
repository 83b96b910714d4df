"""How many warehouse statements does a monitor run issue, and do they grow with the clinics?

Runs the monitor flow in this process on the sample web with 8 clinics, then on ten copies of
it (80 clinics on 80 listeners): a first run (the baseline) and a second run on the next
edition (compared with the first). Every DuckDB connection the pipeline opens is wrapped to
count the statements it executes; change detection's own statements (reading states, diffing,
storing changes and clinic states) are counted apart. Also counted: how often the pipeline's
writer file is opened, and how often the views are re-created.

Run from the repo root:  .venv/bin/python benchmarks/house.py
"""

import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import yaml

from flows.ops import runtime

runtime.configure()

import duckdb  # noqa: E402
from prefect import flow  # noqa: E402

import flows.monitor as monitor_module  # noqa: E402
import warehouse.db as db  # noqa: E402
from flows.params import MonitorParams  # noqa: E402
from sampleweb.model import base_clinics  # noqa: E402
from sampleweb.server import SampleWeb  # noqa: E402
from warehouse.db import WarehousePaths  # noqa: E402

COUNTS: Counter[str] = Counter()
IN_DETECTION = [False]


class CountedConnection:
    """A DuckDB connection that counts what it executes."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, *args: Any, **kwargs: Any) -> "CountedConnection":
        COUNTS["statements"] += 1
        if IN_DETECTION[0]:
            COUNTS["detection"] += 1
        self._con.execute(*args, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __enter__(self) -> "CountedConnection":
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()


def instrument(working_files: set[str]) -> None:
    real_connect = duckdb.connect
    real_refresh = db._refresh_views

    def connect(database: Any = ":memory:", *args: Any, **kwargs: Any) -> Any:
        if str(database) in working_files and not kwargs.get("read_only"):
            COUNTS["writer_opens"] += 1
        return CountedConnection(real_connect(database, *args, **kwargs))

    def refresh(con: Any) -> bool:
        recreated = real_refresh(con)
        COUNTS["views_recreated"] += recreated
        return recreated

    def counted(step: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            IN_DETECTION[0] = True
            try:
                return step(*args, **kwargs)
            finally:
                IN_DETECTION[0] = False

        return run

    duckdb.connect = connect  # type: ignore[assignment]
    db._refresh_views = refresh  # type: ignore[assignment]
    monitor_module.detect_changes = counted(monitor_module.detect_changes)  # type: ignore[assignment]
    monitor_module.store_detection = counted(monitor_module.store_detection)  # type: ignore[assignment]


def targets_for(webs: list[SampleWeb], path: Path) -> Path:
    """One clinic per listener; the copies of the sample web get ids with their copy number."""
    clinics = [
        {
            "id": c.id if len(webs) == 1 else f"{c.id}-{n}",
            "name": c.name,
            "website": web.url(c.id),
            "location": {"city": c.city, "region": c.region, "country": c.country},
        }
        for n, web in enumerate(webs)
        for c in base_clinics().values()
    ]
    path.write_text(yaml.safe_dump({"version": 1, "clinics": clinics}), encoding="utf-8")
    return path


@flow
def warm_up() -> None:
    """Start Prefect's embedded server before anything is counted."""


def measure(copies: int, tmp: Path, working_files: set[str]) -> list[dict[str, Any]]:
    rows = []
    with ExitStack() as stack:
        webs = [stack.enter_context(SampleWeb()) for _ in range(copies)]
        targets = targets_for(webs, tmp / f"targets-{copies}.yaml")
        paths = WarehousePaths(tmp / f"data-{copies}")
        working_files.add(str(paths.working))
        for number, what in ((1, "baseline"), (2, "compared")):
            for web in webs:
                web.set_edition(number)
            COUNTS.clear()
            started = time.perf_counter()
            state = monitor_module.monitor(
                MonitorParams(targets=str(targets), data_dir=str(paths.data_dir)),
                return_state=True,
            )
            seconds = time.perf_counter() - started
            report = state.result()
            clinics = report["clinics"]
            rows.append({
                "clinics": clinics, "run": what, "fetches": report["fetches"],
                "changes": sum(report["changes"].values()), "statements": COUNTS["statements"],
                "detection": COUNTS["detection"], "per_clinic": COUNTS["detection"] / clinics,
                "writer_opens": COUNTS["writer_opens"],
                "views_recreated": COUNTS["views_recreated"], "seconds": seconds,
            })  # fmt: skip
    return rows


def main() -> int:
    warm_up()
    working_files: set[str] = set()
    instrument(working_files)
    with tempfile.TemporaryDirectory(prefix="kam-house-") as tmp:
        rows = measure(1, Path(tmp), working_files) + measure(10, Path(tmp), working_files)
    header = (
        f"{'clinics':>7} {'run':<9} {'fetches':>7} {'changes':>7} {'statements':>10} "
        f"{'detection':>9} {'per clinic':>10} {'writer opens':>12} {'views made':>10} "
        f"{'seconds':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['clinics']:>7} {r['run']:<9} {r['fetches']:>7} {r['changes']:>7} "
            f"{r['statements']:>10} {r['detection']:>9} {r['per_clinic']:>10.2f} "
            f"{r['writer_opens']:>12} {r['views_recreated']:>10} {r['seconds']:>7.1f}"
        )
    compared = [r for r in rows if r["run"] == "compared"]
    print(
        "\nstatements: every statement the pipeline's DuckDB connections executed during the "
        "run;\ndetection: those of change detection alone (reading states, diffing, storing);"
        "\nviews made: times the views were re-created (the first open of a new file makes them)."
    )
    print(
        "house: "
        + " ".join(
            f"{key}={','.join(fmt.format(r[src]) for r in compared)}"
            for key, src, fmt in (
                ("clinics", "clinics", "{}"),
                ("queries_per_run", "statements", "{}"),
                ("detection_queries_per_run", "detection", "{}"),
                ("queries_per_clinic", "per_clinic", "{:.2f}"),
                ("writer_opens", "writer_opens", "{}"),
                ("views_recreated", "views_recreated", "{}"),
            )
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
