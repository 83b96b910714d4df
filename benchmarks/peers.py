"""How does a monitor cycle compare with urlwatch and changedetection.io checking the same pages?

At 80 sites of the sample web's copies (`--sites`), runs our `kam monitor` cycle, takes the URLs
it got HTTP 200 HTML for, and has urlwatch and changedetection.io check exactly that list:
first with empty state (cold), then again on the unchanged web (re-check). The tools take
turns (ours, urlwatch, changedetection.io, cold and then re-check) for `--rounds` rounds, each
round on fresh state.

pages/s is the URL list's length over the wall time of the whole check, start-up included:
for ours and urlwatch the command from start to exit; for changedetection.io the time from
starting its server (its watches added through its API) until its API shows every watch
checked since that start. "bytes" is what the re-check added to the tool's data folder
(apparent file sizes, like `du -sb`). Our cycle also fetches robots.txt, sitemaps and error
pages; its pages are still the list's length.

Parallelism: urlwatch 2.29 runs its fixed 10 worker threads (it has no setting for them);
changedetection.io gets 5 fetch workers (`--cdio-workers`), as in the issue's measurement.

The peers live in their own virtualenvs, outside the repo, built once with pip and reused
(`--peers-dir`, default `~/.cache/ketamine-ad-monitor/peers`). Nothing may leave loopback:
changedetection.io starts from a datastore holding only settings (a fresh one would add two
watches on public websites), with its version check (which also reports an install id and
watch count) switched off; urlwatch's configuration enables no reporter but stdout.
`--trace-connects` runs the peers under strace and fails on any connect outside loopback.

Run from the repo root:  .venv/bin/python benchmarks/peers.py [--sites 80] [--rounds 2]
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml
from scaleweb import PeakRss, PrefectServer, du, free_port, html_pages, run_cycle, scale_web

URLWATCH = "urlwatch==2.29"
CDIO = "changedetection.io==0.60.10"
MB = 1024 * 1024
# strace's rendering of an IPv4 or IPv6 connect(): the address.
CONNECT = re.compile(
    r"connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\(\d+\), "
    r'(?:sin_addr=inet_addr\("([^"]+)"\)|sin6_flowinfo=[^,]*, inet_pton\(AF_INET6, "([^"]+)")'
)
# Variables that would send a peer's requests through a proxy, off this machine.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                   "ALL_PROXY", "no_proxy", "NO_PROXY")  # fmt: skip


@dataclass
class Check:
    tool: str
    kind: str  # "cold" or "re-check"
    round: int
    pages: int
    seconds: float
    bytes_added: int | None = None
    peak_rss: int = 0
    errors: int = 0
    note: str = ""

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


# ----- the peers' virtualenvs --------------------------------------------------------------------


def default_peers_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "ketamine-ad-monitor" / "peers"


def ensure_venv(root: Path, requirement: str) -> Path:
    """A virtualenv with `requirement` installed, under `root`; built once, then reused."""
    venv = root / requirement.replace("==", "-")
    marker = venv / "installed.txt"
    if marker.exists() and marker.read_text() == requirement:
        return venv
    print(f"installing {requirement} into {venv} (once)", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, requirement], check=True)
    marker.write_text(requirement)
    return venv


def peer_env(home: Path) -> dict[str, str]:
    """The peers' environment: no proxies, and a home of their own so nothing lands in the
    user's."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    home.mkdir(parents=True, exist_ok=True)
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONUNBUFFERED": "1"}  # fmt: skip


class Tracer:
    """Optionally runs commands under strace, recording every connect()."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.strace = shutil.which("strace") if folder else None
        if folder and not self.strace:
            raise SystemExit("--trace-connects needs strace (apt-get install strace)")
        self._count = 0

    def wrap(self, command: list[str]) -> list[str]:
        if not self.folder or not self.strace:
            return command
        self._count += 1
        out = self.folder / f"trace-{self._count}"
        return [self.strace, "-f", "-qq", "-e", "trace=connect", "-o", str(out), *command]

    def connects(self) -> tuple[int, list[str]]:
        """IP connects seen, and those outside loopback."""
        seen, bad = 0, []
        for path in sorted(self.folder.glob("trace-*")) if self.folder else []:
            for line in path.read_text(errors="replace").splitlines():
                match = CONNECT.search(line)
                if not match:
                    continue
                seen += 1
                address = match.group(1) or match.group(2)
                mapped = address.removeprefix("::ffff:")
                if not (mapped.startswith("127.") or address == "::1"):
                    bad.append(line.strip())
        return seen, bad


# ----- urlwatch ----------------------------------------------------------------------------------


def urlwatch_config(venv: Path) -> dict[str, Any]:
    """Every reporter urlwatch knows switched off but stdout (read from the installed
    package's defaults, so a reporter added in a later version is off too)."""
    script = "import json; from urlwatch.storage import DEFAULT_CONFIG; print(json.dumps(DEFAULT_CONFIG['report']))"  # noqa: E501
    reporters = json.loads(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", script], capture_output=True, text=True, check=True
        ).stdout
    )
    report: dict[str, Any] = {
        name: {"enabled": False} for name, value in reporters.items() if "enabled" in value
    }
    report["stdout"] = {"enabled": True, "color": False}
    return {"report": report}


def run_urlwatch(
    venv: Path, folder: Path, urls: list[str], kind: str, round_: int, tracer: Tracer
) -> Check:
    if kind == "cold":
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "urls.yaml").write_text(
            yaml.safe_dump_all([{"name": f"page {i}", "url": u} for i, u in enumerate(urls)]),
            encoding="utf-8",
        )
        (folder / "urlwatch.yaml").write_text(yaml.safe_dump(urlwatch_config(venv)))
    before = du(folder)
    command = [
        str(venv / "bin" / "urlwatch"), "--urls", str(folder / "urls.yaml"),
        "--config", str(folder / "urlwatch.yaml"), "--cache", str(folder / "cache.db"),
        "--hooks", str(folder / "no-hooks.py"),
    ]  # fmt: skip
    # Beside the data folder, not in it: the report is output, not what urlwatch keeps.
    log = folder.parent / f"urlwatch-report-{kind}.txt"
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            tracer.wrap(command), stdout=out, stderr=subprocess.STDOUT,
            env=peer_env(folder.parent / "home-urlwatch"), cwd=folder,
        )  # fmt: skip
        sampler = PeakRss(process.pid)
        process.wait()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"urlwatch exited with {process.returncode}; see {log}")
    errors = sum(line.startswith("ERROR") for line in log.read_text().splitlines())
    added = du(folder) - before if kind == "re-check" else None
    return Check("urlwatch", kind, round_, len(urls), seconds, added, peak, errors)


# ----- changedetection.io ------------------------------------------------------------------------


def cdio_schema_version(venv: Path) -> int:
    """The newest datastore schema the installed changedetection.io knows: a datastore marked
    older would be run through its upgrade steps."""
    script = (
        "import re; from changedetectionio.store.updates import DatastoreUpdatesMixin as M; "
        "print(max(int(m.group(1)) for n in dir(M) if (m := re.fullmatch(r'update_(\\d+)', n))))"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", script], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


class Cdio:
    """One changedetection.io datastore, with settings only until our watches are added."""

    def __init__(self, venv: Path, folder: Path, workers: int, tracer: Tracer) -> None:
        self.venv, self.folder, self.workers, self.tracer = venv, folder, workers, tracer
        self.datastore = folder / "datastore"
        self.token = secrets.token_hex(16)
        self.schema = cdio_schema_version(venv)

    def reset(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.datastore.mkdir(parents=True)
        # changedetection.json is what marks a datastore as existing; without it the first
        # start is a "fresh install" and adds two default watches on public websites.
        settings = {
            "app_guid": str(uuid.uuid4()),
            "settings": {
                "application": {
                    "schema_version": self.schema,
                    "api_access_token": self.token,
                    "api_access_token_enabled": True,
                    "rss_access_token": secrets.token_hex(16),
                    "notification_urls": [],
                },
                "requests": {"workers": self.workers},
            },
        }
        (self.datastore / "changedetection.json").write_text(json.dumps(settings, indent=1))

    def env(self) -> dict[str, str]:
        return {
            **peer_env(self.folder / "home"),
            # Our pages are on 127.0.0.1, which it refuses by default.
            "ALLOW_IANA_RESTRICTED_ADDRESSES": "true",
            # The daily version check posts the install id and watch count to its website.
            "DISABLE_VERSION_CHECK": "true",
            # litellm's model price map from GitHub (the package defaults to this already).
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "FETCH_WORKERS": str(self.workers),
        }

    def api(self, port: int, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"x-api-key": self.token, "Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def check(self, urls: list[str], kind: str, round_: int) -> Check:
        if kind == "cold":
            self.reset()
        if kind == "cold" and any(p.is_dir() for p in self.datastore.iterdir()):
            raise SystemExit(f"{self.datastore} holds watches before the cold check")
        before = du(self.datastore)
        port = free_port()
        command = [str(self.venv / "bin" / "changedetection.io"), "-d", str(self.datastore),
                   "-h", "127.0.0.1", "-p", str(port)]  # fmt: skip
        if kind == "re-check":
            command += ["-r", "all"]  # queue every watch at start-up
        log = (self.folder / f"log-{kind}.txt").open("w")
        since = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(
            self.tracer.wrap(command), stdout=log, stderr=subprocess.STDOUT, env=self.env(),
            cwd=self.folder, start_new_session=True,
        )  # fmt: skip
        sampler = PeakRss(process.pid)
        try:
            self._wait_for_api(port, process)
            if kind == "cold":
                for url in urls:
                    self.api(port, "POST", "/watch", {"url": url, "fetch_backend": "html_requests"})
            watches = self._wait_until_checked(port, urls, since, process)
            seconds = time.perf_counter() - started
        finally:
            peak = sampler.stop()
            self._stop(process)
            log.close()
        errors = sum(bool(w.get("last_error")) for w in watches.values())
        added = du(self.datastore) - before if kind == "re-check" else None
        return Check("cdio", kind, round_, len(urls), seconds, added, peak, errors)

    def _wait_for_api(self, port: int, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"changedetection.io exited with {process.returncode}")
            try:
                self.api(port, "GET", "/watch")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise SystemExit("changedetection.io's API did not answer within 180 s")

    def _wait_until_checked(
        self, port: int, urls: list[str], since: float, process: subprocess.Popen[bytes]
    ) -> dict[str, Any]:
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            watches: dict[str, Any] = self.api(port, "GET", "/watch")
            listed = {w["url"] for w in watches.values()}
            if listed - set(urls):
                raise SystemExit(f"changedetection.io watches URLs not ours: {listed - set(urls)}")
            # last_checked is whole seconds; the previous check is seconds older than `since`.
            if len(watches) == len(urls) and all(
                (w.get("last_checked") or 0) >= int(since) for w in watches.values()
            ):
                return watches
            if process.poll() is not None:
                raise SystemExit(f"changedetection.io exited with {process.returncode}")
            time.sleep(0.2)
        raise SystemExit("changedetection.io did not check every watch within 30 minutes")

    def _stop(self, process: subprocess.Popen[bytes]) -> None:
        # Its own session (start_new_session): the group is exactly what we started.
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ----- ours --------------------------------------------------------------------------------------


# Fetch outcomes of ours that mean a page could not be checked at all.
FAILED = frozenset({"timeout", "connection_refused", "network_error", "dns_error"})


def used_bytes(database: Path) -> int:
    """Bytes in the blocks DuckDB holds data in (the file also keeps freed blocks for reuse)."""
    if not database.exists():
        return 0
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute("SELECT block_size * used_blocks FROM pragma_database_size()").fetchone()
    return int(row[0]) if row else 0


def run_ours(
    server: PrefectServer, targets: Path, data_dir: Path, pages: int, kind: str, round_: int
) -> tuple[Check, list[str]]:
    if kind == "cold":
        shutil.rmtree(data_dir, ignore_errors=True)
    published, working = data_dir / "monitor.duckdb", data_dir / "pipeline" / "monitor.duckdb"
    before = {"all": du(data_dir), "published": du(published), "working": du(working),
              "used": used_bytes(published)}  # fmt: skip
    cycle = run_cycle(server, targets, data_dir, 0, timings=False)
    errors = sum(r.get("outcome") in FAILED for r in cycle.records)
    check = Check("ours", kind, round_, pages, cycle.seconds, None, cycle.peak_rss, errors)
    check.note = f"{cycle.fetches} fetches"
    if kind == "re-check":
        check.bytes_added = du(data_dir) - before["all"]
        check.note += (
            f"; bytes: crawl folder {du(cycle.run_dir):,}, published file "
            f"{du(published) - before['published']:+,}, working file "
            f"{du(working) - before['working']:+,}; data in the published file "
            f"{used_bytes(published) - before['used']:+,}"
        )
    return check, html_pages(cycle.records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--cdio-workers", type=int, default=5, help="changedetection.io fetch workers"
    )
    parser.add_argument("--peers-dir", type=Path, default=default_peers_dir())
    parser.add_argument(
        "--trace-connects",
        action="store_true",
        help="strace the peers' connects (slows the peers: not for timing)",
    )
    args = parser.parse_args()
    urlwatch_venv = ensure_venv(args.peers_dir, URLWATCH)
    cdio_venv = ensure_venv(args.peers_dir, CDIO)
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="kam-peers-") as tmp_name:
        tmp = Path(tmp_name)
        tracer = Tracer(tmp / "traces" if args.trace_connects else None)
        if tracer.folder:
            tracer.folder.mkdir()
        server = PrefectServer(tmp / "prefect")
        try:
            with scale_web(args.sites) as web:
                targets = web.write_targets(tmp / "targets.yaml", args.sites)
                warm = run_cycle(
                    server, web.write_targets(tmp / "warm.yaml", 1), tmp / "warm", 1, timings=False
                )
                print(f"warm-up (1 site, starts the Prefect server): {warm.seconds:.1f} s")
                urls: list[str] = []
                cdio = Cdio(cdio_venv, tmp / "cdio", args.cdio_workers, tracer)
                for round_ in range(1, args.rounds + 1):
                    for kind in ("cold", "re-check"):
                        ours, fetched = run_ours(
                            server, targets, tmp / "ours", len(urls), kind, round_
                        )
                        if not urls:  # the first cycle decides the list for every check
                            urls = fetched
                            ours.pages = len(urls)
                            (tmp / "urls.txt").write_text("\n".join(urls))
                        elif kind == "cold" and set(fetched) != set(urls):
                            ours.note += f"; read {len(fetched)} HTML pages, not the same list"
                        round_checks = [
                            ours,
                            run_urlwatch(urlwatch_venv, tmp / "urlwatch", urls, kind, round_,
                                         tracer),
                            cdio.check(urls, kind, round_),
                        ]  # fmt: skip
                        for check in round_checks:
                            print(
                                f"round {round_} {kind:8} {check.tool:8} "
                                f"{check.seconds:6.1f} s {check.pages_per_s:6.1f} pages/s",
                                flush=True,
                            )
                        checks += round_checks
        finally:
            server.down()
        seen, bad = tracer.connects()

    print(f"\n{len(urls)} pages (HTTP 200 HTML of our crawl of {args.sites} sites)\n")
    header = (
        f"{'tool':<8} {'check':<8} {'round':>5} {'pages':>5} {'seconds':>7} {'pages/s':>7} "
        f"{'bytes added':>11} {'peak MB':>7} {'errors':>6}  note"
    )
    print(header)
    print("-" * len(header))
    for c in checks:
        added = "" if c.bytes_added is None else f"{c.bytes_added:,}"
        print(
            f"{c.tool:<8} {c.kind:<8} {c.round:>5} {c.pages:>5} {c.seconds:>7.1f} "
            f"{c.pages_per_s:>7.1f} {added:>11} {c.peak_rss / MB:>7.0f} {c.errors:>6}  {c.note}"
        )

    def median(tool: str, kind: str, value: str) -> float:
        return statistics.median(
            getattr(c, value) for c in checks if c.tool == tool and c.kind == kind
        )

    rates = {
        (tool, kind): median(tool, kind, "pages_per_s")
        for tool in ("ours", "urlwatch", "cdio")
        for kind in ("cold", "re-check")
    }
    recheck_bytes = {
        tool: median(tool, "re-check", "bytes_added") for tool in ("ours", "urlwatch", "cdio")
    }
    print(
        f"\nmedians over {args.rounds} round(s). ours / urlwatch: cold "
        f"{rates['ours', 'cold'] / rates['urlwatch', 'cold']:.2f}x, re-check "
        f"{rates['ours', 're-check'] / rates['urlwatch', 're-check']:.2f}x; ours / "
        f"changedetection.io: cold {rates['ours', 'cold'] / rates['cdio', 'cold']:.2f}x, "
        f"re-check {rates['ours', 're-check'] / rates['cdio', 're-check']:.2f}x. Re-check bytes "
        "per 100 pages: "
        + ", ".join(f"{t} {b * 100 / len(urls) / 1024:.1f} KiB" for t, b in recheck_bytes.items())
    )
    print(
        "errors: fetches that got no answer (ours), ERROR lines in the report (urlwatch), "
        "watches with an error (changedetection.io). The data in the published file: DuckDB's "
        "used blocks."
    )
    if args.trace_connects:
        print(f"peers' IP connects traced: {seen}, outside loopback: {len(bad)}")
        for line in bad[:20]:
            print(f"  forbidden connect: {line}")
        # Measured here: strace cost urlwatch 2.3x and changedetection.io up to 6.8x their time.
        print("timings above are slowed by strace for the peers only: compare tools on a run")
        print("without --trace-connects")
    print(
        f"peers: sites={args.sites} "
        f"ours_pages_s={rates['ours', 'cold']:.1f} "
        f"urlwatch_pages_s={rates['urlwatch', 'cold']:.1f} "
        f"cdio_pages_s={rates['cdio', 'cold']:.1f} "
        f"ours_recheck_pages_s={rates['ours', 're-check']:.1f} "
        f"urlwatch_recheck_pages_s={rates['urlwatch', 're-check']:.1f} "
        f"cdio_recheck_pages_s={rates['cdio', 're-check']:.1f} "
        f"ours_recheck_bytes={recheck_bytes['ours']:.0f} "
        f"urlwatch_recheck_bytes={recheck_bytes['urlwatch']:.0f} "
        f"cdio_recheck_bytes={recheck_bytes['cdio']:.0f}"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
