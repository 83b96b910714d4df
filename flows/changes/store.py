"""Storing what change detection found: the run's changes and each clinic's site state,
replaced as a whole (delete-then-insert keeps re-runs idempotent), through the staged path
every other table takes."""

import hashlib

import duckdb

from flows.changes.detect import Detection
from flows.changes.model import Change
from warehouse.db import sql
from warehouse.staging import insert_rows


def change_id(run_id: str, c: Change) -> str:
    key = (
        f"{run_id}|{c.clinic_id}|{c.kind}|{c.page_id}|{c.before_evidence}|{c.after_evidence}"
        f"|{c.before_value}|{c.after_value}"
    )
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def store_detection(con: duckdb.DuckDBPyConnection, found: Detection) -> None:
    """Replace the run's changes and clinic states with `found`."""
    params = {"run_id": found.run_id}
    con.execute(sql("changes", "delete_changes.sql"), params)
    con.execute(sql("changes", "delete_clinic_states.sql"), params)
    con.execute(sql("changes", "delete_lineages.sql"), params)
    con.execute(sql("changes", "delete_claim_templates.sql"), params)
    changes = [
        {
            "change_id": change_id(found.run_id, c),
            "run_id": found.run_id,
            "observed_at": found.logical_date,
            "clinic_id": c.clinic_id,
            "page_id": c.page_id,
            "url": c.url,
            "stream": c.stream,
            "kind": c.kind,
            "categories": c.categories,
            "before_value": c.before_value,
            "after_value": c.after_value,
            "before_evidence": c.before_evidence,
            "after_evidence": c.after_evidence,
            "risk_flags": c.risk_flags,
            "extractor_version": found.version,
            "lineage_id": c.lineage_id,
        }
        for c in found.changes
    ]
    insert_rows(con, "changes", changes, sql("changes", "insert_changes.sql"))
    states = [
        {"run_id": found.run_id, "clinic_id": clinic_id, "state": state}
        for clinic_id, state in sorted(found.states.items())
    ]
    insert_rows(con, "clinic_states", states, sql("changes", "insert_clinic_states.sql"))
    links = [
        {
            "clinic_id": c,
            "stream": s,
            "evidence_key": k,
            "lineage_id": lineage,
            "run_id": found.run_id,
        }
        for (c, s, k), lineage in sorted(found.lineages.items())
    ]
    insert_rows(con, "lineages", links, sql("changes", "insert_lineages.sql"))
    templates = [
        {"evidence_key": key, "category": category, "template_id": template,
         "evidence": sentence, "run_id": found.run_id}
        for key, category, template, sentence in found.templates
    ]  # fmt: skip
    insert_rows(con, "claim_templates", templates, sql("changes", "insert_claim_templates.sql"))
