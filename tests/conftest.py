"""Shared fixtures: the sample web on free ports, a targets file for it, a Prefect test server."""

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Keep Prefect's state out of the developer's home; must happen before Prefect is imported.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="kam-prefect-home-"))
# `kam` commands run by tests must not leave a kept Prefect server behind (flows/ops/server.py).
os.environ.setdefault("KAM_PREFECT_SERVER", "temporary")

import pytest

from flows.ops import runtime

runtime.configure()

from sampleweb.server import SampleWeb  # noqa: E402
from tests.webhook_receiver import WebhookReceiver  # noqa: E402

# Longer than the test crawl profile's 2 s download timeout, so the slow page times out.
SLOW_PAGE_SECONDS = 3.0


@pytest.fixture(scope="session")
def sample_web() -> Iterator[SampleWeb]:
    with SampleWeb(slow_seconds=SLOW_PAGE_SECONDS) as web:
        yield web


@pytest.fixture
def web(sample_web: SampleWeb) -> Iterator[SampleWeb]:
    """The sample web at edition 1, with an empty request log."""
    sample_web.set_edition(1)
    sample_web.log.clear()
    yield sample_web
    sample_web.set_edition(1)


@pytest.fixture(scope="session")
def targets_file(sample_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_web.write_targets(tmp_path_factory.mktemp("targets") / "sample.yaml")


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


ALERT_BLOCK = "custom-webhook/kam-test-alerts"


@pytest.fixture(scope="session")
def webhook(prefect_server: None) -> Iterator[WebhookReceiver]:
    """A local webhook receiver, and the Prefect notification block that posts to it."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    with WebhookReceiver() as receiver:
        CustomWebhookNotificationBlock(
            name="kam-test-alerts", url=receiver.url, json_data={"text": "{{subject}}\n{{body}}"}
        ).save(ALERT_BLOCK.split("/")[1], overwrite=True)
        yield receiver


@pytest.fixture(scope="session")
def edition_history(
    prefect_server: None, sample_web: SampleWeb, targets_file: Path, webhook: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[Any, Any]:  # fmt: skip
    """Every sample-web edition crawled on its date into one warehouse, as the demo does, with
    alerts to `webhook`: {"data": folder, "database": published file,
    n: (run_id, that run's changes), "alerts": {n: messages received during that run}}."""
    import duckdb

    from flows.monitor import monitor
    from flows.params import AlertRules, MonitorParams
    from sampleweb.model import story_editions
    from warehouse.db import WarehousePaths

    data = tmp_path_factory.mktemp("history")
    database = WarehousePaths(data).published
    found: dict[Any, Any] = {"data": data, "database": database, "alerts": {}}
    for edition in story_editions():
        sample_web.set_edition(edition.number)
        before = len(webhook.messages)
        report = monitor(
            MonitorParams(
                targets=str(targets_file), data_dir=str(data), crawl_profile="test",
                logical_date=datetime.fromisoformat(edition.date).replace(hour=6, tzinfo=UTC),
                alerts=AlertRules(block=ALERT_BLOCK),
                keep_crawl_files=True,  # tests re-load runs from their staged files
            )
        )  # fmt: skip
        found["alerts"][edition.number] = webhook.messages[before:]
        with duckdb.connect(str(database), read_only=True) as con:
            cursor = con.execute("SELECT * FROM changes WHERE run_id = ?", [report["run_id"]])
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        found[edition.number] = (report["run_id"], rows)
    sample_web.set_edition(1)
    return found
