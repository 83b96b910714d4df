"""Shared fixtures: the sample web on free ports, a targets file for it, a Prefect test server."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Keep Prefect's state out of the developer's home; must happen before Prefect is imported.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="kam-prefect-home-"))

import pytest

from flows import runtime

runtime.configure()

from sampleweb.server import SampleWeb  # noqa: E402

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
