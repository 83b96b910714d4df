"""Alerts reach the operator's chat tool through a Prefect notification block."""

from typing import Any

import duckdb
import pytest

from flows import alerts
from flows.params import AlertRules
from flows.run_report import build_report
from flows.vocabulary import high_risk_flags, load_vocabulary

pytestmark = pytest.mark.slow


def test_edition_4_alert_reaches_the_webhook_with_each_notable_change(
    edition_history: Any,
) -> None:
    messages = edition_history["alerts"][4]
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("Ketamine ad monitor: 5 notable change(s) at 5 clinic(s)")
    assert "new claim flagged addiction_denial: ClearPath Mind Clinic (clearpath)" in text
    assert "ketamine is not addictive" in text
    assert (
        "price change: Northstar Ketamine Wellness (northstar)" in text
        and "price_up 450 -> 495" in text
    )
    assert "price_down 129 -> 99" in text
    assert "clinic offline: Riverbend Ketamine & Wellness (riverbend): site_unreachable" in text
    assert "bot_challenge" in text


def test_runs_without_notable_changes_send_nothing(edition_history: Any) -> None:
    assert edition_history["alerts"][1] == []  # the baseline
    assert edition_history["alerts"][3] == []  # noise only


def _edition_4_report(history: Any) -> Any:
    with duckdb.connect(str(history["database"]), read_only=True) as con:
        return build_report(
            con, [history[4][0]], title="t", period="p", warehouse=history["database"],
            high_flags=set(high_risk_flags(load_vocabulary())),
        )  # fmt: skip


def test_rules_choose_what_is_sent(edition_history: Any) -> None:
    report = _edition_4_report(edition_history)
    known = set(load_vocabulary().risk_rules)
    only_prices = AlertRules(new_claim_flags=[], clinic_offline=False)
    matches = alerts.matching_changes(
        report, only_prices, alerts.wanted_flags(only_prices, report.high_flags, known)
    )
    assert sorted(c["kind"] for _, c in matches) == ["price_down", "price_up"]

    one_flag = AlertRules(new_claim_flags=["unqualified_safety"], price_change=False)
    matches = alerts.matching_changes(
        report, one_flag, alerts.wanted_flags(one_flag, report.high_flags, known)
    )
    assert sorted(c["kind"] for _, c in matches) == ["bot_challenge", "site_unreachable"]


def test_unknown_flag_in_a_rule_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown risk flag 'not_a_flag'"):
        alerts.wanted_flags(AlertRules(new_claim_flags=["not_a_flag"]), set(), {"cure_language"})


def test_missing_block_is_reported_not_raised_as_a_crash(prefect_server: None) -> None:
    with pytest.raises(alerts.AlertBlockMissing, match="kam stack up --webhook"):
        alerts.send("custom-webhook/no-such-block", "s", "b")
