"""Does a whole monitor cycle stay as cheap per page at 800 sites as at 8 and 80?

Serves numbered copies of the sample web (each a site of its own: `bluehaven-017` on a port of
its own) and runs one whole `kam monitor` cycle (the real CLI, in a subprocess, on a fresh data
folder) per size. Per size it reports the wall time of the command, the fetches in the run's
crawl feed, pages per second and milliseconds per page, the peak resident memory of the kam
process tree (sampled every 0.2 s, RSS summed over the process and its children; the crawl is a
child) and of the Prefect server, and where the time went: the flow's tasks as the Prefect
server recorded them, and the start-up and exit of the command around the flow run.

The runs report to the benchmark's own Prefect server (a temporary home, a free port), started
by a warm-up cycle of one site before anything is timed and stopped at the end. All traffic
stays on 127.0.0.1.

Run from the repo root:  .venv/bin/python benchmarks/scale.py [--sites 8,80,800]
"""

import argparse
import sys
import tempfile
from pathlib import Path

from scaleweb import (
    Cycle,
    PeakRss,
    PrefectServer,
    fresh_dir,
    html_pages,
    parse_sizes,
    run_cycle,
    scale_web,
)

MB = 1024 * 1024
# Task columns: the flow's tasks grouped by what they do; the rest of the flow is "other".
COLUMNS = {
    "crawl": ("crawl",),
    "stage": ("stage",),
    "load+detect": ("load_and_detect_changes",),
    "publish+report": ("publish_for_analysts", "summarise_run", "publish_report_artifacts"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", default="8,80,800", help="sizes to run, e.g. 8,80")
    sizes = parse_sizes(parser.parse_args().sites)
    rows: list[tuple[Cycle, int]] = []
    with tempfile.TemporaryDirectory(prefix="kam-scale-") as tmp_name:
        tmp = Path(tmp_name)
        server = PrefectServer(tmp / "prefect")
        try:
            with scale_web(max(sizes)) as web:
                print(f"serving {len(web.servers)} sites on 127.0.0.1", flush=True)
                warm = run_cycle(
                    server, web.write_targets(tmp / "warm.yaml", 1), tmp / "warm", 1, timings=False
                )
                print(f"warm-up (1 site, starts the Prefect server): {warm.seconds:.1f} s")
                server_pid = server.server_pid()
                for sites in sizes:
                    targets = web.write_targets(tmp / f"targets-{sites}.yaml", sites)
                    server_rss = PeakRss(server_pid) if server_pid else None
                    cycle = run_cycle(server, targets, fresh_dir(tmp / f"data-{sites}"), sites)
                    rows.append((cycle, server_rss.stop() if server_rss else 0))
                    web.log.clear()
                    print(
                        f"{sites} sites: {cycle.seconds:.1f} s, {cycle.fetches} fetches",
                        flush=True,
                    )
        finally:
            server.down()

    header = (
        f"{'sites':>5} {'fetches':>7} {'html 200':>8} {'wall s':>7} {'pages/s':>7} "
        f"{'ms/page':>7} {'peak MB':>7} {'kam MB':>6} {'crawl MB':>8} {'server MB':>9} "
        f"{'start+exit':>10} "
        + " ".join(f"{name:>{max(len(name), 6)}}" for name in COLUMNS)
        + f" {'other':>6} {'peak in':<14}"
    )
    print()
    print(header)
    print("-" * len(header))
    for cycle, server_peak in rows:
        grouped = {
            name: sum(cycle.tasks.get(t, 0.0) for t in tasks) for name, tasks in COLUMNS.items()
        }
        other = cycle.flow_seconds - sum(grouped.values())
        print(
            f"{cycle.sites:>5} {cycle.fetches:>7} {len(html_pages(cycle.records)):>8} "
            f"{cycle.seconds:>7.1f} {cycle.fetches / cycle.seconds:>7.1f} "
            f"{cycle.seconds * 1000 / cycle.fetches:>7.1f} {cycle.peak_rss / MB:>7.0f} "
            f"{cycle.peak_rss_kam / MB:>6.0f} {cycle.peak_rss_children / MB:>8.0f} "
            f"{server_peak / MB:>9.0f} {cycle.outside_flow_seconds:>10.1f} "
            + " ".join(f"{grouped[name]:>{max(len(name), 6)}.1f}" for name in COLUMNS)
            + f" {other:>6.1f} {cycle.peak_task:<14}"
        )
    print(
        "\nfetches: records in the run's crawl feed (pages, robots.txt, sitemaps, errors)."
        "\nhtml 200: distinct URLs read as HTML. peak MB: kam and its children (the crawl), RSS"
        "\nsummed; kam MB and crawl MB: the peaks of each apart; server MB: the Prefect server."
        "\nstart+exit: the command's time outside the flow run. Task columns in seconds, from the"
        "\nPrefect server; other: the flow's remaining tasks (targets, vocabulary, known pages)"
        "\nand overhead. peak in: the task running when peak MB was sampled."
    )
    largest = max(rows, key=lambda row: row[0].sites)[0]
    print(
        f"scale: sites={largest.sites} "
        f"pages_per_s={largest.fetches / largest.seconds:.1f} "
        + " ".join(
            f"ms_per_page_{cycle.sites}={cycle.seconds * 1000 / cycle.fetches:.1f}"
            for cycle, _ in rows
        )
        + f" peak_rss_mb={largest.peak_rss / MB:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
