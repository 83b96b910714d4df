"""warehouse/SCHEMA.md documents every table, view and column the migrations create."""

import re

import duckdb
import pytest

from tests.paths import REPO
from warehouse.db import migrate

DOC = REPO / "warehouse" / "SCHEMA.md"


def documented() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^### (\w+)", line):
            current = heading[1]
            sections[current] = set()
        elif current and (row := re.match(r"^\| (\w+) \|", line)) and row[1] != "column":
            sections[current].add(row[1])
    return sections


@pytest.fixture(scope="module")
def schema() -> dict[str, list[str]]:
    con = duckdb.connect()
    migrate(con)
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def test_every_table_and_view_is_documented(schema: dict[str, list[str]]) -> None:
    assert set(schema) - set(documented()) == set()


def test_every_column_is_documented(schema: dict[str, list[str]]) -> None:
    docs = documented()
    # These views repeat the observations columns, documented once there.
    for view in ("latest_observations", "readable_observations"):
        docs[view] |= docs["observations"]
    missing = {t: sorted(set(cols) - docs.get(t, set())) for t, cols in schema.items()}
    assert {t: cols for t, cols in missing.items() if cols} == {}


def test_nothing_documented_that_does_not_exist(schema: dict[str, list[str]]) -> None:
    assert set(documented()) - set(schema) == set()
