"""The SQL predicates and the outcome vocabulary in crawlers/items.py say the same thing."""

from typing import get_args

import pytest

from crawlers.items import READABLE, FoundVia, Outcome
from warehouse.db import connect, migrate


@pytest.mark.parametrize("outcome", get_args(Outcome))
def test_read_the_page_agrees_with_the_outcome_vocabulary(outcome: str) -> None:
    con = connect()
    migrate(con)
    row = con.execute("SELECT read_the_page(?)", [outcome]).fetchone()
    assert row == (outcome in READABLE,)


@pytest.mark.parametrize("found_via", get_args(FoundVia))
def test_robots_and_sitemap_files_are_not_page_fetches(found_via: str) -> None:
    con = connect()
    migrate(con)
    page = found_via not in ("robots", "sitemap_file")
    assert con.execute("SELECT is_page_fetch(?)", [found_via]).fetchone() == (page,)
