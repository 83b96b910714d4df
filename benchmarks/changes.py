"""Does change detection find what each sample-web edition changed on purpose, with the right
kind, and nothing else (noise included)? Crawls every edition through the monitor flow and
scores the `changes` table against the editions' answer keys.

Run from the repo root:  .venv/bin/python benchmarks/changes.py [--details]
"""

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flows.ops import runtime

runtime.configure()


from flows.monitor import monitor  # noqa: E402
from flows.params import MonitorParams  # noqa: E402
from sampleweb.model import editions  # noqa: E402
from sampleweb.scoring import EditionScore, score_edition  # noqa: E402
from sampleweb.server import SampleWeb  # noqa: E402
from warehouse.db import WarehousePaths, connect  # noqa: E402


def run_editions(data: Path) -> dict[int, list[dict[str, object]]]:
    """Crawl each edition on its date; return the changes each run recorded."""
    found: dict[int, list[dict[str, object]]] = {}
    paths = WarehousePaths(data)
    with SampleWeb() as web:
        targets = web.write_targets(data.parent / "targets.yaml")
        for edition in editions():
            web.set_edition(edition.number)
            date = datetime.fromisoformat(edition.date).replace(hour=6, tzinfo=UTC)
            report = monitor(
                MonitorParams(targets=str(targets), data_dir=str(data), logical_date=date)
            )
            with connect(paths.published, read_only=True) as con:
                cursor = con.execute("SELECT * FROM changes WHERE run_id = ?", [report["run_id"]])
                names = [d[0] for d in cursor.description]
                found[edition.number] = [
                    dict(zip(names, row, strict=True)) for row in cursor.fetchall()
                ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--details", action="store_true", help="list misses and spurious rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kam-changes-") as tmp:
        found = run_editions(Path(tmp) / "data")
    scores: list[EditionScore] = [score_edition(n, rows) for n, rows in sorted(found.items())]
    header = ("edition", "intended", "found", "wrong kind", "missed", "spurious")
    print(" ".join(f"{h:>10}" for h in header))
    for s in scores:
        row = (s.edition, s.intended, s.found, s.wrong_kind, len(s.missed), len(s.spurious))
        print(" ".join(f"{v:>10}" for v in row))
        if args.details:
            for expected in s.missed:
                print(f"   missed   {expected}")
            for expected, change in s.mismatched:
                print(
                    f"   wrong {expected['kind']} -> {change['kind']}: {change['after_evidence']}"
                )
            for change in s.spurious:
                print(f"   spurious {change['clinic_id']} {change['kind']} {change['categories']}:"
                      f" {change['before_evidence']} -> {change['after_evidence']}")  # fmt: skip
    print(
        "changes: "
        f"intended={sum(s.intended for s in scores)} found={sum(s.found for s in scores)} "
        f"wrong_kind={sum(s.wrong_kind for s in scores)} "
        f"spurious={sum(len(s.spurious) for s in scores)} "
        f"missed={sum(len(s.missed) for s in scores)} "
        f"text_changes={sum(s.text_changes for s in scores)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
