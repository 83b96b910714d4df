"""The weekly report flow reads the analysts' copy and covers the runs of its period."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from flows.weekly_report import ReportParams, report
from sampleweb.model import editions

pytestmark = pytest.mark.slow


def _date(number: int) -> datetime:
    return datetime.fromisoformat(editions()[number - 1].date).replace(hour=6, tzinfo=UTC)


def test_a_week_covers_only_that_weeks_run(edition_history: Any) -> None:
    found = report(
        ReportParams(data_dir=str(edition_history["data"]), until=_date(4) + timedelta(days=1))
    )
    assert found["runs"] == [edition_history[4][0]]
    assert found["changes"] == len(edition_history[4][1])


def test_a_longer_period_covers_every_run(edition_history: Any) -> None:
    found = report(
        ReportParams(
            data_dir=str(edition_history["data"]), days=120, until=_date(4) + timedelta(days=1)
        )
    )
    assert found["runs"] == [edition_history[n][0] for n in (1, 2, 3, 4)]
    assert found["changes"] == sum(len(edition_history[n][1]) for n in (1, 2, 3, 4))


def test_missing_warehouse_says_to_run_the_monitor_first(
    prefect_server: None, tmp_path: Any
) -> None:
    state = report(ReportParams(data_dir=str(tmp_path)), return_state=True)
    assert state.is_failed()
    assert "run the monitor deployment first" in (state.message or "")
