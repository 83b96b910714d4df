"""The one write path into the warehouse's tables: rows are written as JSON lines, read back
typed by the table they go to, and inserted by that table's load statement. A crawl's pages,
a back-fill's extraction and a run's changes all take it.

The column contract is the table itself (its migration): staged files are read with the
table's column names and types, less the columns the load statement fills in, plus the few a
file carries for the load to transform. So a new column is a migration, the code that fills
it, and its line in SCHEMA.md."""

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb

from warehouse.db import sql

# Identifiers below come from this module's own table list, never from input.
# A view unless the load rewrites the staged rows: each load statement then streams the file,
# so a run's rows are not all held in memory at once (temporary tables of an 800-site run took
# ~400 MB before the inserts). Views take no parameters, hence the literals.
_STAGE = (
    "CREATE OR REPLACE TEMP {kind} stg_{table} AS "
    "SELECT * FROM read_json({path}, format = 'newline_delimited', columns = {columns})"
)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Staged:
    table: str
    # Columns the load statement fills (the run, first/last seen), not the staged file.
    filled_by_load: frozenset[str] = frozenset()
    # Columns a file carries only for the load to transform, with their types.
    extra: dict[str, str] = field(default_factory=dict)
    # The load updates the staged rows before inserting them (bodies become deltas), so they
    # are read into a temporary table.
    rewritten: bool = False


STAGED = {
    s.table: s
    for s in (
        Staged("clinics", frozenset({"first_run_id", "last_run_id"})),
        Staged("observations", frozenset({"run_id"}), {"path": "VARCHAR"}),
        Staged(
            "bodies", frozenset({"first_run_id", "data"}), {"data_b64": "VARCHAR"}, rewritten=True
        ),
        Staged("page_texts"),
        Staged("claims"),
        Staged("offers"),
        Staged("page_facts"),
        Staged("changes"),
        Staged("clinic_states"),
        Staged("lineages"),
        Staged("claim_templates"),
    )
}
# What a crawl stages, in load order.
STAGED_FILES = ("clinics", "observations", "bodies", "page_texts", "claims", "offers", "page_facts")


def write_row(out: IO[str], row: dict[str, Any]) -> None:
    out.write(json.dumps(row, default=str) + "\n")


def staged_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Names and types of the columns a staged file of `table` carries."""
    contract = STAGED[table]
    rows = con.execute(sql("queries", "table_columns.sql"), {"table": table}).fetchall()
    columns = {name: kind for name, kind in rows if name not in contract.filled_by_load}
    return columns | contract.extra


def stage(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Make the staged file the view stg_<table> the load statements read; the file must stay
    until they have run."""
    columns = staged_columns(con, table)
    struct = ", ".join(f"{_literal(name)}: {_literal(kind)}" for name, kind in columns.items())
    con.execute(
        _STAGE.format(
            kind="TABLE" if STAGED[table].rewritten else "VIEW",
            table=STAGED[table].table,
            path=_literal(str(path)),
            columns="{" + struct + "}",
        )
    )


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], statement: str
) -> None:
    """Insert rows made outside a crawl through the same staged path: written, staged, then
    `statement` (a load statement reading stg_<table>)."""
    if not rows:
        return
    with tempfile.TemporaryDirectory(prefix="kam-rows-") as tmp:
        path = Path(tmp) / f"{table}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                write_row(out, row)
        stage(con, table, path)
        con.execute(statement)
