"""The weekly report flow: what the monitor runs of the last days found, as one artifact."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from pydantic import BaseModel, ConfigDict, Field

from flows.reporting.artifacts import publish_report_artifacts
from flows.reporting.run_report import Report, build_report
from warehouse.db import WarehousePaths, WarehouseUnavailable, connect, sql


class ReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: str = Field("data", title="Data folder", description="Where the warehouse is.")
    days: int = Field(7, ge=1, le=366, title="Days covered", description="Ending now.")
    until: datetime | None = Field(
        None, title="Period end", description="Leave empty for now; set it to report a past week."
    )


@task(retries=2, retry_delay_seconds=10)
def summarise_period(database: Path, start: datetime, end: datetime) -> Report:
    # The analysts' copy, as in run_report.read_report; the runs are looked up first.
    with connect(database, read_only=True) as con:
        runs = [
            r[0]
            for r in con.execute(
                sql("reports", "runs_between.sql"), {"start": start, "end": end}
            ).fetchall()
        ]
        return build_report(
            con,
            runs,
            title=f"Weekly report, {start:%Y-%m-%d} to {end:%Y-%m-%d}",
            period=f"{len(runs)} monitor run(s) with a logical date in [{start:%Y-%m-%d %H:%M}, "
            f"{end:%Y-%m-%d %H:%M}) UTC",
            warehouse=database.resolve(),
        )


@flow(name="report", log_prints=True)
def report(params: ReportParams | None = None) -> dict[str, object]:
    """Summarise the monitor runs of the last days: changes by clinic and risk, new high-risk
    claims, offer changes, clinics failing at their last check."""
    params = params or ReportParams()
    end = params.until or datetime.now(UTC)
    # A date typed without a zone means UTC, as the report says, not the worker's zone.
    end = (end if end.tzinfo else end.replace(tzinfo=UTC)).astimezone(UTC)
    start = end - timedelta(days=params.days)
    database = WarehousePaths(Path(params.data_dir)).published
    if not database.exists():  # not worth a retry
        raise WarehouseUnavailable(
            f"no published warehouse at {database}; run the monitor deployment first, or set "
            "'Data folder' to where it keeps its data."
        )
    summary = summarise_period(database, start, end)
    notes = [] if summary.run_ids else ["No monitor run in this period: is the schedule on?"]
    publish_report_artifacts(summary, notes, report_key="weekly-report", key_prefix="weekly-")
    get_run_logger().info("%s: %s", summary.title, summary.status_line())
    print(f"{summary.title}: {summary.status_line()}")
    return {"runs": summary.run_ids, "changes": len(summary.changes)}
