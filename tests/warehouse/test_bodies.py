"""Raw bodies stored as deltas against their page's earlier version read back byte-exact, through
the crawl's staging and load path into a real DuckDB file."""

import base64
import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from crawlers.items import FetchRecord
from flows.staging.feed import FeedStager
from flows.staging.pool import PagePool
from warehouse.bodies import DELTA, FULL, BodyMissing, read_bodies, read_body
from warehouse.db import WarehousePaths, open_writer
from warehouse.load import RunRecord, load_run, table_counts

URL = "http://127.0.0.1:9/contact/"
OTHER = "http://127.0.0.1:9/about/"
START = datetime(2026, 1, 1, 6, tzinfo=UTC)


def page(token: str, words: str = "") -> bytes:
    """A contact page of a few kilobytes whose only changing part is a session token."""
    # Varied (seeded, so the same in every version) so that the page compresses like a real one.
    text = random.Random(1)
    rows = "".join(
        f"<p>Suite {text.getrandbits(48):x} opens at {text.randrange(6, 11)} on weekdays; "
        f"ask {text.getrandbits(32):x} about a consultation.</p>"
        for _ in range(60)
    )
    return (
        f"<html><head><title>Contact</title></head><body><main>{rows}{words}"
        f'<form><input type="hidden" name="session" value="{token}"></form></main></body></html>'
    ).encode()


def crawl(paths: WarehousePaths, day: int, bodies: dict[str, bytes], staging: Path) -> RunRecord:
    """Stage and load one run that fetched `bodies` (url -> bytes), as the monitor flow does."""
    when = START + timedelta(days=day)
    run = RunRecord(run_id=f"run-{day:03d}", started_at=when, logical_date=when)
    with open_writer(paths) as con:
        known = {r[0] for r in con.execute("SELECT body_sha256 FROM bodies").fetchall()}
    records = [
        FetchRecord(
            clinic_id="northstar",
            requested_url=url,
            final_url=url,
            status=200,
            outcome="ok",
            content_type="text/plain",
            fetched_at=when.isoformat(),
            body_b64=base64.b64encode(body).decode("ascii"),
        )
        for url, body in bodies.items()
    ]
    with PagePool(1) as pool:
        FeedStager(staging, run, [], {}, known, set(), pool).stage(records)
    with open_writer(paths) as con:
        load_run(con, staging, run)
    return run


def stored(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None, int]]:
    rows = con.execute("SELECT body_sha256, compression, base_sha256, compressed_size FROM bodies")
    return {sha: (kind, base, size) for sha, kind, base, size in rows.fetchall()}


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def test_noise_versions_are_small_deltas_that_read_back_exactly(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path / "data")
    versions = [page(f"{random.Random(n).getrandbits(64):016x}") for n in range(12)]
    for day, body in enumerate(versions):
        crawl(paths, day, {URL: body}, tmp_path / f"staging-{day}")
    with open_writer(paths) as con:
        rows = stored(con)
        read = read_bodies(con, [sha(b) for b in versions])
    assert read == {sha(b): b for b in versions}
    first = sha(versions[0])
    assert rows[first][:2] == (FULL, None)
    # Twelve versions, more than any chain bound: each later one is a delta against the first,
    # a body stored on its own, so reading one costs at most two decompressions.
    for body in versions[1:]:
        kind, base, size = rows[sha(body)]
        assert (kind, base) == (DELTA, first)
        assert size < rows[first][2] / 10


def test_a_page_that_drifted_far_starts_a_new_base(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path / "data")
    drift = random.Random(7)
    versions = [page("t0")]
    for n in range(1, 8):
        # Each version adds a paragraph of new words: the delta against the base grows.
        words = " ".join(f"{drift.getrandbits(40):x}" for _ in range(40 * n))
        versions.append(page(f"t{n}", f"<p>{words}</p>"))
    for day, body in enumerate(versions):
        crawl(paths, day, {URL: body}, tmp_path / f"staging-{day}")
    with open_writer(paths) as con:
        rows = stored(con)
        assert read_bodies(con, [sha(b) for b in versions]) == {sha(b): b for b in versions}
    full = [sha(b) for b in versions if rows[sha(b)][0] == FULL]
    assert len(full) >= 2, "a far-drifted version is stored on its own"
    for kind, base, _ in rows.values():
        assert kind == FULL or rows[base][0] == FULL  # every base is stored on its own


def test_reloading_a_run_keeps_its_deltas_readable(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path / "data")
    first, second = page("aaaa"), page("bbbb")
    crawl(paths, 0, {URL: first, OTHER: page("other")}, tmp_path / "staging-0")
    run = crawl(paths, 1, {URL: second}, tmp_path / "staging-1")
    with open_writer(paths) as con:
        before = table_counts(con), stored(con)
        added = load_run(con, tmp_path / "staging-1", run)
        after = table_counts(con), stored(con)
        assert read_body(con, sha(second)) == second
    assert set(added.values()) == {0}
    assert before == after
    assert after[1][sha(second)][:2] == (DELTA, sha(first))


def test_a_missing_base_is_named(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path / "data")
    first, second = page("aaaa"), page("bbbb")
    crawl(paths, 0, {URL: first}, tmp_path / "staging-0")
    crawl(paths, 1, {URL: second}, tmp_path / "staging-1")
    with open_writer(paths) as con:
        con.execute("DELETE FROM bodies WHERE body_sha256 = ?", [sha(first)])
        with pytest.raises(BodyMissing, match=f"body {sha(second)} .*against body {sha(first)}"):
            read_body(con, sha(second))
        with pytest.raises(BodyMissing, match=f"body {'0' * 64} is not in the bodies table"):
            read_body(con, "0" * 64)
