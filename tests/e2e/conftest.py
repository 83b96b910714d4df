"""The operator stack as `kam stack up` starts it, on a free port with its own Prefect home,
and a headless Chromium to drive its UI."""

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.ops.stack import Stack, down, healthy, up

REPO = Path(__file__).resolve().parents[2]
# Screenshots and page dumps a person can look at after the run (CI keeps this folder).
ARTIFACTS = Path(os.environ.get("KAM_TEST_ARTIFACTS", REPO / "test-artifacts"))


CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Fixtures cannot see a test's outcome; keep it where the browser fixture can look.
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def operator_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = Stack(repo=REPO, home=tmp_path_factory.mktemp("prefect-stack"), port=_free_port())
    try:
        # The tests serve their own sample web on free ports.
        up(stack, sample_web=False)
        yield stack
    finally:
        stopped = down(stack)
    # Checked after the tests, so a broken `down` shows as an error here.
    assert stopped == ["worker", "server"]
    assert not healthy(stack)


@pytest.fixture
def api(operator_stack: Stack) -> Iterator[None]:
    """Point this process's Prefect client at the stack's server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: operator_stack.api_url}):
        yield


def chromium_path() -> str:
    found = os.environ.get("KAM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail(
            "the operator UI test needs Debian's chromium: `make test` installs it "
            "(apt-get install chromium), or set KAM_CHROMIUM to a Chromium binary"
        )
    return found


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
