"""What an operator reads in Prefect after a monitor run: the final state, the artifacts."""

from typing import Any

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from flows.reporting.run_report import build_report, render_markdown

pytestmark = pytest.mark.slow


def _flow_run_id(history: dict[Any, Any], edition: int) -> str:
    with duckdb.connect(str(history["database"]), read_only=True) as con:
        row = con.execute(
            "SELECT flow_run_id FROM runs WHERE run_id = ?", [history[edition][0]]
        ).fetchone()
    assert row is not None
    return str(row[0])


def _artifacts(flow_run_id: str) -> dict[str, Any]:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in found}


def test_a_run_with_unreachable_clinics_completes_and_names_them(edition_history: Any) -> None:
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(_flow_run_id(edition_history, 4)).state
    assert state is not None
    assert state.is_completed()
    assert "2 clinic(s) failed" in (state.message or "")
    assert "riverbend (unreachable)" in (state.message or "")
    assert "harborlight (challenged)" in (state.message or "")


def test_every_run_publishes_the_report_artifacts(edition_history: Any) -> None:
    for edition in (1, 4):
        keys = set(_artifacts(_flow_run_id(edition_history, edition)))
        assert keys == {"monitor-report", "high-risk-claims", "offer-changes", "warehouse"}


def test_markdown_report_lists_failing_clinics_and_changes(edition_history: Any) -> None:
    markdown = _artifacts(_flow_run_id(edition_history, 4))["monitor-report"].data
    assert "- **riverbend** (Riverbend Ketamine &amp; Wellness): unreachable" in markdown
    assert "| northstar | ok |" in markdown
    assert "| high | addiction_denial | 1 |" in markdown
    assert edition_history[4][0] in markdown  # the SQL that finds the run's rows
    assert str(edition_history["database"].resolve()) in markdown


def test_high_risk_table_carries_the_evidence(edition_history: Any) -> None:
    table = _artifacts(_flow_run_id(edition_history, 4))["high-risk-claims"].data
    assert "clearpath" in table
    assert "ketamine is not addictive" in table
    assert "addiction_denial" in table


def test_offer_table_shows_price_changes_from_and_to(edition_history: Any) -> None:
    table = _artifacts(_flow_run_id(edition_history, 4))["offer-changes"].data
    assert '"before": "450"' in table and '"after": "495"' in table
    assert '"before": "129"' in table and '"after": "99"' in table


def test_first_run_says_its_pages_are_the_baseline(edition_history: Any) -> None:
    first = _artifacts(_flow_run_id(edition_history, 1))["monitor-report"].data
    later = _artifacts(_flow_run_id(edition_history, 2))["monitor-report"].data
    assert "First check of 8 clinic(s)" in first
    assert "First check" not in later


def test_noise_only_edition_reports_no_changes(edition_history: Any) -> None:
    with duckdb.connect(str(edition_history["database"]), read_only=True) as con:
        report = build_report(
            con, [edition_history[3][0]], title="t", period="p",
            warehouse=edition_history["database"],
        )  # fmt: skip
    assert report.changes == []
    assert report.failing_clinics == []
    assert "Every clinic answered." in render_markdown(report)
    assert "## New or strengthened high-risk claims\n\nNone." in render_markdown(report)
