"""Which Prefect API a command-line run reports to.

Given no API URL, Prefect starts a temporary server in every process and stops it at exit:
5 s of each `kam monitor` on two cores (19 s on a fresh Prefect home), for runs that nobody
can look at afterwards. So a run reports, in this order, to the API in `PREFECT_API_URL`, to
the checkout's operator-stack server when it is running, or to that server started alone and
kept for later runs and for the UI. `KAM_PREFECT_SERVER=temporary` asks for Prefect's
throwaway server instead (the tests use it, to leave nothing running)."""

import os
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path


class ServerMode(StrEnum):
    KEEP = "keep"
    TEMPORARY = "temporary"


MODE_VARIABLE = "KAM_PREFECT_SERVER"


def server_mode() -> ServerMode:
    value = os.environ.get(MODE_VARIABLE, ServerMode.KEEP.value).strip().lower()
    try:
        return ServerMode(value)
    except ValueError:
        choices = ", ".join(mode.value for mode in ServerMode)
        raise ValueError(f"{MODE_VARIABLE}={value!r} is not one of: {choices}") from None


def connect(say: Callable[[str], None]) -> str | None:
    """Point this process at the Prefect API its flow runs report to; must run before Prefect
    is imported. Returns that API's URL, or None for Prefect's temporary server."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if server_mode() is ServerMode.TEMPORARY:
        return None
    from flows.ops.stack import StackError, checkout_stack, start_server

    home = os.environ.get("KAM_STACK_HOME")
    try:
        stack = checkout_stack(Path(home) if home else None, _port())
        stack = replace(stack, port=stack.running_port() or stack.port)
        if start_server(stack, say=say):
            say(f"kept for later runs; its UI is {stack.ui_url} (`kam stack down` stops it)")
    except StackError as exc:
        say(f"using a temporary Prefect server for this run: {exc}")
        return None
    os.environ["PREFECT_API_URL"] = stack.api_url
    return stack.api_url


def _port() -> int:
    from flows.ops.stack.config import DEFAULT_PORT

    text = os.environ.get("KAM_STACK_PORT", "")
    return int(text) if text.isdigit() else DEFAULT_PORT
