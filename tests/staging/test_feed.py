"""One bad page is one bad page: a monitor run over the hostile web completes, stores every other
page and clinic, and records each unreadable page on its own observation."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from flows.cleaning import clean_html
from flows.extraction.extract import PageBudgetExceeded, extract_blocks
from flows.monitor import monitor
from flows.params import MonitorParams
from sampleweb.hostile import ROUTES, HostileWeb
from warehouse.db import WarehousePaths, connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileWeb]:
    with HostileWeb() as web:
        yield web


@pytest.fixture(scope="module")
def hostile_run(
    prefect_server: None, hostile: HostileWeb, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("hostile-data")
    targets = hostile.write_targets(data / "targets.yaml", ["nester", "liar", "redirector"])
    state, second = (
        monitor(
            MonitorParams(
                targets=str(targets),
                data_dir=str(data),
                crawl_profile="test",
                max_pages=20,
                max_depth=2,
                logical_date=datetime(2026, 12, day, 6, tzinfo=UTC),
            ),
            return_state=True,
        )
        for day in (1, 2)
    )
    return {"state": state, "second": second, "database": WarehousePaths(data).published}


def _observation(database: Path, path: str) -> tuple[Any, ...]:
    with connect(database, read_only=True) as con:
        row = con.execute(
            """SELECT outcome, error_class, error_message, body_sha256 IS NOT NULL,
                      (SELECT count(*) FROM page_texts t WHERE t.body_sha256 = o.body_sha256)
               FROM observations o WHERE requested_url LIKE '%' || ?""",
            [path],
        ).fetchone()
    assert row is not None, path
    return row


def test_the_runs_complete(hostile_run: dict[str, Any]) -> None:
    assert hostile_run["state"].is_completed()
    assert hostile_run["second"].is_completed()


def test_a_page_that_starts_redirecting_off_site_is_a_change(
    hostile_run: dict[str, Any], hostile: HostileWeb
) -> None:
    with connect(hostile_run["database"], read_only=True) as con:
        rows = con.execute(
            "SELECT url, after_value FROM changes WHERE kind = 'redirect_offsite'"
        ).fetchall()
    assert rows == [(hostile.url("redirector", "/moving-away/"), hostile.url("other", "/partner/"))]
    assert hostile.requests_for("other") == []


def test_a_wall_of_text_is_recorded_as_extract_error(hostile_run: dict[str, Any]) -> None:
    outcome, error_class, message, stored, texts = _observation(
        hostile_run["database"], "/many-sentences/"
    )
    assert (outcome, error_class, stored, texts) == ("extract_error", "PageBudgetExceeded", True, 0)
    assert "/many-sentences/" in message


def test_binary_served_as_html_is_stored_but_not_read(hostile_run: dict[str, Any]) -> None:
    outcome, error_class, _message, stored, texts = _observation(
        hostile_run["database"], "/binary/"
    )
    assert (outcome, error_class, stored, texts) == ("not_text", "BinaryBody", True, 0)


@pytest.mark.parametrize("path", ["/deep-html/", "/deep-jsonld/", "/cp1252/", "/injected/"])
def test_hard_pages_are_read(hostile_run: dict[str, Any], path: str) -> None:
    outcome, _class, _message, _stored, texts = _observation(hostile_run["database"], path)
    assert (outcome, texts) == ("ok", 1)


def test_the_other_clinics_pages_are_stored(hostile_run: dict[str, Any]) -> None:
    with connect(hostile_run["database"], read_only=True) as con:
        clinics = con.execute(
            "SELECT DISTINCT clinic_id FROM observations WHERE outcome = 'ok' ORDER BY 1"
        ).fetchall()
    assert [c[0] for c in clinics] == ["hostile-liar", "hostile-nester", "hostile-redirector"]


def _body(path: str) -> bytes:
    web = HostileWeb()
    return ROUTES[path](web, web.sites["nester"], 1).body


def test_html_nested_thousands_deep_keeps_its_text() -> None:
    cleaned = clean_html(_body("/deep-html/"), "text/html; charset=utf-8", None)
    assert "board-certified anesthesiologist" in cleaned.main_text


def test_json_ld_nested_past_the_parser_limit_is_skipped_not_fatal() -> None:
    cleaned = clean_html(_body("/deep-jsonld/"), "text/html; charset=utf-8", None)
    assert "helps many patients with depression" in cleaned.main_text


def test_windows_1252_without_a_charset_keeps_its_accents() -> None:
    cleaned = clean_html(_body("/cp1252/"), "text/html", None)
    assert "Nuestra clínica ofrece" in cleaned.main_text and "Señales" in cleaned.main_text


def test_a_page_past_the_sentence_cap_stops_at_once() -> None:
    cleaned = clean_html(_body("/many-sentences/"), "text/html; charset=utf-8", None)
    with pytest.raises(PageBudgetExceeded, match="sentences"):
        extract_blocks(list(cleaned.blocks))
