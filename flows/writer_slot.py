"""One writer at a time: every flow that writes the warehouse holds this Prefect concurrency slot
while it does. Waiting runs show in the UI (Concurrency page); the file lock in warehouse/db.py
still guards writers started outside Prefect."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency._asyncio import AcquireConcurrencySlotTimeoutError
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from warehouse.db import WarehouseUnavailable

WRITER_LIMIT = "kam-warehouse-writer"
# A run that cannot get the slot in this time fails instead of queueing forever.
WAIT_S = 3 * 3600


def ensure_writer_limit() -> None:
    """Create the limit on first use, so runs on a fresh server (or the demo's embedded one) do
    not skip it with a warning."""
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run created it first
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=1)
                )


@contextmanager
def warehouse_writer() -> Iterator[None]:
    ensure_writer_limit()
    get_run_logger().info("waiting for the warehouse writer slot (%s)", WRITER_LIMIT)
    with ExitStack() as stack:
        try:
            stack.enter_context(
                # A missed lease renewal (a busy server) must not cancel a run mid-write;
                # the DuckDB file lock still keeps writers apart.
                concurrency(
                    WRITER_LIMIT,
                    occupy=1,
                    timeout_seconds=WAIT_S,
                    strict=True,
                    raise_on_lease_renewal_failure=False,
                )
            )
        except AcquireConcurrencySlotTimeoutError as exc:
            raise WarehouseUnavailable(
                f"another run held the warehouse writer slot for {WAIT_S // 3600} h. Look for "
                f"a stuck run in the Prefect UI, or free the slot on the Concurrency page "
                f"(limit {WRITER_LIMIT})."
            ) from exc
        yield
