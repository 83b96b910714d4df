"""Change detection: what a run's checks changed, claim by claim, offer by offer, page by page.

The unit of a claim or offer change is a sentence. Each claim-bearing sentence has an identity:
its text with noise removed (dates, counters, copyright lines, the "Q:"/"A:" markers that
JSON-LD repeats). Identities are scoped to the clinic, not to the page, so a renamed page or a
sentence repeated on several pages is one thing. A run is compared with the clinic's previous
successful run (flows/changes/diff.py says how two states are compared).
Rules that keep noise out of the table: asides (rotating testimonials) are not diffed; a
sentence seen in any of the last few states is not "added" when it comes back; a sentence is
only "removed" when its page was checked successfully this run; a page that failed, vanished or
served a bot challenge is one page or site event, never a list of removed claims; a new page is
one "page_added" event that lists what it says.
Every state is read at the current extractor version (missing rows are extracted from stored
text first), so new rules never show up as changes on a page. All reads cover the whole run at
once (flows/changes/states.py), so the queries per run do not grow with the clinics."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from flows.changes.diff import diff_states
from flows.changes.events import Fetch, PreviousRun, disallowed_paths, page_events, robots_events
from flows.changes.kinds import SITE_STATE_EVENTS, SiteState
from flows.changes.lineage import Known, assign_lineages
from flows.changes.model import Change, State
from flows.changes.states import Pair, pair_params, read_states, site_states
from flows.changes.templates import assign_templates
from flows.changes.text import changed_bodies, read_texts, text_changes
from flows.extraction.extract import extractor_version
from flows.extraction.vocabulary import load_vocabulary
from warehouse.bodies import read_bodies
from warehouse.db import sql

LOOKBACK_STATES = 3


@dataclass
class Detection:
    """What a run found: its changes, and how each clinic's site answered."""

    run_id: str
    logical_date: datetime
    # The extractor version both states were read with; stored on every change.
    version: str
    changes: list[Change] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)
    # Wordings this run found continuing an earlier claim's or offer's lineage.
    lineages: Known = field(default_factory=dict)
    # Claim sentences first seen this run, each with its template: (key, category, template,
    # sentence).
    templates: list[tuple[str, str, str, str]] = field(default_factory=list)


def detect_changes(
    con: duckdb.DuckDBPyConnection, run_id: str, version: str | None = None
) -> Detection:
    """Changes a run found, clinic by clinic, against each clinic's previous runs, with both
    states read at extractor `version` (by default the running code's)."""
    version = version or extractor_version(load_vocabulary())
    run_date = con.execute(sql("changes", "run_date.sql"), {"run_id": run_id}).fetchone()
    assert run_date is not None, f"run {run_id} is not loaded"
    found = Detection(run_id, run_date[0], version)
    history = _history(con, run_id)
    answered = site_states(
        con, [(run_id, c) for c in history] + [(r, c) for c, runs in history.items() for r in runs]
    )
    found.states = {clinic: answered[(run_id, clinic)] for clinic in history}
    compared: dict[str, list[str]] = {}  # clinic -> its earlier successful runs, newest first
    site_changes: dict[str, list[Change]] = {}
    for clinic, earlier in history.items():
        if not earlier:
            continue  # a clinic's first run is its baseline
        now, before = answered[(run_id, clinic)], answered[(earlier[0], clinic)]
        site_changes[clinic] = [
            Change(clinic, kind, "site", before_value=before, after_value=state)
            for state, kind in SITE_STATE_EVENTS.items()
            if now == state and before != state
        ]
        successful = [r for r in earlier if answered[(r, clinic)] == SiteState.OK]
        if now == SiteState.OK and successful:  # a failed or blocked check never removes claims
            compared[clinic] = successful
    page_changes = _page_and_site_events(con, run_id, compared)
    pairs = [(run_id, c) for c in compared] + [
        (r, c) for c, runs in compared.items() for r in runs[:LOOKBACK_STATES]
    ]
    states = read_states(con, pairs, version)
    for clinic in history:
        found.changes += site_changes.get(clinic, [])
        if clinic not in compared:
            continue
        events, new_pages = page_changes[clinic]
        current, successful = states[(run_id, clinic)], compared[clinic]
        recent: set[str] = set()
        for older in successful[1:LOOKBACK_STATES]:
            recent |= set(states[(older, clinic)].sentences)
        for event in events:
            if event.kind == "page_added":
                event.categories = sorted({
                    c for s in current.sentences.values() if s.page_id == event.page_id
                    for c in s.categories
                })  # fmt: skip
        found.changes += events
        found.changes += diff_states(
            clinic, current, states[(successful[0], clinic)], recent, new_pages,
            run_date[0].date(),
        )  # fmt: skip
    found.changes += _text_changes(con, run_id, compared, states)
    found.lineages = assign_lineages(found.changes, _stored_lineages(con, list(compared)))
    found.templates = _new_templates(con, run_id)
    return found


def _new_templates(con: duckdb.DuckDBPyConnection, run_id: str) -> list[tuple[str, str, str, str]]:
    """The run's claim sentences that have no template yet, each given the template it copies
    (flows/changes/templates.py)."""
    params = {"run_id": run_id}
    new = con.execute(sql("changes", "untemplated_claims.sql"), params).fetchall()
    if not new:
        return []
    known = con.execute(sql("changes", "templates_of.sql"), params).fetchall()
    return assign_templates(new, known)


def _text_changes(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    compared: dict[str, list[str]],
    states: dict[Pair, State],
) -> list[Change]:
    """Edited sentences no claim or offer carries, on the pages whose version changed; the
    texts of all those versions are read at once."""
    pairs = {c: (states[(run_id, c)], states[(runs[0], c)]) for c, runs in compared.items()}
    bodies = {b for now, was in pairs.values() for _, *vs in changed_bodies(now, was) for b in vs}
    texts = read_texts(con, bodies)
    changes: list[Change] = []
    for clinic, (now, was) in pairs.items():
        covered = set(now.sentences) | set(was.sentences)
        changes += text_changes(clinic, now, was, texts, covered)
    return changes


def _stored_lineages(con: duckdb.DuckDBPyConnection, clinic_ids: list[str]) -> Known:
    rows = con.execute(sql("changes", "lineages_of.sql"), {"clinic_ids": clinic_ids}).fetchall()
    return {(clinic, stream, key): lineage for clinic, stream, key, lineage in rows}


def _history(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, list[str]]:
    """Each clinic the run checked, with its earlier runs, newest first."""
    history: dict[str, list[str]] = {}
    for clinic, earlier in con.execute(
        sql("changes", "clinic_history.sql"), {"run_id": run_id, "depth": LOOKBACK_STATES + 1}
    ).fetchall():
        history.setdefault(clinic, [])
        if earlier is not None:
            history[clinic].append(earlier)
    return history


def _page_and_site_events(
    con: duckdb.DuckDBPyConnection, run_id: str, compared: dict[str, list[str]]
) -> dict[str, tuple[list[Change], set[str]]]:
    """Page events and new robots.txt disallows of each compared clinic, against its previous
    successful run; with the ids of its new pages."""
    if not compared:
        return {}
    previous_pairs: list[Pair] = [(runs[0], c) for c, runs in compared.items()]
    now: dict[str, dict[str, Fetch]] = defaultdict(dict)
    for clinic, page_id, *rest in con.execute(
        sql("changes", "run_fetches.sql"), {"run_id": run_id}
    ).fetchall():
        now[clinic][page_id] = Fetch(page_id, *rest)
    before: dict[str, PreviousRun] = defaultdict(PreviousRun)
    for clinic, page_id, final_url, outcome, links in con.execute(
        sql("changes", "previous_fetches.sql"), pair_params(previous_pairs)
    ).fetchall():
        before[clinic].fetches[page_id] = (final_url, outcome)
        before[clinic].links.update(links or [])
    for clinic, page_id in con.execute(
        sql("changes", "pages_read_before.sql"), {"run_id": run_id}
    ).fetchall():
        before[clinic].pages_read.add(page_id)
    robots_read = con.execute(
        sql("changes", "robots_bodies.sql"),
        pair_params([(run_id, c) for c in compared] + previous_pairs),
    ).fetchall()
    robots_bodies = read_bodies(con, {sha for _, _, sha in robots_read})
    robots = {(r, c): disallowed_paths(robots_bodies[sha]) for r, c, sha in robots_read}
    result = {}
    for clinic, runs in compared.items():
        events, new_pages = page_events(clinic, now[clinic], before[clinic])
        events += robots_events(clinic, robots.get((run_id, clinic)), robots.get((runs[0], clinic)))
        result[clinic] = (events, new_pages)
    return result
