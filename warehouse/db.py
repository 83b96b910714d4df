"""Where the warehouse lives and how the pipeline opens it.

The pipeline writes to a private file that only it opens. After each successful run it copies
that file and renames the copy over the analysts' file in one atomic step. An analyst's open
session keeps reading the file it opened; a new session sees the new run. So an analyst who keeps
the database open for hours never blocks or breaks a run, and never sees half a run."""

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

SQL = Path(__file__).parent / "sql"
# DuckDB's default 256 KiB blocks give every column of every table a quarter-megabyte floor,
# which dwarfs a history of mostly small, mostly unchanged pages.
BLOCK_SIZE = 16 * 1024
# The migration that creates the tables the load maintains (warehouse/maintain.py); a
# warehouse that gets it fills them from its stored history right after.
MAINTAINED_TABLES = "009_maintained_timelines.sql"


class WarehouseUnavailable(RuntimeError):
    pass


# DuckDB would otherwise download an extension from the network the moment a query or a file
# seems to need one (seen when a non-DuckDB file sat where the warehouse should be). Nothing
# here needs one; an extension the project adds is loaded from its installed package by path.
OFFLINE: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def _denied(exc: Exception) -> bool:
    text = str(exc).lower()
    return "permission denied" in text or "read-only file system" in text


def connect(
    path: Path | str | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file (or an in-memory database) with extension downloads off. A file
    that is missing, or is not a DuckDB database, is named in the error with what to do."""
    if path is None:
        return duckdb.connect(config=OFFLINE)
    path = Path(path)
    if read_only and not path.is_file():
        raise WarehouseUnavailable(
            f"{path}: no warehouse file here. Run `kam demo` or a monitor run first, or pass the "
            "path of a published warehouse (data/monitor.duckdb)."
        )
    try:
        return duckdb.connect(str(path), read_only=read_only, config=OFFLINE)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise
        if _denied(exc):
            raise WarehouseUnavailable(
                f"{path}: this process may not write there ({exc}). Give it write access to the "
                "data folder, or choose another with --data-dir / the data_dir parameter."
            ) from exc
        raise WarehouseUnavailable(
            f"{path} cannot be opened as a DuckDB warehouse ({exc}). Check the path; a "
            "published warehouse is data/monitor.duckdb (data/demo/monitor.duckdb after the demo)."
        ) from exc
    except duckdb.Error as exc:
        raise WarehouseUnavailable(f"{path} cannot be opened as a DuckDB warehouse: {exc}") from exc


def check_data_dir(path: Path) -> Path:
    """A data folder the pipeline can create and write: the path, or the nearest part of it that
    exists, must be a writable folder. Raises ValueError naming the part that is not."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise ValueError(
            f"{path}: {probe} is a file, not a folder, so the data folder cannot be created "
            "there. Choose a folder path."
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ValueError(
            f"{path}: this process may not write in {probe}. Give it write access, or choose "
            "another data folder."
        )
    return path


@dataclass(frozen=True)
class WarehousePaths:
    data_dir: Path

    @property
    def published(self) -> Path:
        """The file analysts open (read-only by intent; replaced after every run)."""
        return self.data_dir / "monitor.duckdb"

    @property
    def working(self) -> Path:
        """The pipeline's own file; nobody else should open it."""
        return self.data_dir / "pipeline" / "monitor.duckdb"

    @property
    def crawls(self) -> Path:
        return self.data_dir / "crawls"


def sql(*parts: str) -> str:
    return SQL.joinpath(*parts).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[tuple[str, str]]:
    entries = sorted(
        (e for e in SQL.joinpath(folder).iterdir() if e.name.endswith(".sql")), key=lambda e: e.name
    )
    return [(e.name, e.read_text(encoding="utf-8")) for e in entries]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply migrations not yet applied, in file-name order; return the ones applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for name, text in sql_files("migrations"):
        if name in done:
            continue
        con.execute("BEGIN")
        con.execute(text)
        con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [name])
        con.execute("COMMIT")
        applied.append(name)
    _refresh_views(con)
    if MAINTAINED_TABLES in applied:
        # The fill reads the views' macros, so it runs once they exist.
        from warehouse import maintain

        con.execute("BEGIN")
        maintain.rebuild(con)
        con.execute("COMMIT")
    return applied


def _refresh_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Re-create the views only when their files changed since the last open (one checksum
    over all of them, kept in schema_views), so opening the warehouse costs no DDL."""
    views = sql_files("views")
    checksum = hashlib.sha256("\0".join(f"{n}\0{t}" for n, t in views).encode()).hexdigest()
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_views "
        "(checksum VARCHAR, created_at TIMESTAMPTZ DEFAULT now())"
    )
    stored = con.execute("SELECT checksum FROM schema_views").fetchone()
    if stored is not None and stored[0] == checksum:
        return False
    con.execute("BEGIN")
    for _, text in views:
        con.execute(text)
    con.execute("DELETE FROM schema_views")
    con.execute("INSERT INTO schema_views (checksum) VALUES (?)", [checksum])
    con.execute("COMMIT")
    return True


@contextmanager
def open_writer(paths: WarehousePaths, wait_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the pipeline's file, waiting a little if another pipeline process holds it:
    DuckDB fails a conflicting open at once instead of queueing it."""
    paths.working.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    delay = 0.1
    while True:
        try:
            con = _connect(paths.working)
            break
        except duckdb.IOException as exc:
            if _denied(exc):
                raise WarehouseUnavailable(
                    f"{paths.working} cannot be written: {exc}. Give this process write access "
                    "to the data folder, or choose another one (--data-dir, or the data_dir "
                    "parameter)."
                ) from exc
            if "lock" not in str(exc).lower():
                raise WarehouseUnavailable(
                    f"{paths.working} cannot be opened: {exc}. If the file is damaged, move it "
                    f"aside; the last published copy is {paths.published}."
                ) from exc
            if time.monotonic() >= deadline:
                raise WarehouseUnavailable(
                    f"{paths.working} is locked by another process ({exc}). Another monitor run "
                    "may still be writing; wait for it to finish, or stop the process named "
                    "above. Analysts should open the published copy "
                    f"{paths.published}, never the pipeline's file."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    if path.exists():
        return duckdb.connect(str(path), config=OFFLINE)
    # Block size is fixed when a file is created, and only ATTACH lets us choose it.
    con = connect()
    try:
        escaped = str(path).replace("'", "''")
        con.execute(f"ATTACH '{escaped}' AS warehouse (BLOCK_SIZE {BLOCK_SIZE})")
        con.execute("DETACH warehouse")
    finally:
        con.close()
    return duckdb.connect(str(path), config=OFFLINE)


def publish(paths: WarehousePaths) -> Path:
    """Copy the pipeline's file next to the analysts' file and rename it into place: readers
    holding the old file keep a consistent view, new readers get this run."""
    paths.published.parent.mkdir(parents=True, exist_ok=True)
    staging = paths.published.with_name(f".{paths.published.name}.{os.getpid()}.tmp")
    # Holding the writer's lock while copying keeps another run from writing mid-copy; the
    # checkpoint folds the write-ahead log into the file, so the copy is complete on its own.
    with open_writer(paths) as con:
        con.execute("CHECKPOINT")
        try:
            _copy(paths.working, staging)
            # A log left by an analyst's read-write session belongs to the old file; DuckDB
            # would replay it into the new one.
            paths.published.with_name(paths.published.name + ".wal").unlink(missing_ok=True)
            os.replace(staging, paths.published)
        except OSError as exc:
            raise WarehouseUnavailable(
                f"publishing {paths.published} failed: {exc.strerror or exc} (writing "
                f"{exc.filename or staging}). The run is stored in {paths.working} and analysts "
                "keep the previous copy; free space or fix permissions in "
                f"{paths.published.parent}, and the next run publishes again."
            ) from exc
        finally:
            staging.unlink(missing_ok=True)
    return paths.published


def _copy(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(8 * 1024 * 1024):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
