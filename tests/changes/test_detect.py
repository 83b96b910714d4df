"""Change detection on the sample web's editions, scored against their answer keys."""

from typing import Any

import pytest

from flows.changes.detect import detect_changes
from flows.changes.kinds import SiteState
from flows.changes.store import store_detection
from flows.extraction.identity import sentence_key
from sampleweb.model import story_editions
from sampleweb.scoring import score_edition
from warehouse.db import WarehousePaths, open_writer

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("number", [e.number for e in story_editions()])
def test_every_intended_change_is_found_with_its_kind(
    edition_history: dict[Any, Any], number: int
) -> None:
    score = score_edition(number, edition_history[number][1])
    assert (score.found, score.wrong_kind, score.missed) == (score.intended, 0, [])


@pytest.mark.parametrize("number", [e.number for e in story_editions()])
def test_nothing_else_is_reported(edition_history: dict[Any, Any], number: int) -> None:
    assert score_edition(number, edition_history[number][1]).spurious == []


def test_noise_only_edition_reports_nothing(edition_history: dict[Any, Any]) -> None:
    noisy = next(e.number for e in story_editions() if not e.patches and e.noise)
    assert edition_history[noisy][1] == []


def test_price_change_carries_before_and_after(edition_history: dict[Any, Any]) -> None:
    rows = [r for r in edition_history[4][1] if r["kind"] == "price_up"]
    assert [(r["before_value"], r["after_value"]) for r in rows] == [("450", "495")]
    assert "$495" in rows[0]["after_evidence"] and "$450" in rows[0]["before_evidence"]


def test_new_risky_claim_carries_its_flag(edition_history: dict[Any, Any]) -> None:
    added = [r for r in edition_history[4][1] if r["kind"] == "claim_added"]
    assert any("addiction_denial" in r["risk_flags"] for r in added)


def test_blocked_and_offline_sites_lose_no_claims(edition_history: dict[Any, Any]) -> None:
    clinics = {r["clinic_id"] for r in edition_history[4][1] if r["kind"].endswith("_removed")}
    assert not clinics & {"riverbend", "harborlight"}


def test_storing_a_run_twice_keeps_one_copy(edition_history: dict[Any, Any]) -> None:
    paths = WarehousePaths(edition_history["data"])
    run_id, rows = edition_history[4]
    with open_writer(paths) as con:
        found = detect_changes(con, run_id)
        store_detection(con, found)
        store_detection(con, found)
        count = con.execute("SELECT count(*) FROM changes WHERE run_id = ?", [run_id]).fetchone()
    assert count == (len(rows),)


def test_dates_and_counters_do_not_change_identity() -> None:
    assert sentence_key("Page last reviewed 2025-12-01.") == sentence_key(
        "Page last reviewed 2026-02-02."
    )


def test_every_site_state_stored_is_a_known_one(edition_history: dict[Any, Any]) -> None:
    with open_writer(WarehousePaths(edition_history["data"])) as con:
        states = {r[0] for r in con.execute("SELECT DISTINCT state FROM clinic_states").fetchall()}
    assert states and states <= set(SiteState)
    assert {"ok", "unreachable", "challenged"} <= states  # the editions take sites down
