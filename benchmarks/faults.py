"""Does the monitor survive a hostile web, a careless operator and sudden death, without a packet
leaving the machine?

Four parts, all on 127.0.0.1:
1. Kill matrix: `kam monitor` on the sample web is killed with SIGKILL (its whole process group,
   crawler included) right after each stage finishes and a little into the next; after each kill
   the published and the pipeline's warehouse must hold every earlier run whole and no partial
   one (data_ok), and a normal run started at once must complete (next_run_ok).
2. Two runs at once and an analyst holding the published file during a run.
3. The hostile-web and bad-input test suites (each test case one case; held / clear = passed).
4. Every connect() of every process above, traced with strace: any to an address outside
   127.0.0.0/8 and ::1 is a forbidden connect.

Run: .venv/bin/python benchmarks/faults.py [--quick]   (--quick: one delay per stage)
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sampleweb.server import SampleWeb  # noqa: E402
from warehouse.db import WarehousePaths, connect  # noqa: E402

# Tasks of the monitor flow in the order they run; a kill lands after one finishes.
STAGES = [
    "read_targets", "check_vocabulary", "read_known_pages", "crawl_and_stage",
    "load_and_detect_changes", "publish_for_analysts", "summarise_run",
]  # fmt: skip
DELAYS = [0.0, 0.4, 1.2]
CLINICS = ["clearpath", "northstar"]
NEXT_RUN_LIMIT_S = 120
HOSTILE_SUITES = [
    "tests/crawlers/test_hostile_web.py", "tests/crawlers/test_guard.py",
    "tests/staging/test_feed.py", "tests/reporting/test_safe_text.py",
    "tests/warehouse/test_writer_lock.py",
]  # fmt: skip
BAD_INPUT_SUITES = [
    "tests/ops/test_cli_bad_inputs.py", "tests/extraction/test_vocabulary.py",
    "tests/crawlers/test_targets.py", "tests/flows/test_monitor_failures.py",
]  # fmt: skip
# strace's rendering of an IPv4 or IPv6 connect(): the port, then the address.
CONNECT = re.compile(
    r"connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\), "
    r'(?:sin_addr=inet_addr\("([^"]+)"\)|sin6_flowinfo=[^,]*, inet_pton\(AF_INET6, "([^"]+)")'
)


@dataclass
class KillPoint:
    stage: str
    delay: float
    killed: bool = False
    data_ok: bool = False
    next_run_ok: bool = False
    next_run_s: float = 0.0
    note: str = ""


def kam(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.ops.cli", *args]


def integrity(data: Path) -> tuple[bool, int, str]:
    """Every stored observation belongs to a stored run, no observation twice, in both files."""
    paths = WarehousePaths(data)
    runs = -1
    for path in (paths.working, paths.published):
        if not path.exists():
            continue
        try:
            with connect(path, read_only=True) as con:
                orphans = con.execute(
                    "SELECT count(*) FROM observations o ANTI JOIN runs r USING (run_id)"
                ).fetchone()[0]  # type: ignore[index]
                dupes = con.execute(
                    "SELECT count(*) - count(DISTINCT observation_id) FROM observations"
                ).fetchone()[0]  # type: ignore[index]
                count = con.execute("SELECT count(*) FROM runs").fetchone()[0]  # type: ignore[index]
        except Exception as exc:
            return False, runs, f"{path.name}: {exc}"
        if orphans or dupes:
            return False, runs, f"{path}: {orphans} orphan and {dupes} duplicate observations"
        if path == paths.published:
            runs = int(count)
    return True, runs, ""


def monitor_args(targets: Path, data: Path) -> list[str]:
    clinics = [arg for c in CLINICS for arg in ("--clinic", c)]
    return kam("monitor", "--targets", str(targets), "--data-dir", str(data), "--max-pages", "15",
               *clinics)  # fmt: skip


def run_to_completion(targets: Path, data: Path, env: dict[str, str]) -> tuple[bool, float, str]:
    started = time.monotonic()
    try:
        done = subprocess.run(
            monitor_args(targets, data), cwd=REPO, env=env, capture_output=True, text=True,
            timeout=NEXT_RUN_LIMIT_S + 120,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started, "timed out"
    took = time.monotonic() - started
    return done.returncode == 0 and took <= NEXT_RUN_LIMIT_S + 60, took, done.stderr[-300:]


def kill_at(point: KillPoint, targets: Path, data: Path, env: dict[str, str]) -> None:
    marker = re.compile(rf"Task run '{point.stage}-[^']*' - Finished")
    process = subprocess.Popen(
        monitor_args(targets, data), cwd=REPO, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if marker.search(line):
            time.sleep(point.delay)
            os.killpg(process.pid, signal.SIGKILL)
            point.killed = True
            break
    process.wait(timeout=120)
    if not point.killed:
        point.note = f"run ended (exit {process.returncode}) before {point.stage} finished"


def kill_matrix(quick: bool, env: dict[str, str], work: Path) -> list[KillPoint]:
    points = [KillPoint(s, d) for s in STAGES for d in (DELAYS[:1] if quick else DELAYS)]
    with SampleWeb() as web:
        targets = web.write_targets(work / "sample.yaml")
        data = work / "kills"
        ok, _took, err = run_to_completion(targets, data, env)  # history to protect
        if not ok:
            raise SystemExit(f"the baseline run failed: {err}")
        for number, point in enumerate(points, 1):
            _, runs_before, _ = integrity(data)
            kill_at(point, targets, data, env)
            intact, runs_after, note = integrity(data)
            point.data_ok = point.killed and intact and runs_after >= runs_before
            point.note = point.note or note
            point.next_run_ok, point.next_run_s, err = run_to_completion(targets, data, env)
            intact_after, runs_next, note = integrity(data)
            point.next_run_ok = point.next_run_ok and intact_after and runs_next > runs_after
            if not point.next_run_ok:
                point.note = point.note or note or err
            print(f"  kill {number:2}/{len(points)} after {point.stage:24} +{point.delay:.1f}s: "
                  f"data {'ok' if point.data_ok else 'LOST'}, next run "
                  f"{'ok' if point.next_run_ok else 'FAILED'} in {point.next_run_s:.0f}s "
                  f"{point.note}", flush=True)  # fmt: skip
    return points


def concurrency(env: dict[str, str], work: Path) -> tuple[bool, bool]:
    """Two runs started together both complete; a run completes while an analyst holds the
    published file open."""
    with SampleWeb() as web:
        targets = web.write_targets(work / "sample2.yaml")
        data = work / "together"
        results: list[tuple[bool, float, str]] = []
        # Each CLI run keeps Prefect's state in its own home, as two operators' shells would.
        homes = [{**env, "PREFECT_HOME": str(work / f"prefect-home-{n}")} for n in range(2)]
        threads = [
            threading.Thread(target=lambda e=e: results.append(run_to_completion(targets, data, e)))
            for e in homes
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        together = len(results) == 2 and all(r[0] for r in results) and integrity(data)[0]
        together = together and integrity(data)[1] == 2
        published = WarehousePaths(data).published
        analyst = subprocess.Popen(
            [sys.executable, "-c",
             "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
             "c.execute('SELECT count(*) FROM claims').fetchall(); print('open', flush=True); "
             "time.sleep(600)", str(published)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert analyst.stdout is not None
        analyst.stdout.readline()
        try:
            held_ok = run_to_completion(targets, data, env)[0] and integrity(data)[1] == 3
        finally:
            analyst.kill()
            analyst.wait()
    return together, held_ok


def suite(
    paths: list[str], env: dict[str, str], work: Path, name: str
) -> tuple[int, int, list[str]]:
    report = work / f"{name}.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
         *paths], cwd=REPO, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    cases = ET.parse(report).getroot().iter("testcase")
    total, passed, failed = 0, 0, []
    for case in cases:
        total += 1
        if any(child.tag in ("failure", "error") for child in case):
            failed.append(f"{case.get('classname')}::{case.get('name')}")
        elif not any(child.tag == "skipped" for child in case):
            passed += 1
    return total, passed, failed


def forbidden(trace_dir: Path) -> tuple[int, list[str]]:
    """(IP connects seen, the ones to an address outside loopback)."""
    found, seen = [], 0
    for trace in trace_dir.glob("trace*"):
        for line in trace.read_text(errors="replace").splitlines():
            if "sa_family=AF_INET" in line and not CONNECT.search(line):
                found.append(f"unparsed: {line.strip()[:200]}")  # never let a format slip by
                continue
            match = CONNECT.search(line)
            if not match:
                continue
            seen += 1
            address = match.group(2) or match.group(3) or ""
            if address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1"):
                continue
            if address.startswith("::ffff:127."):
                continue
            found.append(line.strip()[:200])
    return seen, found


def inner(args: argparse.Namespace) -> None:
    work = Path(args.work)
    # Prefect's temporary server per run: a kept server (flows/ops/server.py) would outlive
    # the benchmark, and the kills here are aimed at the run's own processes.
    env = {
        **os.environ,
        "PREFECT_HOME": str(work / "prefect-home"),
        "KAM_PREFECT_SERVER": "temporary",
    }
    print("kill matrix", flush=True)
    points = kill_matrix(args.quick, env, work)
    print("two runs at once; an analyst holding the file", flush=True)
    together, held_open = concurrency(env, work)
    print("hostile-web suites", flush=True)
    hostile, held, hostile_failed = suite(HOSTILE_SUITES, env, work, "hostile")
    print("bad-input suites", flush=True)
    bad, clear, bad_failed = suite(BAD_INPUT_SUITES, env, work, "bad")
    rows = [
        ("kill points (SIGKILL of the run's process group)", len(points)),
        ("  stored data intact after the kill", sum(p.data_ok for p in points)),
        ("  next run completed (within 2 min of its start)", sum(p.next_run_ok for p in points)),
        ("  slowest next run (s)", round(max((p.next_run_s for p in points), default=0))),
        ("two runs started together both complete", together),
        ("run completes while an analyst holds the file", held_open),
        ("hostile-web cases", hostile),
        ("  held", held),
        ("bad-input cases", bad),
        ("  with a clear error", clear),
    ]
    width = max(len(r[0]) for r in rows)
    print("\n" + "\n".join(f"{label:<{width}}  {value}" for label, value in rows))
    for name in hostile_failed + bad_failed:
        print(f"  FAILED {name}")
    (work / "summary.txt").write_text(
        f"kills={len(points)} data_ok={sum(p.data_ok for p in points)} "
        f"next_run_ok={sum(p.next_run_ok for p in points)} hostile={hostile} held={held} "
        f"bad_inputs={bad} clear={clear} concurrent_ok={int(together)} "
        f"analyst_ok={int(held_open)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one kill delay per stage")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args)
        return
    strace = shutil.which("strace")
    if strace is None:
        raise SystemExit(
            "benchmarks/faults.py needs strace (apt-get install strace) to count connects"
        )
    with tempfile.TemporaryDirectory(prefix="kam-faults-") as tmp:
        work = Path(tmp)
        traces = work / "traces"
        traces.mkdir()
        command = [strace, "-f", "-ff", "-qq", "-e", "trace=connect", "-o", str(traces / "trace"),
                   sys.executable, __file__, "--inner", "--work", str(work)]  # fmt: skip
        if args.quick:
            command.append("--quick")
        done = subprocess.run(command, cwd=REPO, check=False)
        if done.returncode != 0:
            raise SystemExit(f"the fault suite stopped with exit {done.returncode}")
        seen, bad = forbidden(traces)
        print(f"\nIP connects traced in all processes: {seen}, outside loopback: {len(bad)}")
        for line in bad[:20]:
            print(f"  forbidden connect: {line}")
        summary = (work / "summary.txt").read_text()
        print(f"\nfaults: {summary} forbidden_connects={len(bad)} connects_traced={seen}")


if __name__ == "__main__":
    main()
