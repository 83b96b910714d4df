"""What a stack is: where its state lives, the environment its services run in, and how to
tell its own processes from unrelated ones that later got the same pid."""

import os
from dataclasses import dataclass
from pathlib import Path

from flows.params import DEFAULT_ALERT_BLOCK

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

    @property
    def port_file(self) -> Path:
        """The port the running server was started on, so later commands find it."""
        return self.state_dir / "server.port"

    def running_port(self) -> int | None:
        if self.pid("server") is None:
            return None
        text = self.port_file.read_text().strip() if self.port_file.exists() else ""
        return int(text) if text.isdigit() else self.port

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


# The checkout this package runs from: prefect.yaml and the relative paths in it live there.
REPO = Path(__file__).resolve().parents[3]
DEFAULT_PORT = 4200


def checkout_stack(home: Path | None = None, port: int = DEFAULT_PORT) -> Stack:
    if not (REPO / "prefect.yaml").exists():
        raise StackError(f"no prefect.yaml in {REPO}; run kam from a checkout")
    return Stack(repo=REPO, home=(home or REPO / ".prefect").resolve(), port=port)
