"""How long do the seven analyst queries take on a realistic history, how big is the warehouse,
and how do both grow from 30 to 365 days?

Builds a synthetic history straight into a warehouse with the real schema and views: CLINICS
clinics x PAGES pages, one check per page per day, most pages unchanged on most days (a page
gets a new version on about 2 % of days; one of its claims is reworded and its price moves).
Each version carries 8 claims, 3 offers, a 2 KB body and a short text. The tables the load
maintains are filled by the backfill a warehouse gets after migration 009. Then it runs the
example queries in warehouse/sql/examples/ and times each (best of 3), and loads one more day
of checks through the load's maintenance SQL (warehouse/maintain.py) to time what it adds to a
run's load.

Run from the repo root:  .venv/bin/python benchmarks/warehouse_scale.py [--clinics N --pages N]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from warehouse import maintain
from warehouse.db import SQL, WarehousePaths, connect, open_writer, publish

CATEGORIES = ["condition", "efficacy", "onset", "safety", "addiction", "fda_status",
              "authority", "disclosure"]  # fmt: skip
CONDITIONS = ["depression", "anxiety", "ptsd", "chronic_pain", "ocd", "crps"]
CHANGE_EVERY = 50  # a page changes on about 1 day in 50


def build(con: duckdb.DuckDBPyConnection, clinics: int, pages: int, days: int) -> None:
    p = {"C": clinics, "P": pages, "D": days, "K": CHANGE_EVERY}
    con.execute("BEGIN TRANSACTION")
    con.execute(
        """INSERT INTO clinics SELECT 'c' || i, 'Clinic ' || i, 'https://c' || i || '.example/',
           'City', 'MD', 'US', ['synthetic'], 'r0', 'r' || ($D - 1) FROM range($C) t(i)""",
        {"C": clinics, "D": days},
    )
    con.execute(
        """INSERT INTO runs SELECT 'r' || d, NULL, ts, ts, ts, 'day ' || d, 'synthetic', '{}',
           '{}', $C, $C * $P, 0, 0
           FROM (SELECT d, TIMESTAMPTZ '2025-01-01 06:00:00+00' + d * INTERVAL 1 DAY AS ts
                 FROM range($D) t(d))""",
        {"C": clinics, "P": pages, "D": days},
    )
    con.execute(
        """INSERT INTO pages SELECT 'p' || c || '_' || p, 'c' || c,
           'https://c' || c || '.example/page' || p || '/', '/page' || p || '/', 'r0'
           FROM range($C) a(c), range($P) b(p)""",
        {"C": clinics, "P": pages},
    )
    # Version of each page on each day: the number of change days so far.
    con.execute(
        """CREATE TEMP TABLE pv AS
           SELECT c, p, d, sum(CASE WHEN d > 0 AND hash(c, p, d) % $K = 0 THEN 1 ELSE 0 END)
                  OVER (PARTITION BY c, p ORDER BY d) AS v
           FROM range($C) a(c), range($P) b(p), range($D) x(d)""",
        p,
    )
    con.execute(
        """INSERT INTO observations
           SELECT md5(d || '|' || c || '|' || p), 'r' || d, 'c' || c, 'p' || c || '_' || p,
                  'https://c' || c || '.example/page' || p || '/',
                  'https://c' || c || '.example/page' || p || '/', [],
                  TIMESTAMPTZ '2025-01-01 06:00:00+00' + d * INTERVAL 1 DAY + p * INTERVAL 1 SECOND,
                  TIMESTAMPTZ '2025-01-01 06:00:00+00' + d * INTERVAL 1 DAY + p * INTERVAL 1 SECOND,
                  CASE WHEN d > 0 AND lag(v) OVER w = v THEN 304 ELSE 200 END,
                  CASE WHEN d > 0 AND lag(v) OVER w = v THEN 'not_modified' ELSE 'ok' END,
                  NULL, NULL, 'text/html; charset=utf-8', NULL, NULL, '{}', 20000, 120, 1,
                  'link', md5('b|' || c || '|' || p || '|' || v), NULL
           FROM pv WINDOW w AS (PARTITION BY c, p ORDER BY d)
           -- Stored in load order, one day's run after the other, as real loads store them.
           ORDER BY d, c, p"""
    )
    con.execute(
        """CREATE TEMP TABLE versions AS
           SELECT DISTINCT c, p, v, md5('b|' || c || '|' || p || '|' || v) AS body FROM pv"""
    )
    con.execute(
        """INSERT INTO bodies (body_sha256, content_type, byte_size, compression,
               compressed_size, data, first_run_id)
           SELECT body, 'text/html', 20000, 'zstd', 2048, encode(repeat(md5(body), 64)), 'r0'
           FROM versions"""
    )
    con.execute(
        """INSERT INTO page_texts (body_sha256, cleaner_version, title, meta_description,
               language, charset, main_text, text_sha256, text, comparable_text)
           SELECT body, 'synthetic', 'Page ' || p, NULL, 'en', 'utf-8',
                  repeat('Ketamine therapy at clinic ' || c || '. ', 12), md5(body),
                  repeat('Ketamine therapy at clinic ' || c || '. ', 12),
                  repeat('Ketamine therapy at clinic ' || c || '. ', 12)
           FROM versions"""
    )
    con.execute(
        """INSERT INTO claims (body_sha256, extractor_version, claim_index, category, subtype,
               condition, modalities, quantities, hedged, flags, evidence, evidence_key,
               span_start, span_end, zone, confidence)
           SELECT body, 'synthetic', k, $cats[k + 1],
                  NULL, CASE WHEN k = 0 THEN $conds[(c + p) % 6 + 1] END, ['iv'], '{}',
                  false, CASE WHEN k = 4 THEN ['addiction_denial'] ELSE [] END,
                  e, lower(e), 0, length(e), 'main', 0.8
           FROM (SELECT *, 'Clinic ' || c || ' page ' || p || ' says claim ' || k
                           || CASE WHEN k = 1 THEN ' in version ' || v ELSE '' END
                           || CASE WHEN k = 6 THEN ' - a copied sentence' ELSE '' END AS e
                 FROM versions, range(8) t(k))""",
        {"cats": CATEGORIES, "conds": CONDITIONS},
    )
    con.execute(
        """INSERT INTO offers (body_sha256, extractor_version, offer_index, type, amount,
               currency, unit, evidence, evidence_key, span_start, span_end, zone, confidence)
           SELECT body, 'synthetic', k, ['price', 'discount', 'financing'][k + 1],
                  400 + 5 * v, 'USD', 'infusion', e, lower(e), 0, length(e), 'pricing', 0.8
           FROM (SELECT *, 'Clinic ' || c || ' page ' || p || ' offer ' || k
                           || ' $' || (400 + 5 * v) AS e
                 FROM versions, range(3) t(k))"""
    )
    con.execute(
        """INSERT INTO page_facts SELECT body, 'synthetic', [$conds[(c + p) % 6 + 1]], ['iv'],
           ['MD'], [], false, [], p % 3 = 0, false FROM versions""",
        {"conds": CONDITIONS},
    )
    con.execute(
        """INSERT INTO changes
           SELECT md5('ch|' || c || '|' || p || '|' || d), 'r' || d,
                  TIMESTAMPTZ '2025-01-01 06:00:00+00' + d * INTERVAL 1 DAY, 'c' || c,
                  'p' || c || '_' || p, 'https://c' || c || '.example/page' || p || '/', 'offer',
                  'price_up', ['price'], CAST(395 + 5 * v AS VARCHAR), CAST(400 + 5 * v AS VARCHAR),
                  'old', 'new', [], 'synthetic', NULL
           FROM pv WHERE d > 0 AND hash(c, p, d) % $K = 0""",
        {"K": CHANGE_EVERY},
    )
    con.execute("COMMIT")


def backfill(con: duckdb.DuckDBPyConnection) -> float:
    """Fill the tables the load maintains from the history just built, with the same backfill a
    warehouse gets after migration 009; returns the seconds it took."""
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    maintain.rebuild(con)
    con.execute("COMMIT")
    return time.perf_counter() - started


def one_more_day(con: duckdb.DuckDBPyConnection, days: int) -> float:
    """Load the next day's checks (every page confirmed unchanged) the way a run's load keeps
    the folded tables up to date (warehouse/maintain.py, the SQL files the load runs); returns
    the seconds the maintenance took, the load's added cost per run."""
    run_id = f"r{days}"
    con.execute("BEGIN TRANSACTION")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE stg_observations AS
           SELECT * EXCLUDE (run_id) REPLACE (
                      md5(observation_id || 'next') AS observation_id,
                      observed_at + INTERVAL 1 DAY AS observed_at,
                      fetched_at + INTERVAL 1 DAY AS fetched_at,
                      304 AS status, 'not_modified' AS outcome)
           FROM observations WHERE run_id = $last""",
        {"last": f"r{days - 1}"},
    )
    started = time.perf_counter()
    reloaded = maintain.begin_run(con, run_id)
    took = time.perf_counter() - started
    # What the load statements do with the staged rows (warehouse/sql/load/), untimed.
    con.execute(
        "INSERT INTO runs SELECT $run, NULL, ts, ts, ts, 'next day', 'synthetic', '{}', '{}', "
        "0, 0, 0, 0 FROM (SELECT max(observed_at) AS ts FROM stg_observations)",
        {"run": run_id},
    )
    con.execute(
        "INSERT INTO observations BY NAME SELECT $run AS run_id, * FROM stg_observations",
        {"run": run_id},
    )
    started = time.perf_counter()
    maintain.fold_run(con, run_id, reloaded)
    maintain.refresh_sentences(con, run_id)
    took += time.perf_counter() - started
    con.execute("COMMIT")
    return took


def time_queries(database: Path) -> dict[str, float]:
    timings = {}
    with connect(database, read_only=True) as con:
        for path in sorted((SQL / "examples").glob("q*.sql")):
            sql = path.read_text(encoding="utf-8").replace("'northstar'", "'c7'")
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                best = min(best, time.perf_counter() - started)
            timings[path.stem] = best
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clinics", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    results = {}
    for days in (30, 365):
        with tempfile.TemporaryDirectory(prefix="kam-scale-") as tmp:
            paths = WarehousePaths(Path(tmp))
            started = time.perf_counter()
            with open_writer(paths) as con:
                build(con, args.clinics, args.pages, days)
                backfill_s = backfill(con)
                observations = con.execute("SELECT count(*) FROM observations").fetchone()[0]  # type: ignore[index]
                versions = con.execute("SELECT count(*) FROM bodies").fetchone()[0]  # type: ignore[index]
            published = publish(paths)
            build_s = time.perf_counter() - started
            queries = time_queries(published)
            # After the queries, so they see exactly `days` days.
            with open_writer(paths) as con:
                maintain_s = one_more_day(con, days)
            results[days] = {
                "observations": observations,
                "versions": versions,
                "build_s": build_s,
                "backfill_s": backfill_s,
                "maintain_s": maintain_s,
                "db_mb": published.stat().st_size / 1e6,
                "queries": queries,
            }
        r = results[days]
        print(f"\n{days} days: {r['observations']:,} observations, {r['versions']:,} page versions,"
              f" {r['db_mb']:.0f} MB, built in {r['build_s']:.0f} s (backfill of the folded"
              f" tables {r['backfill_s']:.1f} s); one more day's load maintains them in"
              f" {r['maintain_s']:.2f} s")  # fmt: skip
    names = list(results[365]["queries"])
    print(f"\n{'query':<32} {'30 days (s)':>12} {'365 days (s)':>13}")
    for name in names:
        short, long = results[30]["queries"][name], results[365]["queries"][name]
        print(f"{name:<32} {short:>12.3f} {long:>13.3f}")
    r30, r365 = results[30], results[365]
    print(f"{'warehouse size (MB)':<32} {r30['db_mb']:>12.0f} {r365['db_mb']:>13.0f}")
    print(f"{'maintenance per run (s)':<32} {r30['maintain_s']:>12.2f} {r365['maintain_s']:>13.2f}")
    print(
        f"warehouse_scale: days=365 observations={r365['observations']} "
        f"max_query_s={max(r365['queries'].values()):.2f} db_mb={r365['db_mb']:.0f} "
        f"max_query_s_30d={max(r30['queries'].values()):.2f} db_mb_30d={r30['db_mb']:.0f} "
        f"maintain_s={r365['maintain_s']:.2f} maintain_s_30d={r30['maintain_s']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
