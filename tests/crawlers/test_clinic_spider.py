"""The clinic spider against the sample web over real HTTP on 127.0.0.1."""

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from crawlers.run import CrawlError, CrawlResult, finish_scrapy, start_scrapy
from sampleweb import traps
from sampleweb.server import LoggedRequest, SampleWeb
from tests.paths import REPO


@dataclass
class Crawl:
    result: CrawlResult
    records: list[dict[str, Any]]
    served: list[LoggedRequest]

    def of(self, clinic: str) -> list[dict[str, Any]]:
        return [r for r in self.records if r["clinic_id"] == clinic]

    def at(self, clinic: str, path: str) -> dict[str, Any]:
        found = [r for r in self.of(clinic) if urlsplit(r["requested_url"]).path == path]
        assert len(found) == 1, f"{clinic} {path}: {len(found)} records"
        return found[0]


def crawl(
    web: SampleWeb, targets: Path, out: Path, validators: Path | None = None, **kwargs: Any
) -> Crawl:
    web.log.clear()
    options = {"max_pages": 40, "max_depth": 4, **kwargs}
    result = finish_scrapy(start_scrapy(
        targets, options.pop("clinics", []), out, profile="test", validators=validators,
        timeout_s=300, **options,
    ))  # fmt: skip
    records = [json.loads(line) for line in result.feed.read_text().splitlines()]
    return Crawl(result, records, list(web.log))


@pytest.fixture(scope="module")
def first(
    sample_web: SampleWeb, targets_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Crawl:
    sample_web.set_edition(1)
    return crawl(sample_web, targets_file, tmp_path_factory.mktemp("crawl"))


def test_every_clinic_is_crawled(first: Crawl) -> None:
    assert {r["clinic_id"] for r in first.records} == {
        "northstar", "bluehaven", "clearpath", "evergreen",
        "summit", "harborlight", "novamind", "riverbend",
    }  # fmt: skip


def test_marketing_pages_are_fetched(first: Crawl) -> None:
    for path in ("/", "/pricing/", "/faq/", "/treatments/", "/about/", "/blog/", "/contact/"):
        assert first.at("clearpath", path)["outcome"] == "ok"


def test_robots_disallowed_section_is_never_requested(first: Crawl) -> None:
    assert not [r for r in first.served if r.path.startswith(traps.DISALLOWED_PREFIX)]


def test_robots_refusal_is_recorded(first: Crawl) -> None:
    record = first.at("northstar", "/patient-portal/login/")
    assert record["outcome"] == "robots_disallowed"


def test_every_page_request_the_server_saw_is_recorded(first: Crawl) -> None:
    recorded = {(r["clinic_id"], urlsplit(r["requested_url"]).path) for r in first.records}
    recorded |= {
        (r["clinic_id"], urlsplit(u).path) for r in first.records for u in r["redirect_chain"]
    }
    recorded |= {(r["clinic_id"], urlsplit(r["final_url"] or "").path) for r in first.records}
    served = {(s.clinic_id, urlsplit(s.path).path) for s in first.served}
    assert served <= recorded


def test_robots_txt_fetch_is_recorded_with_its_body(first: Crawl) -> None:
    record = first.at("clearpath", "/robots.txt")
    assert (record["outcome"], record["found_via"]) == ("ok", "robots")
    assert b"Disallow: /patient-portal/" in base64.b64decode(record["body_b64"])


def test_user_agent_identifies_the_project(first: Crawl) -> None:
    agents = {s.headers.get("User-Agent", "") for s in first.served}
    assert agents and all(a.startswith("ketamine-ad-monitor/") and "+" in a for a in agents)


def test_redirect_chain_is_recorded(first: Crawl) -> None:
    record = first.at("northstar", "/book/")
    assert [urlsplit(u).path for u in record["redirect_chain"]] == ["/book/", "/book-now/"]
    assert urlsplit(record["final_url"]).path == "/contact/"


def test_not_found_is_recorded_with_status(first: Crawl) -> None:
    record = first.at("bluehaven", "/blog/2019-open-house/")
    assert (record["outcome"], record["status"]) == ("http_error", 404)


def test_server_error_is_recorded_with_status(first: Crawl) -> None:
    record = first.at("clearpath", "/insurance/")
    assert (record["outcome"], record["status"]) == ("http_error", 500)


def test_windows_1252_page_keeps_its_bytes_and_charset(first: Crawl) -> None:
    record = first.at("evergreen", "/about/")
    body = base64.b64decode(record["body_b64"])
    assert "windows-1252" in record["content_type"]
    assert "Renée".encode("cp1252") in body


def test_tracking_parameters_do_not_create_duplicate_pages(first: Crawl) -> None:
    urls = [r["requested_url"] for r in first.records]
    assert len(urls) == len(set(urls))
    assert not [u for u in urls if "utm_" in u or "fbclid" in u or "#" in u]


def test_endless_calendar_is_bounded_by_depth(first: Crawl) -> None:
    months = [r for r in first.of("summit") if "/events/calendar/" in r["requested_url"]]
    # Linked from depth 0, the calendar can spread one month each way per remaining hop.
    assert 1 <= len(months) <= 2 * 4 - 1
    assert max(r["depth"] for r in first.records) <= 4


def test_pdf_is_fetched_and_typed(first: Crawl) -> None:
    record = first.at("riverbend", "/files/price-sheet.pdf")
    assert record["content_type"] == "application/pdf"
    assert base64.b64decode(record["body_b64"]).startswith(b"%PDF-")


def test_oversized_page_is_refused_not_stored(first: Crawl) -> None:
    record = first.at("novamind", "/blog/archive/")
    assert (record["outcome"], record["body_b64"]) == ("too_large", None)


def test_slow_page_times_out_and_is_recorded(first: Crawl) -> None:
    record = first.at("harborlight", "/research-library/")
    assert record["outcome"] == "timeout"


def test_sitemap_fetch_is_recorded_and_followed(first: Crawl) -> None:
    record = first.at("summit", "/sitemap.xml")
    assert record["outcome"] == "ok" and record["links"]
    assert first.at("summit", traps.STALE_SITEMAP_PATH)["status"] == 404


def test_fetch_records_carry_timing_size_and_headers(first: Crawl) -> None:
    record = first.at("northstar", "/pricing/")
    assert record["status"] == 200
    assert record["bytes_received"] == len(base64.b64decode(record["body_b64"]))
    assert record["elapsed_ms"] is not None and record["etag"]
    assert record["headers"]["content-type"].startswith("text/html")


def test_stats_count_fetch_outcomes(first: Crawl) -> None:
    pages = [r for r in first.records if r["found_via"] != "robots"]
    assert first.result.stats["fetch/ok"] == sum(r["outcome"] == "ok" for r in pages)
    # robots.txt is counted apart: a CDN may serve it while the site itself is down.
    assert first.result.stats["robots/ok"] == 8


def test_page_cap_is_honoured_per_clinic(
    web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    capped = crawl(web, targets_file, tmp_path, clinics=["summit"], max_pages=4)
    fetched = [
        r
        for r in capped.records
        if r["found_via"] != "robots" and r["outcome"] != "robots_disallowed"
    ]
    pages_served = [s for s in capped.served if s.path != "/robots.txt"]
    assert len(fetched) == 4
    assert len(pages_served) == 4
    assert capped.result.stats["clinic/summit/capped"] > 0


def test_marketing_pages_come_first_under_a_cap(
    web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    capped = crawl(web, targets_file, tmp_path, clinics=["northstar"], max_pages=5)
    fetched = {
        urlsplit(r["requested_url"]).path
        for r in capped.records
        if r["outcome"] != "robots_disallowed" and r["found_via"] != "robots"
    }
    assert {"/", "/sitemap.xml", "/pricing/"} <= fetched
    hints = ("pric", "special", "treatment", "faq", "fee", "offer")
    assert all(p in ("/", "/sitemap.xml") or any(h in p for h in hints) for p in fetched)


def test_unchanged_pages_are_fetched_conditionally(
    web: SampleWeb, targets_file: Path, tmp_path: Path, first: Crawl
) -> None:
    validators = {
        r["requested_url"]: {
            "etag": r["etag"],
            "last_modified": r["last_modified"],
            "links": r["links"],
        }
        for r in first.of("clearpath")
        if r["outcome"] == "ok" and r["etag"]
    }
    path = tmp_path / "validators.json"
    path.write_text(json.dumps(validators))
    again = crawl(web, targets_file, tmp_path / "again", validators=path, clinics=["clearpath"])
    record = again.at("clearpath", "/pricing/")
    assert (record["outcome"], record["status"], record["body_b64"]) == ("not_modified", 304, None)
    # Links of a 304 page come from the stored version, so the crawl still reaches the blog.
    assert again.at("clearpath", "/blog/")["outcome"] in ("ok", "not_modified")
    sent = [s for s in again.served if s.path == "/pricing/"]
    assert sent[0].headers.get("If-None-Match") == validators[record["requested_url"]]["etag"]


def known_crawl(web: SampleWeb, targets_file: Path, tmp_path: Path, first: Crawl) -> Crawl:
    """Edition 2 (summit's /pricing/ renamed /fees/, no link left to it), with pages each clinic
    showed before: summit's old pricing page and a clearpath page that no longer exists."""
    summit = first.at("summit", "/")["requested_url"]
    clearpath = first.at("clearpath", "/")["requested_url"]
    known = {
        "summit": [(urljoin(summit, "/pricing/"), 1)],
        "clearpath": [(urljoin(clearpath, "/spring-offer/"), 1)],
    }
    path = tmp_path / "known_urls.json"
    path.write_text(json.dumps(known))
    web.set_edition(2)
    return crawl(
        web, targets_file, tmp_path / "known", known_urls=path, clinics=["summit", "clearpath"]
    )


def test_a_known_page_no_link_leads_to_is_asked_for_again(
    web: SampleWeb, targets_file: Path, tmp_path: Path, first: Crawl
) -> None:
    again = known_crawl(web, targets_file, tmp_path, first)
    record = again.at("summit", "/pricing/")
    assert (record["found_via"], urlsplit(record["final_url"]).path) == ("known", "/fees/")


def test_a_known_page_that_is_not_found_is_asked_for_twice_and_stored_once(
    web: SampleWeb, targets_file: Path, tmp_path: Path, first: Crawl
) -> None:
    again = known_crawl(web, targets_file, tmp_path, first)
    record = again.at("clearpath", "/spring-offer/")
    served = [s for s in again.served if s.clinic_id == "clearpath" and s.path == "/spring-offer/"]
    assert (record["status"], len(served)) == (404, 2)


def test_offline_clinic_is_recorded_as_refused(
    web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    web.set_edition(4)
    result = crawl(web, targets_file, tmp_path, clinics=["riverbend", "northstar"], max_pages=3)
    home = result.at("riverbend", "/")
    assert (home["outcome"], home["status"]) == ("connection_refused", None)


def test_bot_challenge_is_stored_with_its_status(
    web: SampleWeb, targets_file: Path, tmp_path: Path
) -> None:
    web.set_edition(4)
    result = crawl(web, targets_file, tmp_path, clinics=["harborlight"], max_pages=3)
    home = result.at("harborlight", "/")
    assert home["status"] == 403
    assert b"Checking your browser" in base64.b64decode(home["body_b64"])


def test_crawl_that_fetched_nothing_fails_loudly(tmp_path: Path, web: SampleWeb) -> None:
    web.set_edition(4)  # riverbend no longer listens
    targets = tmp_path / "dead.yaml"
    targets.write_text(
        f"clinics:\n  - id: riverbend\n    name: Gone\n    website: {web.url('riverbend')}\n"
    )
    with pytest.raises(CrawlError, match="no HTTP response from any clinic"):
        finish_scrapy(start_scrapy(
            targets, [], tmp_path / "out", profile="test", max_pages=3, max_depth=1,
            validators=None, timeout_s=120,
        ))  # fmt: skip


def test_real_sites_need_a_contact_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAM_CONTACT_URL", raising=False)
    targets = tmp_path / "real.yaml"
    targets.write_text("clinics:\n  - id: a\n    name: A\n    website: https://clinic.example/\n")
    with pytest.raises(CrawlError, match="KAM_CONTACT_URL"):
        finish_scrapy(start_scrapy(
            targets, [], tmp_path / "out", profile="prod", max_pages=1, max_depth=0,
            validators=None, timeout_s=120,
        ))  # fmt: skip


def test_spider_runs_alone_with_scrapy_crawl(web: SampleWeb, tmp_path: Path) -> None:
    feed = tmp_path / "alone.jsonl"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawlers.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "clinic", "-a", f"url={web.url('summit')}",
         "-a", "max_pages=3", "-O", str(feed)],
        cwd=REPO, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    records = [json.loads(line) for line in feed.read_text().splitlines()]
    assert {r["outcome"] for r in records} >= {"ok"}
    assert all(r["clinic_id"] == "127-0-0-1" for r in records)
