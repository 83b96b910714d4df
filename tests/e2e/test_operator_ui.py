"""An operator's path through the Prefect UI, in headless Chromium: find the monitor deployment,
see its next run, start a custom run from the form, watch it complete, read its artifacts."""

import json
import re
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from flows.ops.stack import Stack
from sampleweb.server import SampleWeb
from tests.e2e.conftest import CALL_REPORT, chromium_path
from warehouse.db import WarehousePaths

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--no-first-run",
]  # fmt: skip
RUN_ARTIFACTS = {"monitor-report", "high-risk-claims", "offer-changes", "warehouse"}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def page(artifacts_dir: Path, request: pytest.FixtureRequest) -> Any:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        # The UI shows times in the browser's zone; New York is where the schedule is set.
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, timezone_id="America/New_York"
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        yield page
        outcome = request.node.stash.get(CALL_REPORT, None)
        if outcome is not None and outcome.failed:
            page.screenshot(path=str(artifacts_dir / "operator-ui-failure.png"), full_page=True)
        browser.close()


def field_box(form: Locator, label: str) -> Locator:
    """The inputs of one form field, found from its label: list items and the number inside an
    'int or None' choice have no accessible name of their own."""
    return form.locator("label", has_text=label).first.locator(
        "xpath=ancestor::div[./fieldset][1]/fieldset"
    )


def open_deployment(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/v2/deployments")
    page.get_by_role("textbox", name="Search deployments").fill(name)
    # The search lands in the URL a moment later; clicking before that sends the app back to
    # the list.
    page.wait_for_url(re.compile(f"flowOrDeploymentName={name}"))
    link = page.locator('a[href*="/deployments/deployment/"]', has_text=re.compile(f"^{name}$"))
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(re.compile(f"/v2/deployments/deployment/{UUID}"))
    expect(page.get_by_role("button", name="Run", exact=True)).to_be_visible()


def submit(page: Page) -> dict[str, Any]:
    """Press Submit and return the created run. SQLite on a small machine sometimes answers 503
    (database busy); the form stays, so pressing again is what an operator would do."""
    for attempt in range(3):
        with page.expect_response(
            lambda r: r.url.endswith("/create_flow_run") and r.request.method == "POST"
        ) as created:
            page.get_by_role("button", name="Submit", exact=True).click()
        if created.value.status == 201:
            return dict(created.value.json())
        assert created.value.status == 503 and attempt < 2, created.value.text()[:500]
        page.wait_for_timeout(2000 * (attempt + 1))
    raise AssertionError("unreachable")


def test_operator_starts_a_custom_monitor_run_from_the_ui(
    api: None, operator_stack: Stack, page: Page, sample_web: SampleWeb, targets_file: Path,
    tmp_path: Path, artifacts_dir: Path,
) -> None:  # fmt: skip
    sample_web.set_edition(1)
    base, data = operator_stack.ui_url, tmp_path / "data"
    open_deployment(page, base, "monitor")

    schedules = page.get_by_role("complementary").get_by_role("switch", name=re.compile("^toggle"))
    expect(schedules).to_have_count(1)
    assert "06:00 AM" in (schedules.first.get_attribute("aria-label") or "")
    expect(page.get_by_text("Next Run", exact=True)).to_be_visible(timeout=90_000)
    page.screenshot(path=str(artifacts_dir / "operator-ui-deployment.png"), full_page=True)

    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Custom run").click()
    expect(page.get_by_role("heading", name="Parameters")).to_be_visible()
    # `params: MonitorParams | None` starts on "None"; choosing the model shows its fields.
    page.get_by_role("tab", name="MonitorParams", exact=True).click()
    form = page.get_by_role("tabpanel", name="MonitorParams")
    targets = form.get_by_role("textbox", name="Targets file")
    expect(targets).to_have_value("targets/sample.yaml")
    targets.fill(str(targets_file))
    form.get_by_role("textbox", name="Data folder").fill(str(data))
    form.get_by_role("spinbutton", name="Page cap per clinic").fill("8")
    clinics = field_box(form, "Clinic subset")
    clinics.get_by_role("button", name="Add item").click()
    clinics.get_by_role("textbox").last.fill("northstar")
    edition = field_box(form, "Sample web edition")
    edition.get_by_role("tab", name="int", exact=True).click()
    edition.get_by_role("tabpanel", name="int").get_by_role("spinbutton").fill("2")
    page.screenshot(path=str(artifacts_dir / "operator-ui-form.png"), full_page=True)

    triggered = time.monotonic()
    run = submit(page)
    page.goto(f"{base}/v2/runs/flow-run/{run['id']}")
    badge = page.locator("main").locator('[data-slot="badge"][class*="bg-state-"]').first
    expect(badge).to_have_text(
        re.compile("^(Completed|Failed|Crashed|Cancelled)$"), timeout=300_000
    )
    trigger_to_completed = time.monotonic() - triggered
    assert badge.inner_text().strip() == "Completed"

    page.get_by_role("tab", name="Artifacts", exact=True).click()
    cards = page.get_by_role("tabpanel", name="Artifacts").get_by_role("link")
    for key in sorted(RUN_ARTIFACTS):
        expect(cards.filter(has=page.get_by_role("heading", name=key))).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "operator-ui-run-page.png"), full_page=True)
    (artifacts_dir / "operator-ui-timings.json").write_text(
        json.dumps({"trigger_to_completed_s": round(trigger_to_completed, 1)})
    )
    print(f"trigger to completed: {trigger_to_completed:.1f} s")

    # What the form sent is what the run used.
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(run["id"])
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run["id"]]))
        )
    params = flow_run.parameters["params"]
    assert (params["clinics"], params["max_pages"], params["sample_edition"]) == (
        ["northstar"],
        8,
        2,
    )
    assert params["alerts"]["new_claim_flags"] == ["high"]  # defaults the form showed
    assert {a.key for a in artifacts} == RUN_ARTIFACTS
    assert sample_web.edition_number == 2  # the run switched the sample web

    with duckdb.connect(str(WarehousePaths(data).published), read_only=True) as con:
        stored = con.execute(
            """SELECT r.run_id, count(o.observation_id), count(DISTINCT o.clinic_id)
               FROM runs r JOIN observations o USING (run_id)
               WHERE r.flow_run_id = ? GROUP BY r.run_id""",
            [run["id"]],
        ).fetchall()
    assert len(stored) == 1
    _, observations, clinic_count = stored[0]
    assert observations > 0 and clinic_count == 1
    sample_web.set_edition(1)
