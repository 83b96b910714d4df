"""One writer at a time: every flow that writes the warehouse holds an exclusive lock on
`<data>/pipeline/writer.lock` while it does.

The lock is the operating system's (flock), so it dies with its process: a run killed mid-write
(kill -9, a lost machine, an OOM kill) never blocks the next one, which proceeds at once and
says in its log that the previous writer ended without releasing. (A Prefect global concurrency
slot did not: after a crash it stayed taken until someone freed it by hand.) The file also
names the current holder, so a waiting run can say whom it waits for."""

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from prefect import get_run_logger
from prefect.exceptions import MissingContextError
from prefect.runtime import flow_run

from warehouse.db import WarehousePaths, WarehouseUnavailable

# A run that cannot get the lock in this time fails instead of queueing forever.
WAIT_S = 3 * 3600
POLL_S = 1.0


def lock_path(paths: WarehousePaths) -> Path:
    return paths.working.parent / "writer.lock"


def _log(message: str, *args: Any, warn: bool = False) -> None:
    try:
        logger: Any = get_run_logger()
    except MissingContextError:  # called outside a flow (tests, scripts)
        import logging

        logger = logging.getLogger(__name__)
    (logger.warning if warn else logger.info)(message, *args)


def _holder(handle: IO[str]) -> dict[str, Any]:
    handle.seek(0)
    try:
        found = json.loads(handle.read() or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _describe(holder: dict[str, Any]) -> str:
    if not holder:
        return "an unknown process"
    run = holder.get("flow_run_id") or "no flow run"
    where = f"pid {holder.get('pid')} on {holder.get('host')}"
    return f"{holder.get('flow', 'a run')} ({run}, {where}, since {holder.get('since')})"


def _write_holder(handle: IO[str], holder: dict[str, Any]) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(holder))
    handle.flush()
    os.fsync(handle.fileno())


@contextmanager
def warehouse_writer(paths: WarehousePaths, wait_s: float = WAIT_S) -> Iterator[None]:
    path = lock_path(paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _log(
                "waiting for the warehouse writer lock %s, held by %s",
                path,
                _describe(_holder(handle)),
            )
            deadline = time.monotonic() + wait_s
            while True:
                time.sleep(POLL_S)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WarehouseUnavailable(
                            f"another run held the warehouse writer lock {path} for more than "
                            f"{wait_s / 3600:.1f} h: {_describe(_holder(handle))}. Look for that "
                            "run in the Prefect UI (or that process) and stop it if it is stuck; "
                            "the lock is released the moment its process ends."
                        ) from None
        previous = _holder(handle)
        if previous and not previous.get("released"):
            _log(
                "the previous writer, %s, ended without releasing the lock (killed or crashed); "
                "the operating system released it, so this run proceeds. Its unfinished work "
                "was never committed.",
                _describe(previous),
                warn=True,
            )
        holder = {
            "flow": flow_run.get_flow_name() or "a process",
            "flow_run_id": flow_run.get_id(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "released": False,
        }
        _write_holder(handle, holder)
        try:
            yield
        finally:
            _write_holder(handle, {**holder, "released": True})
            fcntl.flock(handle, fcntl.LOCK_UN)
