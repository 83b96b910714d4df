"""The seven analyst questions, run on the sample web's history, give the right answers."""

from datetime import date
from typing import Any

import pytest

from sampleweb.model import editions
from warehouse.examples import Example, run_examples

pytestmark = pytest.mark.slow

EDITION_DATES = {e.number: date.fromisoformat(e.date) for e in editions()}


@pytest.fixture(scope="module")
def answers(edition_history: dict[Any, Any]) -> dict[str, Example]:
    return {ex.name: ex for ex in run_examples(edition_history["database"])}


def rows(example: Example) -> list[dict[str, Any]]:
    return [dict(zip(example.columns, row, strict=True)) for row in example.rows]


def test_q1_not_addictive_now_with_since(answers: dict[str, Example]) -> None:
    found = {r["clinic_id"]: r for r in rows(answers["q1_not_addictive"])}
    assert found["northstar"]["since"] == EDITION_DATES[1]
    assert found["clearpath"]["since"] == EDITION_DATES[4]  # the claim edition 4 added
    assert "not addictive" in found["clearpath"]["evidence"]


def test_q2_last_week_on_northstar(answers: dict[str, Example]) -> None:
    kinds = [r["kind"] for r in rows(answers["q2_changes_since_last_week"])]
    assert kinds == ["price_up"]


def test_q3_price_changes_from_what_to_what(answers: dict[str, Example]) -> None:
    found = {
        (r["clinic_id"], r["price_before"], r["price_after"])
        for r in rows(answers["q3_intro_price_changes"])
    }
    assert ("northstar", 450.0, 495.0) in found
    assert ("novamind", 129.0, 99.0) in found


def test_q4_ptsd_share_rises_when_a_clinic_adds_it(answers: dict[str, Example]) -> None:
    shares = {r["month"]: r["share"] for r in rows(answers["q4_ptsd_prevalence"])}
    december, january = EDITION_DATES[1].replace(day=1), EDITION_DATES[2].replace(day=1)
    assert shares[january] > shares[december]


def test_q5_template_found_with_first_appearance(answers: dict[str, Example]) -> None:
    found = [r for r in rows(answers["q5_templates"]) if "tried everything" in r["example"]]
    assert found and found[0]["first_clinic"] == "northstar"
    assert found[0]["appearances"][1].startswith("riverbend")


def test_q6_vanished_offline_and_blocked(answers: dict[str, Example]) -> None:
    found = {(r["clinic_id"], r["kind"]) for r in rows(answers["q6_vanished_offline_blocked"])}
    assert {("riverbend", "site_unreachable"), ("harborlight", "bot_challenge"),
            ("summit", "page_moved")} <= found  # fmt: skip


def test_q7_prevalence_table_counts_clinics(answers: dict[str, Example]) -> None:
    table = {r["item"]: r for r in rows(answers["q7_prevalence"])}
    assert table["Said ketamine is not addictive"]["clinics"] >= 2
    assert table["Offered IV ketamine"]["of_clinics"] == 8
    assert 0 < table["Advertised for PTSD"]["percent"] <= 100
