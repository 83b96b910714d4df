"""The clinic spider's link rule on a stored page (tests/files/sample_pages/): the pages a
clinic's home page links to, normalised."""

from scrapy.http import HtmlResponse

from crawlers.spiders.clinic import LINK_EXTRACTOR
from crawlers.urls import normalize_url
from tests.paths import stored_page

HOME = "http://127.0.0.1:9/"


def links(name: str) -> set[str]:
    body, content_type = stored_page(name)
    response = HtmlResponse(url=HOME, body=body, headers={"Content-Type": content_type})
    return {normalize_url(link.url) for link in LINK_EXTRACTOR.extract_links(response)}


def test_the_home_page_links_to_the_pages_a_patient_reads() -> None:
    found = links("northstar_home.html")
    assert {HOME + p for p in ("pricing/", "faq/", "about/", "treatments/")} <= found
