"""The demo: serve the sample web, crawl each edition as if on its date, show what was stored."""

import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table

from crawlers.targets import load_targets
from flows.monitor import monitor
from flows.params import AlertRules, MonitorParams
from sampleweb.model import story_editions
from sampleweb.server import SampleWeb
from warehouse.db import WarehousePaths, connect, sql
from warehouse.load import table_counts

# Piped output (CI logs, `| tee`) has no width; 80 columns would wrap every table row.
console = Console() if sys.stdout.isatty() else Console(width=120)


def sample_ports(targets_file: Path) -> dict[str, int]:
    return {t.id: urlsplit(t.website).port or 80 for t in load_targets(targets_file)}


def run_demo(targets_file: Path, data_dir: Path, max_pages: int = 60) -> Path:
    if data_dir.exists():
        console.print(f"[dim]Removing the previous demo warehouse in {data_dir}[/dim]")
        shutil.rmtree(data_dir)
    paths = WarehousePaths(data_dir)
    started = time.monotonic()
    with SampleWeb(ports=sample_ports(targets_file)) as web:
        console.print(
            f"Sample web: {len(web.ports)} clinics on 127.0.0.1, ports "
            f"{min(web.ports.values())}-{max(web.ports.values())}"
        )
        for edition in story_editions():
            web.set_edition(edition.number)
            console.rule(f"Edition {edition.number} ({edition.date}): {edition.summary}")
            monitor(
                MonitorParams(
                    targets=str(targets_file),
                    data_dir=str(data_dir),
                    max_pages=max_pages,
                    logical_date=f"{edition.date}T06:00:00+00:00",  # type: ignore[arg-type]
                    label=f"sample web edition {edition.number}",
                    # The demo has no chat tool to alert; the stack's --webhook sets one up.
                    alerts=AlertRules(block=""),
                )
            )
    print_summary(paths.published)
    console.print(f"\nDemo finished in {time.monotonic() - started:.0f} s.")
    return paths.published


def print_summary(database: Path) -> None:
    with connect(database, read_only=True) as con:
        runs = Table(title="Runs stored", show_lines=False)
        for column in ("logical date", "label", "fetches", "ok", "304", "failed", "new bodies"):
            runs.add_column(column, justify="right" if column != "label" else "left")
        for row in con.execute(sql("reports", "demo_runs.sql")).fetchall():
            runs.add_row(*(str(v) for v in row))
        console.print(runs)

        latest = Table(title="Latest run, per clinic")
        for column in ("clinic", "fetches", "ok", "304", "failed", "failures seen"):
            latest.add_column(column)
        for row in con.execute(sql("reports", "demo_latest_run.sql")).fetchall():
            latest.add_row(*(str(v) if v is not None else "" for v in row))
        console.print(latest)

        extracted = Table(title="Claims and offers on the pages of the latest run")
        for column in ("category / offer type", "clinics", "records", "risk flags raised"):
            extracted.add_column(column)
        for row in con.execute(sql("reports", "demo_extracted.sql")).fetchall():
            extracted.add_row(*(str(v) if v is not None else "" for v in row))
        console.print(extracted)

        changed = Table(title="What changed between runs (table `changes`)")
        for column in ("date", "clinic", "kind", "categories", "before", "after"):
            changed.add_column(column, overflow="fold")
        for row in con.execute(sql("reports", "demo_changes.sql")).fetchall():
            changed.add_row(*(str(v) if v is not None else "" for v in row))
        console.print(changed)

        tables = Table(title="Rows per table", caption=str(database))
        tables.add_column("table")
        tables.add_column("rows", justify="right")
        for name, count in table_counts(con).items():
            tables.add_row(name, str(count))
        console.print(tables)
    size = database.stat().st_size / 1e6
    console.print(
        f"Open it with:  .venv/bin/python -c \"import duckdb; duckdb.connect('{database}', "
        f"read_only=True).sql('FROM run_summary').show()\"   ({size:.1f} MB)"
    )
