"""Reading states from the warehouse, on a few rows written by hand."""

import duckdb
import pytest

from flows.changes.states import read_states
from warehouse.db import connect, migrate

VERSION = "extract-test/vocab-test"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = connect()
    migrate(con)
    return con


def observe(con: duckdb.DuckDBPyConnection, run: str, url: str, final_url: str, body: str) -> None:
    con.execute(
        "INSERT INTO pages VALUES ('p1', 'c1', ?, '/old/', 'r1') ON CONFLICT DO NOTHING", [url]
    )
    con.execute(
        "INSERT INTO observations (observation_id, run_id, clinic_id, page_id, requested_url, "
        "final_url, observed_at, fetched_at, outcome, content_type, found_via, body_sha256) "
        "VALUES (?, ?, 'c1', 'p1', ?, ?, now(), now(), 'ok', 'text/html', 'link', ?)",
        [f"o-{run}", run, url, final_url, body],
    )
    con.execute(
        "INSERT INTO page_facts (body_sha256, extractor_version) VALUES (?, ?)", [body, VERSION]
    )
    con.execute(
        "INSERT INTO claims (body_sha256, extractor_version, claim_index, category, evidence, "
        "span_start, span_end, zone, flags) VALUES (?, ?, 0, 'safety', 'Ketamine is safe.', 0, 17, "
        "'main', [])",
        [body, VERSION],
    )


def test_a_moved_page_is_named_by_the_url_it_answers_at_now(con: duckdb.DuckDBPyConnection) -> None:
    observe(con, "r2", "http://c1.test/old/", "http://c1.test/new/", "b1")
    [sentence] = read_states(con, [("r2", "c1")], VERSION)[("r2", "c1")].sentences.values()
    assert (sentence.page_id, sentence.url) == ("p1", "http://c1.test/new/")


def test_a_state_lists_the_pages_it_read(con: duckdb.DuckDBPyConnection) -> None:
    observe(con, "r2", "http://c1.test/old/", "http://c1.test/old/", "b1")
    assert read_states(con, [("r2", "c1")], VERSION)[("r2", "c1")].checked_pages == {"p1"}
