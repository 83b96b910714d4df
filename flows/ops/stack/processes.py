"""Process supervision for the stack's services: each started as its own process group with a
pid file and a log, waited for until ready, and stopped group by group."""

import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from flows.ops.stack.config import SERVICES, Stack, StackError


@contextmanager
def exclusive(stack: Stack) -> Iterator[None]:
    """One `up` or `down` at a time per home, so two of them cannot start two servers."""
    stack.state_dir.mkdir(parents=True, exist_ok=True)
    with (stack.state_dir / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def spawn(stack: Stack, service: str, command: list[str]) -> subprocess.Popen[bytes]:
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


def wait_until(
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


def stop_services(stack: Stack, say: Callable[[str], None], grace_s: float) -> list[str]:
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
