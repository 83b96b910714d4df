"""Export a table or view of the published warehouse to Parquet or CSV."""

from pathlib import Path

from warehouse.db import connect

FORMATS = {".parquet": "(FORMAT parquet, COMPRESSION zstd)", ".csv": "(FORMAT csv, HEADER true)"}


class ExportError(ValueError):
    pass


def export_relation(database: Path, name: str, out: Path) -> int:
    if not database.exists():
        raise ExportError(f"{database} does not exist; run `kam monitor` or `kam demo` first.")
    options = FORMATS.get(out.suffix.lower())
    if options is None:
        raise ExportError(f"{out}: use a .parquet or .csv file name.")
    with connect(database, read_only=True) as con:
        known = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if name not in known:
            raise ExportError(
                f"{database} has no table or view {name!r}; it has: {', '.join(sorted(known))}."
            )
        count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        out.parent.mkdir(parents=True, exist_ok=True)
        target = str(out).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' {options}")
    return int(count[0]) if count else 0
