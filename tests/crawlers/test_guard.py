"""The address guard refuses forbidden addresses before any connection: proven on addresses and
URLs in code, on a resolved name, and on `prod` crawls of loopback sites (nothing reaches them)."""

import ipaddress
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.guard import address_refusal, url_refusal
from crawlers.run import CrawlError, finish_scrapy, start_scrapy
from crawlers.targets import same_site
from sampleweb.hostile import HostileWeb
from tests.paths import REPO

PROD_PORTS = frozenset({80, 443, 8080, 8443})

FORBIDDEN = [
    "127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.0.0.1", "172.16.5.4", "192.168.1.1",
    "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1",
    "240.0.0.1", "255.255.255.255", "100.64.0.1", "192.0.2.1", "198.18.0.1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1",
    "2002:a00:1::",
]  # fmt: skip
PUBLIC = ["93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"]


@pytest.mark.parametrize("address", FORBIDDEN)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address), allow_loopback=False)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address), allow_loopback=False) is None


def test_loopback_passes_only_where_the_profile_allows_it() -> None:
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("10.0.0.1"), allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://clinic.example/", "scheme"),
        ("gopher://clinic.example/", "scheme"),
        ("http://clinic.example:22/", "port 22"),
        ("https://clinic.example:6379/", "port 6379"),
        ("http://localhost/", "loopback"),
        ("http://admin.localhost/", "loopback"),
        ("http://127.0.0.1:8080/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://[::ffff:10.0.0.1]/", "private"),
    ],
)
def test_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    refusal = url_refusal(url, allow_loopback=False, ports=PROD_PORTS)
    assert refusal is not None and reason in refusal


def test_public_names_on_web_ports_pass_the_url_check() -> None:
    for url in ("https://clinic.example/", "http://clinic.example:8080/pricing"):
        assert url_refusal(url, allow_loopback=False, ports=PROD_PORTS) is None


def test_a_name_that_resolves_to_loopback_is_refused_at_resolution() -> None:
    # The resolver is what the connection uses; it must refuse after resolving, so a public
    # name pointed at a private address cannot slip through. "localhost" resolves from
    # /etc/hosts, with no packet sent.
    script = """
import json
from twisted.internet import task
from crawlers.guard import GuardedResolver

def main(reactor):
    resolver = GuardedResolver(reactor, 0, 5.0)
    done = resolver.getHostByName("localhost")
    result = {}
    done.addCallbacks(lambda ip: result.update(ok=ip),
                      lambda f: result.update(error=type(f.value).__name__, message=str(f.value)))
    done.addBoth(lambda _: print(json.dumps(result)))
    return done

task.react(main)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result.get("error") == "AddressRefused", result
    assert "127.0.0.1" in result["message"]


def test_same_site_means_one_registered_domain() -> None:
    assert same_site("https://www.clinic.com/a", "http://clinic.com/b")
    assert same_site("https://clinic.co.uk/", "https://book.clinic.co.uk/")
    assert not same_site("https://clinic.com/", "https://other-clinic.com/")
    assert not same_site("https://a.github.io/", "https://b.github.io/")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileWeb]:
    with HostileWeb() as web:
        yield web


def test_prod_crawl_of_loopback_sites_sends_nothing(
    hostile: HostileWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAM_CONTACT_URL", "mailto:watchdog@example.org")
    port = hostile.sites["redirector"].port
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "clinics:\n"
        f"- {{id: literal, name: Literal, website: 'http://127.0.0.1:{port}/'}}\n"
        f"- {{id: named, name: Named, website: 'http://localhost:{port}/'}}\n"
        "- {id: mapped, name: Mapped, website: 'http://[::ffff:127.0.0.1]/'}\n",
        encoding="utf-8",
    )
    hostile.log.clear()
    with pytest.raises(CrawlError, match="no HTTP response") as failed:
        finish_scrapy(start_scrapy(
            targets, [], tmp_path / "crawl", profile="prod", max_pages=5, max_depth=1,
            validators=None, timeout_s=120,
        ))  # fmt: skip
    assert hostile.log == []
    records = [json.loads(line) for line in (tmp_path / "crawl" / "feed.jsonl").open()]
    assert {r["clinic_id"] for r in records} == {"literal", "named", "mapped"}
    assert {r["outcome"] for r in records} == {"address_refused"}
    assert all("address guard refused" in r["error_message"] for r in records)
    assert "got no HTTP response" in str(failed.value)
