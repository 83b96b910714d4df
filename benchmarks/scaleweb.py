"""Shared by benchmarks/scale.py and benchmarks/peers.py: numbered copies of the sample web on
loopback ports, whole `kam monitor` cycles (the real CLI, in a subprocess) reporting to the
benchmark's own Prefect server, the peak memory of a process tree, and what a cycle fetched.

Everything here talks to 127.0.0.1 only: the sample web's copies and the Prefect server."""

import json
import math
import os
import resource
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sampleweb.model import base_clinics
from sampleweb.server import SampleWeb

REPO = Path(__file__).resolve().parents[1]
KAM = REPO / ".venv" / "bin" / "kam"
SITES_PER_COPY = len(base_clinics())
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise SystemExit(f"--sites wants positive numbers separated by commas, got {text!r}")
    return sizes


def raise_open_files(needed: int) -> int:
    """Raise this process's soft limit on open files (children inherit it) to at least
    `needed`, as far as the hard limit allows; returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def scale_web(sites: int) -> Iterator[SampleWeb]:
    """Enough whole copies of the sample web for `sites` sites, one listener per site. Each
    listener holds a file descriptor here and each crawled site up to a few connections at
    both ends, so the open-files limit is raised first."""
    copies = math.ceil(sites / SITES_PER_COPY)
    raise_open_files(copies * SITES_PER_COPY * 12 + 1024)
    with SampleWeb(copies=copies) as web:
        yield web


class PrefectServer:
    """The benchmark's own kept Prefect server (flows/ops/server.py): its home in a temporary
    folder and a free port, so neither the checkout's `.prefect` nor port 4200 is touched. The
    first `kam` run starts it; `down()` stops it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PREFECT_API_URL", "KAM_PREFECT_SERVER")
        }
        self.env = {
            **env,
            "KAM_STACK_HOME": str(home),
            "KAM_STACK_PORT": str(self.port),
            # The kam client's own Prefect files stay in the temporary home too.
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def down(self) -> None:
        subprocess.run(
            [str(KAM), "stack", "down"], cwd=REPO, env=self.env, check=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def server_pid(self) -> int | None:
        path = self.home / "stack" / "server.pid"
        text = path.read_text().strip() if path.exists() else ""
        return int(text) if text.isdigit() else None

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            self.api_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


# ----- memory ------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # The command name, in parentheses, may hold spaces; the fields after it do not.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss(root: int) -> tuple[int, int]:
    """Bytes resident in `root`, and in all its descendants summed (shared pages count once
    per process, as `ps` shows them)."""
    children = _children()
    own = descendants = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError):
            continue
        if pid == root:
            own = rss
        else:
            descendants += rss
    return own, descendants


class PeakRss:
    """Samples the resident memory of a process tree every `interval_s` until stopped: the
    peak of the whole tree, and apart the peaks of the root and of its descendants."""

    def __init__(self, pid: int, interval_s: float = 0.2) -> None:
        self.pid, self.interval_s = pid, interval_s
        self.peak = self.peak_root = self.peak_children = 0
        self.peak_at = 0.0  # time.time() of the whole tree's peak
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            own, descendants = tree_rss(self.pid)
            if own + descendants > self.peak:
                self.peak, self.peak_at = own + descendants, time.time()
            self.peak_root = max(self.peak_root, own)
            self.peak_children = max(self.peak_children, descendants)
            self._stop.wait(self.interval_s)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def du(path: Path) -> int:
    """Bytes of the files under `path` (apparent sizes, like `du -sb`)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


# ----- a monitor cycle ---------------------------------------------------------------------------


@dataclass
class Cycle:
    sites: int
    seconds: float
    peak_rss: int
    peak_rss_kam: int  # the kam process alone
    peak_rss_children: int  # its children (the crawl) together
    data_dir: Path
    run_dir: Path
    started_at: float  # time.time() when the command started
    output: str
    tasks: dict[str, float] = field(default_factory=dict)  # seconds per task name
    peak_task: str = ""  # the task running when the tree's memory peaked
    flow_seconds: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fetches(self) -> int:
        return len(self.records)

    @property
    def outside_flow_seconds(self) -> float:
        """Start-up (interpreter, imports, finding the server) and exit around the flow run."""
        return self.seconds - self.flow_seconds


def run_cycle(
    server: PrefectServer, targets: Path, data_dir: Path, sites: int, *, timings: bool = True
) -> Cycle:
    """One `kam monitor` of `targets` into `data_dir`, timed from the command's start to its
    exit, with the peak memory of its process tree (the crawl runs in a child process)."""
    started_at = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(KAM), "monitor", "--targets", str(targets), "--data-dir", str(data_dir)],
        cwd=REPO,
        env=server.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = PeakRss(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"kam monitor exited with {process.returncode}:\n{output[-3000:]}")
    runs = sorted((data_dir / "crawls").iterdir(), key=lambda p: p.stat().st_mtime)
    cycle = Cycle(
        sites, seconds, peak, sampler.peak_root, sampler.peak_children, data_dir, runs[-1],
        started_at, output,
    )  # fmt: skip
    cycle.records = list(feed_records(cycle.run_dir))
    if timings:
        cycle.flow_seconds, cycle.tasks, windows = flow_timings(server, started_at)
        cycle.peak_task = next(
            (name for name, start, end in windows if start <= sampler.peak_at <= end), "-"
        )
    return cycle


def feed_records(run_dir: Path) -> Iterator[dict[str, Any]]:
    """The crawl feed's fetch records, without their bodies."""
    with (run_dir / "feed.jsonl").open(encoding="utf-8") as feed:
        for line in feed:
            if line.strip():
                record = json.loads(line)
                record.pop("body_b64", None)
                yield record


def html_pages(records: list[dict[str, Any]]) -> list[str]:
    """The URLs the crawl got HTTP 200 HTML for, in crawl order, each once."""
    urls = (
        r["requested_url"]
        for r in records
        if r.get("status") == 200 and (r.get("content_type") or "").startswith("text/html")
    )
    return list(dict.fromkeys(urls))


def flow_timings(
    server: PrefectServer, since: float
) -> tuple[float, dict[str, float], list[tuple[str, float, float]]]:
    """The duration of the monitor flow run started after `since`, of its tasks by task name,
    and each task's start and end (epoch seconds), as the benchmark's Prefect server recorded
    them."""
    after = datetime.fromtimestamp(since).astimezone().isoformat()
    runs = server.post(
        "/flow_runs/filter",
        {"flow_runs": {"start_time": {"after_": after}}, "sort": "START_TIME_DESC", "limit": 1},
    )
    if not runs:
        return 0.0, {}, []
    run = runs[0]
    tasks: dict[str, float] = {}
    windows = []
    for task in server.post(
        "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}, "limit": 200}
    ):
        name = task["name"].rsplit("-", 1)[0]
        tasks[name] = tasks.get(name, 0.0) + _seconds(task)
        if task.get("start_time") and task.get("end_time"):
            start = datetime.fromisoformat(task["start_time"]).timestamp()
            windows.append((name, start, datetime.fromisoformat(task["end_time"]).timestamp()))
    return _seconds(run), tasks, windows


def _seconds(run: dict[str, Any]) -> float:
    if run.get("start_time") and run.get("end_time"):
        start = datetime.fromisoformat(run["start_time"])
        return (datetime.fromisoformat(run["end_time"]) - start).total_seconds()
    return float(run.get("total_run_time") or 0.0)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
