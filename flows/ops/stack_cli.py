"""`kam stack`: the operator stack's commands (Prefect server, work pool, deployments, worker,
sample web), kept apart from the pipeline's commands in flows/ops/cli.py."""

from pathlib import Path
from typing import Annotated, Any

import typer

stack_app = typer.Typer(help="The operator stack: Prefect server, work pool, deployments, worker.")

HomeOpt = Annotated[
    Path | None,
    typer.Option(
        help="Prefect's state (SQLite database, logs, pids) for this stack [default: .prefect "
        "in the checkout]",
        envvar="KAM_STACK_HOME",
    ),
]
PortOpt = Annotated[
    int,
    typer.Option(help="Port of the Prefect server and UI on 127.0.0.1", envvar="KAM_STACK_PORT"),
]


def _stack(home: Path | None, port: int) -> Any:
    from flows.ops.stack import StackError, checkout_stack

    try:
        return checkout_stack(home, port)
    except StackError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@stack_app.command("up")
def stack_up(
    home: HomeOpt = None,
    port: PortOpt = 4200,
    webhook: Annotated[
        str | None,
        typer.Option(help="Send alerts to this webhook URL (Slack, Teams, chat tools)"),
    ] = None,
    sample_web: Annotated[
        bool, typer.Option(help="Also serve the sample web that targets/sample.yaml points at")
    ] = True,
    redeploy: Annotated[
        bool,
        typer.Option(
            help="Deploy prefect.yaml even if the deployments exist (re-enables paused "
            "schedules, resets parameters edited in the UI)"
        ),
    ] = False,
) -> None:
    """Start the Prefect server, create the work pool, deploy prefect.yaml, start a worker."""
    from flows.ops.stack import StackError, up

    stack = _stack(home, port)
    try:
        up(stack, webhook=webhook, sample_web=sample_web, redeploy=redeploy, say=typer.echo)
    except StackError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    options = (f" --home {home}" if home else "") + (f" --port {port}" if port != 4200 else "")
    typer.echo(
        f"\nOperator stack is up. Prefect UI: {stack.ui_url}  (Deployments: monitor, reprocess, "
        f"report)\nLogs: {stack.state_dir}/*.log\nStop it with:  .venv/bin/kam stack down{options}"
    )


@stack_app.command("down")
def stack_down(
    home: HomeOpt = None,
    port: PortOpt = 4200,
    force: Annotated[bool, typer.Option(help="Cancel flow runs still in progress")] = False,
) -> None:
    """Stop the worker, the sample web and the Prefect server started by `kam stack up`."""
    from flows.ops.stack import StackError, down

    try:
        down(_stack(home, port), say=typer.echo, force=force)
    except StackError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@stack_app.command("status")
def stack_status(home: HomeOpt = None, port: PortOpt = 4200) -> None:
    """Which services of the stack are running."""
    from flows.ops.stack import healthy, status

    stack = _stack(home, port)
    for service, pid in status(stack).items():
        typer.echo(f"{service:10} {'running, pid ' + str(pid) if pid else 'stopped'}")
    typer.echo(f"{'api':10} {stack.api_url} {'healthy' if healthy(stack) else 'not answering'}")
