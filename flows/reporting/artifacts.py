"""Publish a report as Prefect artifacts on the current flow run: the markdown summary, the
high-risk claim and offer tables, and where the warehouse is."""

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from flows.reporting.run_report import Report, high_risk_rows, offer_rows, render_markdown
from flows.reporting.safe_text import markdown

# Tables need one row for the UI to draw them; this one says there was nothing.
NOTHING = [{"clinic": "(none)"}]


def _escaped(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The UI renders each table cell as markdown; page text in them must stay text."""
    return [{key: markdown(value) for key, value in row.items()} for row in rows]


@task(retries=2, retry_delay_seconds=5)
def publish_report_artifacts(
    report: Report, notes: list[str], report_key: str, key_prefix: str = ""
) -> None:
    """Keys: `report_key` for the markdown, then `high-risk-claims`, `offer-changes` and
    `warehouse`, each after `key_prefix`."""
    key = key_prefix
    create_markdown_artifact(
        key=report_key,
        markdown=render_markdown(report, notes),
        description=report.status_line(),
    )
    create_table_artifact(
        key=f"{key}high-risk-claims",
        table=_escaped(high_risk_rows(report)) or NOTHING,
        description="New or strengthened claims with a high-severity risk flag, with evidence.",
    )
    create_table_artifact(
        key=f"{key}offer-changes",
        table=_escaped(offer_rows(report)) or NOTHING,
        description="Offers added, removed, expired or re-priced.",
    )
    create_link_artifact(
        key=f"{key}warehouse",
        link=report.warehouse.as_uri(),
        link_text=f"Published warehouse: {report.warehouse}",
        description="DuckDB file for analysts; open it read-only.",
    )
