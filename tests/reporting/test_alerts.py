"""Alerts reach the operator's chat tool through a Prefect notification block."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from pydantic import ValidationError

from flows.monitor import monitor
from flows.params import AlertRules, MonitorParams
from flows.reporting import alerts
from flows.reporting.run_report import build_report
from sampleweb.server import SampleWeb

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
    # Slack-style chat text: "&" is written "&amp;" and shown as "&".
    assert "clinic offline: Riverbend Ketamine &amp; Wellness (riverbend): site_unreachable" in text
    assert "bot_challenge" in text


def test_runs_without_notable_changes_send_nothing(edition_history: Any) -> None:
    assert edition_history["alerts"][1] == []  # the baseline
    assert edition_history["alerts"][3] == []  # noise only


def _edition_4_report(history: Any) -> Any:
    with duckdb.connect(str(history["database"]), read_only=True) as con:
        return build_report(
            con, [history[4][0]], title="t", period="p", warehouse=history["database"],
        )  # fmt: skip


def test_rules_choose_what_is_sent(edition_history: Any) -> None:
    report = _edition_4_report(edition_history)
    only_prices = AlertRules(new_claim_flags=[], clinic_offline=False)
    matches = alerts.matching_changes(
        report, only_prices, alerts.wanted_flags(only_prices, report.high_flags)
    )
    assert sorted(c["kind"] for _, c in matches) == ["price_down", "price_up"]

    one_flag = AlertRules(new_claim_flags=["addiction_denial"], price_change=False)
    matches = alerts.matching_changes(
        report, one_flag, alerts.wanted_flags(one_flag, report.high_flags)
    )
    assert sorted((c["kind"], c["clinic_id"]) for _, c in matches) == [
        ("bot_challenge", "harborlight"), ("claim_added", "clearpath"),
        ("site_unreachable", "riverbend"),
    ]  # fmt: skip

    other_flag = AlertRules(new_claim_flags=["cure_language"], price_change=False)
    matches = alerts.matching_changes(
        report, other_flag, alerts.wanted_flags(other_flag, report.high_flags)
    )
    assert "claim_added" not in {c["kind"] for _, c in matches}


def test_unknown_flag_in_a_rule_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValidationError, match=r"unknown risk flag\(s\) not_a_flag; use 'high'"):
        AlertRules(new_claim_flags=["not_a_flag"])


def test_block_name_must_be_type_and_name() -> None:
    with pytest.raises(ValidationError, match="write the block as type/name"):
        AlertRules(block="kam-alerts")


def test_missing_block_says_how_to_create_one(prefect_server: None) -> None:
    with pytest.raises(alerts.AlertBlockMissing, match="kam stack up --webhook"):
        alerts.load_block("custom-webhook/no-such-block")


class FailingHook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(503)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


def test_undeliverable_alert_is_a_note_in_a_completed_run(
    prefect_server: None, web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    server = ThreadingHTTPServer(("127.0.0.1", 0), FailingHook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    CustomWebhookNotificationBlock(name="down", url=url, json_data={"text": "{{body}}"}).save(
        "kam-chat-down", overwrite=True
    )
    base = {
        "targets": str(targets_file), "data_dir": str(tmp_path), "crawl_profile": "test",
        "max_pages": 5, "clinics": ["northstar"],
    }  # fmt: skip
    try:
        monitor(MonitorParams(**base))  # type: ignore[arg-type]
        web.set_edition(4)  # northstar raises its price
        state = monitor(
            MonitorParams(**base, alerts=AlertRules(block="custom-webhook/kam-chat-down")),  # type: ignore[arg-type]
            return_state=True,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert state.is_completed()
    report = state.result()
    assert report["changes"]["price_up"] == 1
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["monitor-report"])),
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            ),
        )
    assert len(found) == 1
    assert "Alert NOT sent to custom-webhook/kam-chat-down (" in found[0].data
    assert "503" in found[0].data
