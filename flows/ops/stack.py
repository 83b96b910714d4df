"""The operator stack on one machine: a Prefect server on 127.0.0.1 (SQLite), the process work
pool, the deployments of prefect.yaml, a worker, and the sample web for the default targets.

Each service runs as its own process group with its pid and log under `<home>/stack/`, so
`down` can stop exactly what `up` started."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from flows.params import DEFAULT_ALERT_BLOCK
from flows.reporting.safe_text import mask_url

WORK_POOL = "kam-process"
# `--webhook` saves the Custom Webhook block that runs use by default.
ALERT_BLOCK = DEFAULT_ALERT_BLOCK.removeprefix("custom-webhook/")
SERVICES = ("server", "sampleweb", "worker")  # start order; stopped in reverse
DEPLOYMENTS = ("monitor/monitor", "reprocess/reprocess", "report/report")


class StackError(RuntimeError):
    pass


@dataclass(frozen=True)
class Stack:
    repo: Path
    home: Path
    port: int = 4200

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state_dir(self) -> Path:
        return self.home / "stack"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PREFECT_HOME": str(self.home),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_URL": self.ui_url,
            # Workers run flows from the repo root (prefect.yaml's pull step reads this).
            "KAM_REPO": str(self.repo),
            "PYTHONUNBUFFERED": "1",
        }

    def pid_file(self, service: str) -> Path:
        return self.state_dir / f"{service}.pid"

    def log_file(self, service: str) -> Path:
        return self.state_dir / f"{service}.log"

    def pid(self, service: str) -> int | None:
        """The service's pid if it is still the process `up` started; a pid file left by a
        stack that died without `down` (its pid maybe reused since) is removed."""
        path = self.pid_file(service)
        if not path.exists():
            return None
        text = path.read_text().strip()
        pid = int(text) if text.isdigit() else 0
        if pid > 0 and _is_service(pid, service):
            return pid
        path.unlink(missing_ok=True)
        return None


# What each service's command line contains, to tell it from an unrelated process that got
# the same pid later.
MARKERS = {"server": "server start", "sampleweb": "serve-sample", "worker": "worker start"}


def _is_service(pid: int, service: str) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return MARKERS[service] in cmdline


@contextmanager
def _exclusive(stack: Stack) -> Iterator[None]:
    """One `up` or `down` at a time per home, so two of them cannot start two servers."""
    stack.state_dir.mkdir(parents=True, exist_ok=True)
    with (stack.state_dir / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def healthy(stack: Stack) -> bool:
    try:
        with urllib.request.urlopen(f"{stack.api_url}/health", timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _spawn(stack: Stack, service: str, command: list[str]) -> subprocess.Popen[bytes]:
    stack.state_dir.mkdir(parents=True, exist_ok=True)
    with stack.log_file(service).open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=stack.repo,
            env=stack.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: `down` stops the whole group
        )
    stack.pid_file(service).write_text(str(process.pid))
    return process


def _prefect(stack: Stack, *args: str, timeout: float = 300) -> str:
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


def _wait(
    what: str,
    ready: Callable[[], bool],
    timeout_s: float,
    log: Path,
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    deadline = time.monotonic() + timeout_s
    problem = f"not ready after {timeout_s:.0f} s"
    while time.monotonic() < deadline:
        if ready():
            return
        if process is not None and process.poll() is not None:
            problem = f"exited with {process.returncode}"
            break
        time.sleep(0.5)
    tail = log.read_text(errors="replace").splitlines()[-20:] if log.exists() else []
    raise StackError(f"{what} {problem}. Log {log}:\n" + "\n".join(tail))


def _configure_server(stack: Stack, webhook: str | None) -> None:
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


def up(
    stack: Stack,
    *,
    webhook: str | None = None,
    sample_web: bool = True,
    redeploy: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    """Start what is not running yet; safe to repeat."""
    with _exclusive(stack):
        _up(stack, webhook=webhook, sample_web=sample_web, redeploy=redeploy, say=say)


def _up(
    stack: Stack, *, webhook: str | None, sample_web: bool, redeploy: bool,
    say: Callable[[str], None],
) -> None:  # fmt: skip
    server = None
    if stack.pid("server") is None:
        if healthy(stack):
            raise StackError(
                f"something else already serves {stack.api_url}; stop it or pick another --port"
            )
        say(f"starting the Prefect server on {stack.ui_url} (SQLite in {stack.home})")
        server = _spawn(stack, "server", [sys.executable, "-m", "prefect", "server", "start"])
    # The first start migrates the SQLite database; slow on a small machine.
    _wait("Prefect server", lambda: healthy(stack), 180, stack.log_file("server"), server)
    say(f"server ready; creating work pool {WORK_POOL}")
    _configure_server(stack, webhook)
    if webhook:
        say(f"alerts go to {mask_url(webhook)} through block {DEFAULT_ALERT_BLOCK}")
    missing = [name for name in DEPLOYMENTS if not _deployment_exists(stack, name)]
    if redeploy or missing:
        why = "as asked" if redeploy else "missing: " + ", ".join(missing)
        say(f"deploying prefect.yaml ({why})")
        _prefect(stack, "--no-prompt", "deploy", "--all")
    else:
        # Deploying again would switch paused schedules back on and reset edited parameters.
        say("deployments already exist; `--redeploy` updates them from prefect.yaml")
    if sample_web and stack.pid("sampleweb") is None:
        say("serving the sample web for targets/sample.yaml")
        _spawn(stack, "sampleweb", [sys.executable, "-m", "flows.ops.cli", "serve-sample"])
    worker = None
    if stack.pid("worker") is None:
        say(f"starting a worker on pool {WORK_POOL}")
        worker = _spawn(
            stack,
            "worker",
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", WORK_POOL],
        )
    _wait("worker", lambda: _worker_online(stack), 120, stack.log_file("worker"), worker)


def _api(stack: Stack, path: str, body: object | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{stack.api_url}{path}", data=data, method="GET" if body is None else "POST"
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as reply:
        raw = reply.read()
    return json.loads(raw) if raw else None


def _deployment_exists(stack: Stack, name: str) -> bool:
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


def _cancel(stack: Stack, runs: list[dict[str, str]], timeout_s: float = 90) -> None:
    for run in runs:
        _api(stack, f"/flow_runs/{run['id']}/set_state", {"state": {"type": "CANCELLING"}})
    # The worker stops each run's process and marks it Cancelled.
    deadline = time.monotonic() + timeout_s
    while active_runs(stack) and time.monotonic() < deadline:
        time.sleep(1)


def _worker_online(stack: Stack) -> bool:
    try:
        workers = _api(stack, f"/work_pools/{WORK_POOL}/workers/filter", {})
    except (urllib.error.URLError, OSError):
        return False
    return isinstance(workers, list) and any(w.get("status") == "ONLINE" for w in workers)


def down(
    stack: Stack, say: Callable[[str], None] = print, force: bool = False, grace_s: float = 40
) -> list[str]:
    """Stop the services `up` started, worker first so no new run begins. Flow runs live in
    their own process sessions, out of the worker's group: running ones must be cancelled
    first, or they would go on crawling with nothing to record their end."""
    with _exclusive(stack):
        running = active_runs(stack) if stack.pid("worker") else []
        if running and not force:
            listed = ", ".join(f"{r['name']} ({r['state']})" for r in running)
            raise StackError(
                f"{len(running)} flow run(s) in progress: {listed}. Wait for them, or "
                "`kam stack down --force` to cancel them."
            )
        if running:
            say(f"cancelling {len(running)} flow run(s)")
            _cancel(stack, running)
        return _stop_services(stack, say, grace_s)


def _stop_services(stack: Stack, say: Callable[[str], None], grace_s: float) -> list[str]:
    stopped = []
    for service in reversed(SERVICES):
        pid = stack.pid(service)
        if pid is None:
            continue
        say(f"stopping {service} (pid {pid})")
        _stop_group(pid, grace_s)
        stack.pid_file(service).unlink(missing_ok=True)
        stopped.append(service)
    if not stopped:
        say("nothing was running")
    return stopped


def _stop_group(pid: int, grace_s: float) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(pid)


def _reap(pid: int) -> None:
    # When `up` and `down` run in one process (tests), the leader is our child: collect it.
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def status(stack: Stack) -> dict[str, int | None]:
    return {service: stack.pid(service) for service in SERVICES}
