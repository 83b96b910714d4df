"""The stack's Prefect server, through its API and CLI: health, the work pool and alert block,
deployments, workers and the flow runs they are running."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

from flows.ops.stack.config import ALERT_BLOCK, WORK_POOL, Stack, StackError


def healthy(stack: Stack) -> bool:
    try:
        with urllib.request.urlopen(f"{stack.api_url}/health", timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def run_prefect(stack: Stack, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        cwd=stack.repo,
        env=stack.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise StackError(
            f"`prefect {' '.join(args)}` failed ({done.returncode}):\n"
            f"{(done.stdout + done.stderr).strip()[-3000:]}"
        )
    return done.stdout


def configure_server(stack: Stack, webhook: str | None) -> None:
    """Work pool and (optionally) the alert block, through the API."""
    script = f"""
import json
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists
with get_client(sync_client=True) as client:
    try:
        client.create_work_pool(WorkPoolCreate(name={WORK_POOL!r}, type="process"))
    except ObjectAlreadyExists:
        pass
import os
webhook = os.environ.get("KAM_WEBHOOK_URL", "")
if webhook:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    CustomWebhookNotificationBlock(
        name={ALERT_BLOCK!r}, url=webhook, json_data={{"text": "{{{{subject}}}}\\n{{{{body}}}}"}}
    ).save({ALERT_BLOCK!r}, overwrite=True)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=stack.repo,
        # The URL holds a token: passed in the environment, never on a command line `ps` shows.
        env={**stack.env(), "KAM_WEBHOOK_URL": webhook or ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise StackError(f"configuring the server failed:\n{done.stderr.strip()[-3000:]}")


def _api(stack: Stack, path: str, body: object | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{stack.api_url}{path}", data=data, method="GET" if body is None else "POST"
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as reply:
        raw = reply.read()
    return json.loads(raw) if raw else None


def deployment_exists(stack: Stack, name: str) -> bool:
    try:
        _api(stack, f"/deployments/name/{name}")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise
    return True


def active_runs(stack: Stack) -> list[dict[str, str]]:
    """Flow runs of the work pool that a worker has started or is starting."""
    if not healthy(stack):
        return []
    runs = _api(
        stack,
        "/flow_runs/filter",
        {
            "flow_runs": {"state": {"type": {"any_": ["PENDING", "RUNNING", "CANCELLING"]}}},
            "work_pools": {"name": {"any_": [WORK_POOL]}},
        },
    )
    assert isinstance(runs, list)
    return [{"id": r["id"], "name": r["name"], "state": r["state_name"]} for r in runs]


def cancel_runs(stack: Stack, runs: list[dict[str, str]], timeout_s: float = 90) -> None:
    for run in runs:
        _api(stack, f"/flow_runs/{run['id']}/set_state", {"state": {"type": "CANCELLING"}})
    # The worker stops each run's process and marks it Cancelled.
    deadline = time.monotonic() + timeout_s
    while active_runs(stack) and time.monotonic() < deadline:
        time.sleep(1)


def worker_online(stack: Stack) -> bool:
    try:
        workers = _api(stack, f"/work_pools/{WORK_POOL}/workers/filter", {})
    except (urllib.error.URLError, OSError):
        return False
    return isinstance(workers, list) and any(w.get("status") == "ONLINE" for w in workers)
