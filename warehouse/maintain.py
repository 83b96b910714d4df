"""The folded history the analysts' timelines read (migration 009), kept up to date inside
each load's transaction.

Folding every stored check on every query grows with the number of checks (millions a year);
these tables grow with page versions and sentences instead. A load touches only what its run
saw: its clinics' per-run check summary, the page versions it saw (merged with what was
folded before) and the sentences of those versions. A re-load, or a page version whose
current reading moves (new extraction rules), cannot be merged, so the clinics it concerns
are folded again from their sightings. The all-history definitions are the macros in
views/12_folded_history.sql; warehouse/sql/maintain/rebuild.sql fills the tables from them."""

import re
from typing import Any

import duckdb

from warehouse.db import sql

_PARAM = re.compile(r"\$([a-z_]+)")
# Statements in these scripts end at a semicolon that ends a line.
_END = re.compile(r";[ \t]*\n")


def run_script(
    con: duckdb.DuckDBPyConnection, name: str, values: dict[str, Any] | None = None
) -> None:
    """Run warehouse/sql/maintain/<name> statement by statement, each given only the
    parameters it names (DuckDB rejects unused ones)."""
    values = values or {}
    for statement in _END.split(sql("maintain", name) + "\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if body.strip():
            names = set(_PARAM.findall(body))
            con.execute(body, {n: values[n] for n in names})


def begin_run(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Before the load replaces the run's rows: note what a re-load must fold again. Returns
    whether the run was stored already."""
    run_script(con, "begin_run.sql")
    stored = con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchone()
    reloaded = stored is not None and stored[0] > 0
    if reloaded:
        run_script(con, "unload_run.sql", {"run_id": run_id})
    return reloaded


def fold_run(con: duckdb.DuckDBPyConnection, run_id: str, reloaded: bool) -> None:
    """After the load statements: fold the run's staged checks into the per-run summary and
    the version sightings."""
    run_script(con, "fold_run.sql", {"run_id": run_id})
    run_script(con, "refold_sightings.sql" if reloaded else "merge_sightings.sql")


def refresh_sentences(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> None:
    """After change detection (or a change of extractor version, when `run_id` is None):
    bring sentence_history up to date."""
    if run_id is None:
        run_script(con, "begin_run.sql")
    run_script(con, "refresh_sentences.sql", {"run_id": run_id})


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Fill every maintained table from the stored history (once, after migration 009)."""
    run_script(con, "rebuild.sql")
