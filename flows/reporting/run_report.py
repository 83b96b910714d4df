"""What one run, or a week of runs, found: read back from the warehouse and written as the
markdown and tables an operator reads in the Prefect UI."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from flows.changes.kinds import CLAIM_RISE, SITE_DOWN
from flows.changes.states import site_states
from flows.extraction.vocabulary import high_risk_flags, load_vocabulary
from flows.reporting.safe_text import code, markdown
from warehouse.db import connect, sql

EVIDENCE_CHARS = 240


@dataclass
class ClinicLine:
    clinic_id: str
    name: str
    state: str
    fetches: int
    new_versions: int
    failed: int
    failures: str
    changes: int = 0


@dataclass
class Report:
    title: str
    run_ids: list[str]
    period: str
    warehouse: Path
    high_flags: set[str]
    clinics: list[ClinicLine] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    # Clinics first checked in these runs: nothing to compare with yet.
    baseline: list[str] = field(default_factory=list)

    @property
    def fetches(self) -> int:
        return sum(c.fetches for c in self.clinics)

    @property
    def new_versions(self) -> int:
        return sum(c.new_versions for c in self.clinics)

    @property
    def failed_fetches(self) -> int:
        return sum(c.failed for c in self.clinics)

    @property
    def failing_clinics(self) -> list[ClinicLine]:
        return [c for c in self.clinics if c.state in SITE_DOWN]

    def high_risk_claims(self) -> list[dict[str, Any]]:
        return [
            c
            for c in self.changes
            if c["kind"] in CLAIM_RISE and self.high_flags & set(c["risk_flags"] or [])
        ]

    def offer_changes(self) -> list[dict[str, Any]]:
        return [c for c in self.changes if c["stream"] == "offer"]

    def severity(self, flag: str | None) -> str:
        if flag is None:
            return "none"
        return "high" if flag in self.high_flags else "medium"

    def status_line(self) -> str:
        """One line for the run's final state: what an operator sees in the runs list."""
        n = len(self.clinics)
        text = (
            f"{n} clinic{'' if n == 1 else 's'}, {self.fetches} fetches, {self.new_versions} new "
            f"versions, {len(self.changes)} changes"
        )
        failing = self.failing_clinics
        if failing:
            listed = ", ".join(f"{c.clinic_id} ({c.state})" for c in failing)
            text += f"; {len(failing)} clinic(s) failed: {listed}"
        return text


def build_report(
    con: duckdb.DuckDBPyConnection,
    run_ids: list[str],
    *,
    title: str,
    period: str,
    warehouse: Path,
) -> Report:
    high_flags = set(high_risk_flags(load_vocabulary()))
    report = Report(title, run_ids, period, warehouse, high_flags)
    cursor = con.execute(sql("reports", "changes.sql"), {"run_ids": run_ids})
    names = [d[0] for d in cursor.description]
    report.changes = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    per_clinic = Counter(c["clinic_id"] for c in report.changes)
    report.baseline = [
        r[0]
        for r in con.execute(
            sql("reports", "baseline_clinics.sql"), {"run_ids": run_ids}
        ).fetchall()
    ]
    rows = con.execute(sql("reports", "clinic_outcomes.sql"), {"run_ids": run_ids}).fetchall()
    # Runs stored before clinic states were kept have none; those are worked out once here.
    worked_out = site_states(con, [(r[6], r[0]) for r in rows if r[7] is None])
    for clinic_id, name, fetches, new_versions, failed, failures, last_run, state in rows:
        state = state or worked_out[(last_run, clinic_id)]
        report.clinics.append(
            ClinicLine(
                clinic_id, name, state, fetches, new_versions, failed, failures or "",
                per_clinic[clinic_id],
            )
        )  # fmt: skip
    return report


def read_report(database: Path, run_ids: list[str], *, title: str, period: str) -> Report:
    """Build a report from the analysts' copy: reading it never waits for, or blocks, a run."""
    with connect(database, read_only=True) as con:
        return build_report(con, run_ids, title=title, period=period, warehouse=database.resolve())


# ----- rendering ------------------------------------------------------------------------------


def _clip(value: Any, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(value: Any, limit: int = EVIDENCE_CHARS) -> str:
    """A table cell or inline value: clipped, and escaped, since most of them come from pages."""
    return markdown(_clip(value, limit))


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _section(title: str, rows: list[dict[str, str]]) -> list[str]:
    """A titled table of rows, or "None." when there are none."""
    body = _table(list(rows[0]), [list(r.values()) for r in rows]) if rows else ["None."]
    return ["", f"## {title}", "", *body]


def high_risk_rows(report: Report) -> list[dict[str, str]]:
    return [
        {
            "clinic": c["clinic_id"],
            "change": c["kind"],
            "categories": ", ".join(c["categories"] or []),
            "high-risk flags": ", ".join(sorted(report.high_flags & set(c["risk_flags"]))),
            "evidence": _clip(c["after_evidence"], 400),
            "before": _clip(c["before_evidence"], 400),
            "url": c["url"] or "",
        }
        for c in report.high_risk_claims()
    ]


def offer_rows(report: Report) -> list[dict[str, str]]:
    return [
        {
            "clinic": c["clinic_id"],
            "change": c["kind"],
            "offer": ", ".join(c["categories"] or []),
            "before": _clip(c["before_value"]),
            "after": _clip(c["after_value"]),
            "evidence": _clip(c["after_evidence"] or c["before_evidence"], 400),
            "url": c["url"] or "",
        }
        for c in report.offer_changes()
    ]


def render_markdown(report: Report, notes: list[str] | None = None) -> str:
    lines = [f"# {report.title}", "", report.period, ""]
    lines += _table(
        ["clinics", "fetches", "new page versions", "failed fetches", "changes", "clinics failing"],
        [[len(report.clinics), report.fetches, report.new_versions, report.failed_fetches,
          len(report.changes), len(report.failing_clinics)]],
    )  # fmt: skip
    if report.baseline:
        lines += [
            "",
            f"First check of {len(report.baseline)} clinic(s) ({', '.join(report.baseline)}): "
            "their pages are the baseline, and changes are reported from their next run.",
        ]
    lines += ["", "## Clinics that need a look", ""]
    if report.failing_clinics:
        lines += [
            f"- **{c.clinic_id}** ({_cell(c.name)}): {c.state}; failed fetches: "
            f"{c.failures or 'none recorded'}. Other clinics were stored as usual; check the "
            "site by hand and its entry in the targets file."
            for c in report.failing_clinics
        ]
    else:
        lines.append("Every clinic answered.")
    lines += ["", "## By clinic", ""]
    lines += _table(
        ["clinic", "state", "fetches", "new versions", "failed", "changes", "change kinds"],
        [
            [c.clinic_id, c.state, c.fetches, c.new_versions, c.failed, c.changes,
             ", ".join(f"{k} {n}" for k, n in sorted(Counter(
                 ch["kind"] for ch in report.changes if ch["clinic_id"] == c.clinic_id
             ).items()))]
            for c in report.clinics
        ],
    )  # fmt: skip
    lines += ["", "## Changes by risk", ""]
    by_risk = Counter(
        (report.severity(flag), flag or "(no flag)")
        for c in report.changes
        for flag in (c["risk_flags"] or [None])
    )
    order = {"high": 0, "medium": 1, "none": 2}
    if by_risk:
        lines += _table(
            ["severity", "flag", "changes"],
            [
                [s, f, n]
                for (s, f), n in sorted(by_risk.items(), key=lambda x: (order[x[0][0]], x[0][1]))
            ],
        )
    else:
        lines.append("No changes.")
    lines += _section("New or strengthened high-risk claims", high_risk_rows(report))
    lines += _section("Offer changes", offer_rows(report))
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    run_list = ", ".join(f"'{r}'" for r in report.run_ids)
    lines += [
        "",
        "## Where the data is",
        "",
        f"Published warehouse (DuckDB, open read-only): {code(report.warehouse)}",
        "",
        "```sql",
        f"SELECT * FROM changes WHERE run_id IN ({run_list});",
        f"SELECT * FROM run_summary WHERE run_id IN ({run_list});",
        "```",
        "",
        "Tables and views are described in `warehouse/SCHEMA.md`; worked questions in "
        "`warehouse/EXAMPLES.md`.",
    ]
    return "\n".join(lines) + "\n"
