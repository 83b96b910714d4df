"""A command-line run reports to a kept Prefect server: the first run starts it, later runs
reuse it (no temporary server per run), and every run stays visible on it."""

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sampleweb.server import SampleWeb
from tests.paths import REPO

pytestmark = pytest.mark.slow

KAM = [sys.executable, "-m", "flows.ops.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def kept_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "KAM_PREFECT_SERVER": "keep",
        "KAM_STACK_HOME": str(tmp_path / "stack-home"),
        "KAM_STACK_PORT": str(free_port()),
        "PREFECT_HOME": str(tmp_path / "client-home"),
    }
    yield env
    subprocess.run([*KAM, "stack", "down"], cwd=REPO, env=env, capture_output=True, timeout=120)


def kam(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*KAM, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def monitor_runs(api: str) -> list[dict[str, object]]:
    request = urllib.request.Request(
        f"{api}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        return [run for run in json.load(reply) if run["state_type"] == "COMPLETED"]


def test_runs_share_one_kept_server(
    kept_env: dict[str, str], web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    args = ["monitor", "--targets", str(targets_file), "--clinic", "summit",
            "--data-dir", str(tmp_path / "data")]  # fmt: skip
    first = kam(kept_env, *args)
    assert "starting the Prefect server" in first
    pid_file = Path(kept_env["KAM_STACK_HOME"]) / "stack" / "server.pid"
    server_pid = pid_file.read_text()

    second = kam(kept_env, *args)
    assert "starting the Prefect server" not in second
    assert "temporary server" not in first + second
    assert pid_file.read_text() == server_pid

    api = f"http://127.0.0.1:{kept_env['KAM_STACK_PORT']}/api"
    assert len(monitor_runs(api)) == 2
