"""A page version's current reading is the extractor version used last, not the largest name."""

import duckdb
import pytest

from warehouse.db import connect, migrate
from warehouse.load import use_extractor_version


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = connect()
    migrate(con)
    return con


def read(con: duckdb.DuckDBPyConnection, version: str, category: str) -> None:
    con.execute(
        "INSERT INTO page_facts (body_sha256, extractor_version) VALUES ('b1', ?)", [version]
    )
    con.execute(
        "INSERT INTO claims (body_sha256, extractor_version, claim_index, category, evidence, "
        "span_start, span_end) "
        "VALUES ('b1', ?, 0, ?, 'Ketamine helps.', 0, 15)",
        [version, category],
    )
    use_extractor_version(con, version)


def test_a_later_version_with_a_smaller_name_is_current(con: duckdb.DuckDBPyConnection) -> None:
    read(con, "extract-2026.9.1/vocab-1", "old_reading")
    read(con, "extract-2026.12.2/vocab-1", "new_reading")
    assert con.execute("SELECT category FROM current_claims").fetchall() == [("new_reading",)]


def test_going_back_to_an_older_version_makes_it_current(con: duckdb.DuckDBPyConnection) -> None:
    read(con, "extract-2026.9.1/vocab-1", "old_reading")
    read(con, "extract-2026.12.2/vocab-1", "new_reading")
    use_extractor_version(con, "extract-2026.9.1/vocab-1")
    assert con.execute("SELECT category FROM current_claims").fetchall() == [("old_reading",)]


def test_a_body_only_an_older_version_read_keeps_that_reading(
    con: duckdb.DuckDBPyConnection,
) -> None:
    read(con, "extract-2026.9.1/vocab-1", "old_reading")
    use_extractor_version(con, "extract-2026.12.2/vocab-1")
    assert con.execute("SELECT category FROM current_claims").fetchall() == [("old_reading",)]
