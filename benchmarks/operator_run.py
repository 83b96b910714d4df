"""How long does an operator wait from triggering a monitor run to seeing it completed, on the
stack `kam stack up` starts (Prefect server, process worker), crawling the whole sample web?

Run from the repo root:  .venv/bin/python benchmarks/operator_run.py [--runs 3]
It starts its own stack on a free port with a temporary Prefect home, and stops it at the end.
"""

import argparse
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flows.ops import runtime

runtime.configure()

from prefect.client.orchestration import get_client  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402

from flows.ops.stack import Stack, down, up  # noqa: E402
from sampleweb.model import editions  # noqa: E402
from sampleweb.server import SampleWeb  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def trigger_and_wait(deployment_id: object, parameters: dict[str, object]) -> dict[str, float]:
    with get_client(sync_client=True) as client:
        triggered = time.monotonic()
        run = client.create_flow_run_from_deployment(deployment_id, parameters=parameters)  # type: ignore[arg-type]
        started = None
        deadline = triggered + 600
        while True:
            if time.monotonic() > deadline:
                sys.exit(f"run {run.name} did not finish within 600 s")
            current = client.read_flow_run(run.id)
            assert current.state is not None
            if started is None and current.state.is_running():
                started = time.monotonic()
            if current.state.is_final():
                break
            time.sleep(0.25)
        done = time.monotonic()
    if not current.state.is_completed():
        sys.exit(f"run {run.name} ended {current.state.name}: {current.state.message}")
    started = started or done
    return {"pickup_s": started - triggered, "run_s": done - started, "total_s": done - triggered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kam-operator-bench-") as tmp:
        stack = Stack(repo=REPO, home=Path(tmp) / "prefect", port=free_port())
        started = time.monotonic()
        try:
            up(stack, sample_web=False, say=lambda line: None)
            stack_up_s = time.monotonic() - started
            rows = []
            with SampleWeb() as web, temporary_settings({PREFECT_API_URL: stack.api_url}):
                targets = web.write_targets(Path(tmp) / "targets.yaml")
                with get_client(sync_client=True) as client:
                    deployment = client.read_deployment_by_name("monitor/monitor")
                for n in range(args.runs):
                    edition = editions()[n % len(editions())]
                    parameters = {
                        "params": {
                            "targets": str(targets),
                            "data_dir": str(Path(tmp) / "data"),
                            "sample_edition": edition.number,
                            "label": f"benchmark run {n + 1}",
                        }
                    }
                    rows.append(trigger_and_wait(deployment.id, parameters))
        finally:
            down(stack, say=lambda line: None)

    print(f"Operator stack up in {stack_up_s:.1f} s; each run crawls the 8 sample clinics")
    print(f"{'run':>4} {'pickup s':>9} {'run s':>7} {'trigger→completed s':>20}")
    for i, row in enumerate(rows, 1):
        print(f"{i:>4} {row['pickup_s']:>9.1f} {row['run_s']:>7.1f} {row['total_s']:>20.1f}")
    median = {k: statistics.median(r[k] for r in rows) for k in ("pickup_s", "run_s", "total_s")}
    print(
        f"operator_run: runs={len(rows)} stack_up_s={stack_up_s:.1f} "
        f"pickup_s={median['pickup_s']:.1f} run_s={median['run_s']:.1f} "
        f"trigger_to_completed_s={median['total_s']:.1f}"
    )


if __name__ == "__main__":
    main()
