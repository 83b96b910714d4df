"""The operator stack on one machine: a Prefect server on 127.0.0.1 (SQLite), the process work
pool, the deployments of prefect.yaml, a worker, and the sample web for the default targets.

Each service runs as its own process group with its pid and log under `<home>/stack/`, so
`down` can stop exactly what `up` started.

The package: `config` (what a stack is), `processes` (starting, waiting for and stopping its
services), `prefect_api` (the server's API), and here `up`, `down` and `status`."""

import sys
from collections.abc import Callable

from flows.ops.stack.config import (
    ALERT_BLOCK,
    DEFAULT_ALERT_BLOCK,
    DEPLOYMENTS,
    SERVICES,
    WORK_POOL,
    Stack,
    StackError,
    checkout_stack,
)
from flows.ops.stack.prefect_api import (
    active_runs,
    cancel_runs,
    configure_server,
    deployment_exists,
    healthy,
    run_prefect,
    worker_online,
)
from flows.ops.stack.processes import exclusive, spawn, stop_services, wait_until
from flows.reporting.safe_text import mask_url

__all__ = [
    "ALERT_BLOCK", "SERVICES", "WORK_POOL", "Stack", "StackError", "active_runs", "checkout_stack",
    "down", "healthy", "start_server", "status", "up",
]  # fmt: skip


def up(
    stack: Stack,
    *,
    webhook: str | None = None,
    sample_web: bool = True,
    redeploy: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    """Start what is not running yet; safe to repeat."""
    with exclusive(stack):
        _up(stack, webhook=webhook, sample_web=sample_web, redeploy=redeploy, say=say)


def _up(
    stack: Stack, *, webhook: str | None, sample_web: bool, redeploy: bool,
    say: Callable[[str], None],
) -> None:  # fmt: skip
    _start_server(stack, say)
    say(f"server ready; creating work pool {WORK_POOL}")
    configure_server(stack, webhook)
    if webhook:
        say(f"alerts go to {mask_url(webhook)} through block {DEFAULT_ALERT_BLOCK}")
    missing = [name for name in DEPLOYMENTS if not deployment_exists(stack, name)]
    if redeploy or missing:
        why = "as asked" if redeploy else "missing: " + ", ".join(missing)
        say(f"deploying prefect.yaml ({why})")
        run_prefect(stack, "--no-prompt", "deploy", "--all")
    else:
        # Deploying again would switch paused schedules back on and reset edited parameters.
        say("deployments already exist; `--redeploy` updates them from prefect.yaml")
    if sample_web and stack.pid("sampleweb") is None:
        say("serving the sample web for targets/sample.yaml")
        spawn(stack, "sampleweb", [sys.executable, "-m", "flows.ops.cli", "serve-sample"])
    worker = None
    if stack.pid("worker") is None:
        say(f"starting a worker on pool {WORK_POOL}")
        worker = spawn(
            stack,
            "worker",
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", WORK_POOL],
        )
    wait_until("worker", lambda: worker_online(stack), 120, stack.log_file("worker"), worker)


def start_server(stack: Stack, say: Callable[[str], None] = print) -> bool:
    """Start the stack's Prefect server alone unless it runs; True if this call started it."""
    with exclusive(stack):
        return _start_server(stack, say)


def _start_server(stack: Stack, say: Callable[[str], None]) -> bool:
    server = None
    if stack.pid("server") is None:
        if healthy(stack):
            raise StackError(
                f"something else already serves {stack.api_url}; stop it or pick another --port"
            )
        say(f"starting the Prefect server on {stack.ui_url} (SQLite in {stack.home})")
        server = spawn(stack, "server", [sys.executable, "-m", "prefect", "server", "start"])
        stack.port_file.write_text(str(stack.port))
    # The first start migrates the SQLite database; slow on a small machine.
    wait_until("Prefect server", lambda: healthy(stack), 180, stack.log_file("server"), server)
    return server is not None


def down(
    stack: Stack, say: Callable[[str], None] = print, force: bool = False, grace_s: float = 40
) -> list[str]:
    """Stop the services `up` started, worker first so no new run begins. Flow runs live in
    their own process sessions, out of the worker's group: running ones must be cancelled
    first, or they would go on crawling with nothing to record their end."""
    with exclusive(stack):
        running = active_runs(stack) if stack.pid("worker") else []
        if running and not force:
            listed = ", ".join(f"{r['name']} ({r['state']})" for r in running)
            raise StackError(
                f"{len(running)} flow run(s) in progress: {listed}. Wait for them, or "
                "`kam stack down --force` to cancel them."
            )
        if running:
            say(f"cancelling {len(running)} flow run(s)")
            cancel_runs(stack, running)
        return stop_services(stack, say, grace_s)


def status(stack: Stack) -> dict[str, int | None]:
    return {service: stack.pid(service) for service in SERVICES}
