"""Reading states from the warehouse: what each clinic's site said in a run, and how the site
answered. Every read covers all the (run, clinic) pairs a run needs at once, so the number of
queries does not grow with the number of clinics."""

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import duckdb

from crawlers.items import UNREACHABLE
from flows.changes.model import Record, Sentence, State
from flows.extraction.backfill import ensure_extracted
from flows.extraction.identity import sentence_key
from warehouse.db import sql

Pair = tuple[str, str]  # (run_id, clinic_id)
# Asides (rotating testimonials, sidebars) change on their own; they are not diffed.
VOLATILE_ZONES = {"aside"}


def pair_params(pairs: Iterable[Pair]) -> dict[str, list[str]]:
    unique = sorted(set(pairs))
    return {"run_ids": [r for r, _ in unique], "clinic_ids": [c for _, c in unique]}


def site_states(con: duckdb.DuckDBPyConnection, pairs: Iterable[Pair]) -> dict[Pair, str]:
    """How each pair's site answered: ok, unreachable, challenged, rate_limited or unknown."""
    params: dict[str, Any] = pair_params(pairs)
    if not params["run_ids"]:
        return {}
    params["unreachable"] = sorted(UNREACHABLE)
    rows = con.execute(sql("changes", "site_states.sql"), params).fetchall()
    return {(run_id, clinic_id): state for run_id, clinic_id, state in rows}


def read_states(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[Pair], version: str
) -> dict[Pair, State]:
    """The sentences of each pair's readable pages at extractor `version` (page versions with
    no rows at that version are extracted first), and the pages each pair read."""
    params = pair_params(pairs)
    states = {pair: State() for pair in zip(params["run_ids"], params["clinic_ids"], strict=True)}
    if not states:
        return states
    page_of_body: dict[Pair, dict[str, tuple[str, str]]] = defaultdict(dict)
    for run_id, clinic_id, page_id, url, body in con.execute(
        sql("changes", "state_pages.sql"), params
    ).fetchall():
        states[(run_id, clinic_id)].checked_pages.add(page_id)
        states[(run_id, clinic_id)].bodies.setdefault(page_id, body)
        states[(run_id, clinic_id)].urls.setdefault(page_id, url)
        page_of_body[(run_id, clinic_id)].setdefault(body, (page_id, url))
    bodies = {body for pages in page_of_body.values() for body in pages}
    ensure_extracted(con, bodies, version)
    records = _records_by_body(con, bodies, version)
    for pair, pages in page_of_body.items():
        sentences = states[pair].sentences
        for stream in ("claim", "offer"):
            for body in sorted(pages):
                page_id, url = pages[body]
                for row in records[stream].get(body, []):
                    _add(sentences, stream, row, page_id, url)
    return states


def _records_by_body(
    con: duckdb.DuckDBPyConnection, bodies: set[str], version: str
) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    found: dict[str, dict[str, list[tuple[Any, ...]]]] = {"claim": {}, "offer": {}}
    if not bodies:
        return found
    for stream, body, *row in con.execute(
        sql("changes", "state_records.sql"), {"version": version, "bodies": sorted(bodies)}
    ).fetchall():
        found[stream].setdefault(body, []).append(tuple(row))
    return found


def _add(
    sentences: dict[str, Sentence], stream: str, row: tuple[Any, ...], page_id: str, url: str
) -> None:
    _index, category, evidence, zone, flags, values, hedged, condition, start, end = row
    if zone in VOLATILE_ZONES:
        return
    key = sentence_key(evidence)
    sentence = sentences.setdefault(key, Sentence(key, evidence, page_id, url, [], start, end))
    parsed = json.loads(values) if values else {}
    record_values = {k: v for k, v in parsed.items() if v is not None}
    if hedged is not None:
        record_values["hedged"] = hedged
    if condition:
        record_values["condition"] = condition
    if not any(
        r.stream == stream and r.category == category and r.values == record_values
        for r in sentence.records
    ):
        record = Record(stream, category, record_values, evidence, zone, flags or [], page_id, url)
        sentence.records.append(record)
