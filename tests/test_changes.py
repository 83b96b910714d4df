"""Change detection on the sample web's editions, scored against their answer keys."""

from typing import Any

import pytest

from flows.changes.detect import Record, Sentence, diff_states, store_changes
from flows.extraction.identity import sentence_key
from sampleweb.model import editions
from sampleweb.scoring import score_edition
from warehouse.db import WarehousePaths, open_writer

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("number", [e.number for e in editions()])
def test_every_intended_change_is_found_with_its_kind(
    edition_history: dict[Any, Any], number: int
) -> None:
    score = score_edition(number, edition_history[number][1])
    assert (score.found, score.wrong_kind, score.missed) == (score.intended, 0, [])


@pytest.mark.parametrize("number", [e.number for e in editions()])
def test_nothing_else_is_reported(edition_history: dict[Any, Any], number: int) -> None:
    assert score_edition(number, edition_history[number][1]).spurious == []


def test_noise_only_edition_reports_nothing(edition_history: dict[Any, Any]) -> None:
    noisy = next(e.number for e in editions() if not e.patches and e.noise)
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
        from flows.changes.detect import detect_changes

        changes = detect_changes(con, run_id)
        store_changes(con, run_id, changes, "test")
        store_changes(con, run_id, changes, "test")
        count = con.execute("SELECT count(*) FROM changes WHERE run_id = ?", [run_id]).fetchone()
    assert count == (len(rows),)


def _sentence(text: str, category: str, **values: Any) -> Sentence:
    record = Record("claim", category, values, text, "main", [], "p1", "http://x/")
    return Sentence(sentence_key(text), text, "p1", "http://x/", [record])


def _diff(old: Sentence, new: Sentence) -> list[str]:
    return [c.kind for c in diff_states("c", {new.key: new}, {old.key: old}, set(), {"p1"}, set())]


def test_safe_becoming_completely_safe_is_strengthened() -> None:
    old = _sentence("Ketamine is safe at the doses we use.", "safety")
    new = _sentence("Ketamine is completely safe at the doses we use.", "safety")
    assert _diff(old, new) == ["claim_strengthened"]


def test_dropping_a_hedge_strengthens_the_claim() -> None:
    old = _sentence("Many patients may feel relief within hours.", "onset", hedged=True)
    new = _sentence("Patients feel relief within hours.", "onset", hedged=False)
    assert _diff(old, new) == ["claim_strengthened"]


def test_lower_statistic_is_weakened() -> None:
    old = _sentence("80% of our patients respond.", "efficacy_statistic", percent=80.0)
    new = _sentence("60% of our patients respond.", "efficacy_statistic", percent=60.0)
    assert _diff(old, new) == ["claim_weakened"]


def test_same_claim_in_new_words_is_reworded() -> None:
    old = _sentence("Our team uses ketamine to ease treatment-resistant depression.", "condition")
    new = _sentence(
        "Our team uses ketamine to ease stubborn treatment-resistant depression.", "condition"
    )
    assert _diff(old, new) == ["claim_reworded"]


def test_a_claim_seen_recently_is_not_added_again() -> None:
    back = _sentence("Voted best clinic in the city.", "authority")
    changes = diff_states("c", {back.key: back}, {}, {back.key}, {"p1"}, set())
    assert changes == []


def test_a_claim_on_an_unchecked_page_is_not_removed() -> None:
    old = _sentence("Ketamine is not addictive.", "addiction")
    assert diff_states("c", {}, {old.key: old}, set(), set(), set()) == []


def test_dates_and_counters_do_not_change_identity() -> None:
    assert sentence_key("Page last reviewed 2025-12-01.") == sentence_key(
        "Page last reviewed 2026-02-02."
    )


def test_offer_taken_down_after_its_end_date_has_expired() -> None:
    from datetime import date

    text = "New members save 40% — offer ends January 31."
    record = Record("offer", "urgency", {"expiry": "January 31"}, text, "promo", [], "p1", "u")
    old = Sentence(sentence_key(text), text, "p1", "u", [record])
    kinds = [
        c.kind for c in diff_states("c", {}, {old.key: old}, set(), {"p1"}, set(), date(2026, 2, 2))
    ]
    assert kinds == ["offer_expired"]
    early = diff_states("c", {}, {old.key: old}, set(), {"p1"}, set(), date(2026, 1, 15))
    assert [c.kind for c in early] == ["offer_removed"]
