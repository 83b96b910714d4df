"""The seven analyst questions as runnable SQL (warehouse/sql/examples/), and their output."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warehouse.db import SQL, connect


@dataclass
class Example:
    name: str
    question: str
    sql: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_examples(database: Path) -> list[Example]:
    examples = []
    with connect(database, read_only=True) as con:
        for path in sorted((SQL / "examples").glob("q*.sql")):
            text = path.read_text(encoding="utf-8")
            question = text.splitlines()[0].removeprefix("-- ").strip()
            cursor = con.execute(text)
            columns = [d[0] for d in cursor.description]
            examples.append(Example(path.stem, question, text, columns, cursor.fetchall()))
    return examples


def _cell(value: Any) -> str:
    text = str(value) if value is not None else ""
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "..."


def to_markdown(examples: list[Example], source: str) -> str:
    parts = [
        "# Example queries and their output on the demo data\n",
        f"Produced by `kam examples --write warehouse/EXAMPLES.md` on `{source}` after "
        "`make demo`. The SQL files are in `warehouse/sql/examples/`.\n",
        "The views they read are backed by tables each load keeps up to date (the per-run check "
        "summary, the version sightings and the sentence timeline; `warehouse/SCHEMA.md`), not "
        "by folding every stored check; `benchmarks/warehouse_scale.py` times them on a year of "
        "daily checks of 40,000 pages (14.6 M checks).\n",
    ]
    for ex in examples:
        body = "\n".join(line for line in ex.sql.splitlines() if not line.startswith("--"))
        parts.append(f"## {ex.question}\n\n```sql\n{body.strip()}\n```\n")
        header = "| " + " | ".join(ex.columns) + " |"
        rule = "|" + "---|" * len(ex.columns)
        rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in ex.rows]
        parts.append("\n".join([header, rule, *rows]) + f"\n\n{len(ex.rows)} rows.\n")
    return "\n".join(parts)
