"""Lineage: one claim followed through two rewordings and a page move under one id."""

from datetime import datetime
from itertools import pairwise

import duckdb

from flows.changes.diff import diff_states
from flows.changes.lineage import assign_lineages, lineage_of
from flows.changes.model import Record, Sentence, State
from flows.extraction.identity import sentence_key
from warehouse import maintain
from warehouse.db import connect, migrate

WORDINGS = [
    ("p1", "Ketamine brings fast relief for depression."),
    ("p1", "Ketamine brings rapid relief for hard-to-treat depression."),
    ("p2", "Ketamine brings rapid, lasting relief for hard-to-treat depression."),  # page moved
]


def state(page: str, text: str) -> State:
    url = f"http://c1.test/{page}/"
    record = Record("claim", "efficacy", {}, text, "main", [], page, url)
    return State({sentence_key(text): Sentence(sentence_key(text), text, page, url, [record])},
                 {"p1", "p2"})  # fmt: skip


def follow() -> tuple[list[str | None], dict[tuple[str, str, str], str]]:
    """The lineage of each run's change, and the links stored, over the three wordings."""
    known: dict[tuple[str, str, str], str] = {}
    ids: list[str | None] = []
    for before, now in pairwise(WORDINGS):
        [change] = diff_states("c1", state(*now), state(*before), set(), set())
        known |= assign_lineages([change], dict(known))
        ids.append(change.lineage_id)
    return ids, known


def test_two_rewordings_and_a_page_move_keep_the_first_wordings_lineage() -> None:
    first = lineage_of("c1", "claim", sentence_key(WORDINGS[0][1]))
    ids, _ = follow()
    assert ids == [first, first]


def test_only_the_wordings_that_continue_a_lineage_are_stored() -> None:
    _, known = follow()
    assert set(known) == {("c1", "claim", sentence_key(text)) for _, text in WORDINGS[1:]}


def test_the_lineage_view_shows_one_claim_with_its_three_wordings() -> None:
    con = connect()
    migrate(con)
    _, known = follow()
    for (clinic, stream, key), lineage in known.items():
        con.execute("INSERT INTO lineages VALUES (?, ?, ?, ?, 'r')", [clinic, stream, key, lineage])
    for run, (page, text) in enumerate(WORDINGS):
        observe(con, run, page, text)
    # The rows went in by hand, not through a load: fold them as the backfill does.
    maintain.rebuild(con)
    rows = con.execute(
        "SELECT lineage_id, wordings, evidence_by_first_seen FROM claim_lineage"
    ).fetchall()
    first = lineage_of("c1", "claim", sentence_key(WORDINGS[0][1]))
    assert rows == [(first, 3, [text for _, text in WORDINGS])]


def observe(con: duckdb.DuckDBPyConnection, run: int, page: str, text: str) -> None:
    body, version = f"b{run}", "extract-test/vocab-test"
    con.execute(
        "INSERT INTO pages VALUES (?, 'c1', ?, ?, 'r0') ON CONFLICT DO NOTHING",
        [page, f"http://c1.test/{page}/", f"/{page}/"],
    )
    con.execute(
        "INSERT INTO observations (observation_id, run_id, clinic_id, page_id, requested_url, "
        "observed_at, fetched_at, outcome, content_type, found_via, body_sha256) "
        "VALUES (?, ?, 'c1', ?, ?, ?, ?, 'ok', 'text/html', 'link', ?)",
        [f"o{run}", f"r{run}", page, f"http://c1.test/{page}/", datetime(2026, 1, run + 1),
         datetime(2026, 1, run + 1), body],
    )  # fmt: skip
    con.execute("INSERT INTO page_facts (body_sha256, extractor_version) VALUES (?, ?)",
                [body, version])  # fmt: skip
    con.execute(
        "INSERT INTO claims (body_sha256, extractor_version, claim_index, category, evidence, "
        "evidence_key, span_start, span_end, zone, flags) "
        "VALUES (?, ?, 0, 'efficacy', ?, ?, 0, 10, 'main', [])",
        [body, version, text, sentence_key(text)],
    )
