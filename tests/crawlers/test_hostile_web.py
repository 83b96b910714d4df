"""One crawl of the hostile web (127.0.0.1 only): every trap ends as a recorded outcome of its own
page, nothing off the clinic's site is fetched, and robots.txt and rate limits are obeyed."""

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawlers.middlewares import retry_after_seconds
from crawlers.run import finish_scrapy, start_scrapy
from sampleweb.hostile import HostileWeb


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileWeb]:
    with HostileWeb() as web:
        yield web


class Crawl:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def at(self, site: str, path: str) -> dict[str, Any]:
        found = [
            r for r in self.records
            if r["clinic_id"] == f"hostile-{site}" and urlsplit(r["requested_url"]).path == path
        ]  # fmt: skip
        assert len(found) == 1, f"{site} {path}: {len(found)} records"
        return found[0]


@pytest.fixture(scope="module")
def crawl(hostile: HostileWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    out = tmp_path_factory.mktemp("hostile")
    result = finish_scrapy(start_scrapy(
        hostile.write_targets(out / "targets.yaml"), [], out, profile="test", max_pages=40,
        max_depth=3, validators=None, timeout_s=300,
    ))  # fmt: skip
    return Crawl([json.loads(line) for line in result.feed.open(encoding="utf-8")])


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/to-other-site/", "/landing/"),
        ("/to-metadata/", "169.254.169.254"),
        ("/to-private/", "10.0.0.1"),
        ("/to-file/", "file:///etc/passwd"),
        ("/meta-refresh/", "/landing/"),
    ],
)
def test_offsite_redirects_are_recorded_not_followed(crawl: Crawl, path: str, target: str) -> None:
    record = crawl.at("redirector", path)
    assert record["outcome"] == "redirect_offsite"
    assert target in record["headers"]["location"]
    assert record["body_b64"] is None


def test_nothing_off_the_clinics_site_was_requested(crawl: Crawl, hostile: HostileWeb) -> None:
    assert hostile.requests_for("other") == []
    assert hostile.requests_for("admin") == []


def test_a_redirect_to_a_loopback_admin_port_is_another_site(crawl: Crawl) -> None:
    assert crawl.at("redirector", "/to-admin/")["outcome"] == "redirect_offsite"


def test_same_site_redirects_are_followed(crawl: Crawl) -> None:
    record = crawl.at("redirector", "/moved-here/")
    assert record["outcome"] == "ok"
    assert record["final_url"].endswith("/new-home/")


@pytest.mark.parametrize("path", ["/loop-a/", "/chain/1/"])
def test_loops_and_long_chains_end_as_too_many_redirects(crawl: Crawl, path: str) -> None:
    assert crawl.at("redirector", path)["outcome"] == "too_many_redirects"


@pytest.mark.parametrize("path", ["/bomb/", "/endless/"])
def test_bombs_and_endless_bodies_are_too_large(crawl: Crawl, path: str) -> None:
    record = crawl.at("liar", path)
    assert record["outcome"] == "too_large"
    assert record["error_message"]


def test_a_stalling_server_times_out(crawl: Crawl) -> None:
    assert crawl.at("liar", "/stall/")["outcome"] == "timeout"


def test_a_link_flood_stays_under_the_page_cap(crawl: Crawl) -> None:
    fetched = [r for r in crawl.records if r["clinic_id"] == "hostile-liar" and r["status"]]
    assert len(fetched) <= 40


def test_a_huge_robots_txt_is_still_obeyed(crawl: Crawl, hostile: HostileWeb) -> None:
    assert "/private/secret/" not in hostile.requests_for("bigrobots")
    assert crawl.at("bigrobots", "/private/secret/")["outcome"] == "robots_disallowed"
    assert crawl.at("bigrobots", "/")["outcome"] == "ok"


def test_an_unavailable_robots_txt_disallows_the_site(crawl: Crawl, hostile: HostileWeb) -> None:
    assert hostile.requests_for("downrobots") == ["/robots.txt"]
    home = crawl.at("downrobots", "/")
    assert home["outcome"] == "robots_disallowed"
    assert "503" in home["error_message"] and "RFC 9309" in home["error_message"]
    assert crawl.at("downrobots", "/robots.txt")["status"] == 503


def test_garbage_robots_txt_is_read_as_no_rules(crawl: Crawl) -> None:
    assert crawl.at("badrobots", "/page/")["outcome"] == "ok"


def test_a_short_retry_after_is_waited_for(crawl: Crawl, hostile: HostileWeb) -> None:
    assert crawl.at("limited", "/slow-down/")["outcome"] == "ok"
    assert hostile.requests_for("limited").count("/slow-down/") == 2


def test_a_long_retry_after_is_reported_as_rate_limited(crawl: Crawl, hostile: HostileWeb) -> None:
    record = crawl.at("limited", "/go-away/")
    assert (record["outcome"], record["status"]) == ("rate_limited", 503)
    assert hostile.requests_for("limited").count("/go-away/") == 1


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Wed, 02 Dec 2026 10:00:30 GMT", now=1796205600.0) == 30.0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_a_sitemap_past_the_size_cap_is_recorded(crawl: Crawl) -> None:
    assert crawl.at("bigmap", "/sitemap.xml")["outcome"] == "too_large"
    assert crawl.at("bigmap", "/")["outcome"] == "ok"


def test_a_malformed_sitemap_does_not_stop_the_crawl(crawl: Crawl) -> None:
    assert crawl.at("badmap", "/sitemap.xml")["outcome"] == "ok"
    assert crawl.at("badmap", "/page/")["outcome"] == "ok"


def test_an_entity_bomb_in_a_sitemap_is_not_expanded(crawl: Crawl) -> None:
    record = crawl.at("bombmap", "/sitemap.xml")
    assert record["outcome"] == "ok"
    assert all(len(link) < 200 for link in record["links"])
    assert crawl.at("bombmap", "/page/")["outcome"] == "ok"


def test_sitemap_entries_off_the_site_are_never_requested(
    crawl: Crawl, hostile: HostileWeb
) -> None:
    sitemap = crawl.at("offmap", "/sitemap.xml")
    assert len(sitemap["links"]) == 3
    fetched = {r["requested_url"] for r in crawl.records if r["clinic_id"] == "hostile-offmap"}
    assert not any("169.254" in url or "10.0.0.1" in url for url in fetched)
    assert hostile.requests_for("other") == []


def test_a_503_storm_is_reported_as_rate_limited_after_a_few_tries(
    crawl: Crawl, hostile: HostileWeb
) -> None:
    assert crawl.at("storm", "/")["outcome"] == "rate_limited"
    assert 1 < hostile.requests_for("storm").count("/") <= 3
