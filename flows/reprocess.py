"""The reprocess flow: re-extract stored page versions with the current rules, no crawling.

Rows are kept per extractor version, so the old reading stays beside the new one. Changes are
always computed between states read at one version, so new rules never show up as changes on
a page."""

from pathlib import Path

from prefect import flow, get_run_logger, task
from pydantic import BaseModel, ConfigDict, Field, field_validator

from flows.extraction.backfill import ensure_extracted
from flows.extraction.extract import extractor_version
from flows.extraction.vocabulary import load_vocabulary
from warehouse.db import WarehousePaths, check_data_dir, open_writer, publish, sql
from warehouse.load import use_extractor_version
from warehouse.writer_lock import warehouse_writer


class ReprocessParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: str = Field("data", title="Data folder", description="Where the warehouse is.")

    _usable_data_dir = field_validator("data_dir")(lambda v: str(check_data_dir(Path(v))))


@task(retries=1, retry_delay_seconds=10)
def reextract(paths: WarehousePaths) -> int:
    version = extractor_version(load_vocabulary())
    with open_writer(paths) as con:
        bodies = {r[0] for r in con.execute(sql("queries", "cleaned_bodies.sql")).fetchall()}
        con.execute("BEGIN TRANSACTION")
        try:
            added = ensure_extracted(con, bodies, version)
            use_extractor_version(con, version)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return added


@flow(name="reprocess", log_prints=True)
def reprocess(params: ReprocessParams | None = None) -> dict[str, object]:
    """Extract every stored page version that lacks rows for the current extractor version."""
    params = params or ReprocessParams()
    paths = WarehousePaths(Path(params.data_dir))
    version = extractor_version(load_vocabulary())
    with warehouse_writer(paths):
        added = reextract(paths)
        published = publish(paths)
    get_run_logger().info("re-extracted %d page versions with %s", added, version)
    print(f"reprocess: {added} page versions extracted with {version}; published {published}")
    return {"extractor_version": version, "page_versions": added}
