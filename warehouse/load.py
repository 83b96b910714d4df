"""Load one run's staged files into the warehouse in a single transaction."""

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel

from warehouse import maintain
from warehouse.bodies import check_bases, encode_deltas
from warehouse.db import sql, sql_files
from warehouse.staging import STAGED_FILES, stage

_PARAM = re.compile(r"\$([a-z_]+)")


class RunRecord(BaseModel):
    run_id: str
    flow_run_id: str | None = None
    started_at: datetime
    finished_at: datetime | None = None
    logical_date: datetime
    label: str | None = None
    targets_file: str | None = None
    params: dict[str, Any] = {}
    crawl_stats: dict[str, Any] = {}
    # The version that extracted the run's pages; it becomes the current reading.
    extractor_version: str | None = None


class LoadError(RuntimeError):
    pass


def _bind(statement: str, values: dict[str, Any]) -> dict[str, Any]:
    """DuckDB rejects unused named parameters, so pass each statement only what it names."""
    return {name: values[name] for name in set(_PARAM.findall(statement))}


def load_run(
    con: duckdb.DuckDBPyConnection,
    staging_dir: Path,
    run: RunRecord,
    after_load: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> dict[str, int]:
    """Replace everything stored for `run.run_id` with the staged files, all or nothing.
    `after_load` runs inside the same transaction (change detection), so a run is stored
    with its changes or not at all."""
    values = {
        **run.model_dump(exclude={"params", "crawl_stats", "extractor_version"}),
        "params": json.dumps(run.params, default=str),
        "crawl_stats": json.dumps(run.crawl_stats, default=str),
    }
    before = table_counts(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name in STAGED_FILES:
            path = staging_dir / f"{name}.jsonl"
            if not path.exists():
                raise LoadError(f"{path}: staged file missing; re-run the staging step.")
            stage(con, name, path)
        # Before the bodies are inserted: a new version of a known page becomes a delta.
        encode_deltas(con, run.run_id)
        reloaded = maintain.begin_run(con, run.run_id)
        for name, statement in sql_files("load"):
            try:
                con.execute(statement, _bind(statement, values))
            except duckdb.Error as exc:
                raise LoadError(f"load step {name} failed for run {run.run_id}: {exc}") from exc
        check_bases(con, run.run_id)
        maintain.fold_run(con, run.run_id, reloaded)
        if run.extractor_version:
            use_extractor_version(con, run.extractor_version, refresh=False)
        if after_load is not None:
            after_load(con)
        # Last: change detection stores lineages and may read older versions anew.
        maintain.refresh_sentences(con, run.run_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    after = table_counts(con)
    return {table: after[table] - before[table] for table in after}


def use_extractor_version(
    con: duckdb.DuckDBPyConnection, version: str, *, refresh: bool = True
) -> None:
    """Make `version` the current reading of every page version it has read, and rebuild the
    sentence timelines of the clinics whose pages now read differently. A load passes
    refresh=False: it refreshes once, after change detection."""
    con.execute(sql("queries", "use_extractor_version.sql"), {"version": version})
    if refresh:
        maintain.refresh_sentences(con)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in each of the warehouse's tables."""
    tables = (
        "runs", "clinics", "pages", "bodies", "page_texts", "observations",
        "claims", "offers", "page_facts", "changes", "clinic_states",
    )  # fmt: skip
    # Table names come from the tuple above, never from input.
    row = con.execute(
        "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    ).fetchone()
    assert row is not None
    return dict(zip(tables, row, strict=True))
