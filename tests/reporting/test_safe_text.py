"""Page text that carries markup shows as text in every way out: the markdown report, the table
artifacts (both rendered as markdown with raw HTML on, as Prefect's UI does) and the webhook
message; secrets are masked in what the tool prints."""

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from flows.params import AlertRules
from flows.reporting import alerts
from flows.reporting.artifacts import _escaped
from flows.reporting.run_report import ClinicLine, Report, high_risk_rows, render_markdown
from flows.reporting.safe_text import chat, code, markdown, mask_url
from sampleweb.hostile import INJECTED

# Prefect's UI renders artifacts with raw HTML allowed; so does this renderer.
RENDER = MarkdownIt("commonmark", {"html": True}).enable("table")
HOSTILE_NAME = "Evil <b>Clinic</b> [x](javascript:alert(4)) <!here>"


def _report() -> Report:
    change: dict[str, Any] = {
        "clinic_id": "evil", "name": HOSTILE_NAME, "kind": "claim_added", "stream": "claim",
        "categories": ["cure"], "risk_flags": ["cure_language"], "before_value": None,
        "after_value": None, "before_evidence": None, "after_evidence": INJECTED,
        "url": "https://evil.example/`](javascript:alert(5))",
    }  # fmt: skip
    return Report(
        title="Monitor run r1", run_ids=["r1"], period="Logical date 2026-12-01",
        warehouse=Path("data/monitor.duckdb"), high_flags={"cure_language"},
        clinics=[ClinicLine("evil", HOSTILE_NAME, "unreachable", 3, 1, 3, "timeout 3", 1)],
        changes=[change],
    )  # fmt: skip


def _assert_inert(html: str) -> None:
    for danger in ("<img", "<script", "<b>", 'javascript:alert(3)"', "href="):
        assert danger not in html, danger


def test_the_markdown_report_shows_injected_markup_as_text() -> None:
    html = RENDER.render(render_markdown(_report(), ["a note"]))
    _assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Ketamine cures depression" in html


def test_table_artifact_cells_are_inert() -> None:
    for row in _escaped(high_risk_rows(_report())):
        for value in row.values():
            _assert_inert(RENDER.render(value))


@pytest.mark.parametrize(
    "text", [INJECTED, HOSTILE_NAME, "see www.evil.example or https://x.example"]
)
def test_markdown_escaping_keeps_the_characters(text: str) -> None:
    rendered = RENDER.renderInline(markdown(text))
    assert "<a " not in rendered and "<img" not in rendered
    # What a reader sees is the page's own text, character for character.
    unescaped = rendered.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert unescaped.replace("&amp;", "&") == text


def test_urls_are_shown_as_code_never_as_links() -> None:
    assert RENDER.renderInline(code("https://evil.example/`x`")).startswith("<code>")


def test_the_webhook_message_carries_no_chat_markup() -> None:
    report = _report()
    rules = AlertRules(block="custom-webhook/x", new_claim_flags=["cure_language"])
    _subject, body = alerts.compose(
        report, alerts.matching_changes(report, rules, {"cure_language"}), None
    )
    assert "<!channel>" not in body and "<!here>" not in body
    assert "<https://evil.example|" not in body
    assert "<img" not in body and "<script>" not in body
    assert "@\u200beveryone" in body
    assert "&lt;!channel&gt;" in body


def test_chat_escaping_follows_slack_rules() -> None:
    assert chat("a & b <c>") == "a &amp; b &lt;c&gt;"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T00/B00/SECRETTOKEN", "https://hooks.slack.com/***"),
        ("https://user:pass@chat.example:8443/hook?token=abc", "https://chat.example:8443/***?***"),
        ("http://127.0.0.1:9999/", "http://127.0.0.1:9999/"),
    ],
)
def test_secrets_in_urls_are_masked(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert "SECRET" not in mask_url(url) and "pass" not in mask_url(url)
