"""The clinic spider's link rule on a stored page (tests/files/sample_pages/): the pages a
clinic's home page links to, normalised."""

from scrapy.http import HtmlResponse

from crawlers.spiders.clinic import page_links
from tests.paths import stored_page

HOME = "http://127.0.0.1:9/"


def links(name: str) -> set[str]:
    body, content_type = stored_page(name)
    response = HtmlResponse(url=HOME, body=body, headers={"Content-Type": content_type})
    return page_links(response)


def test_the_home_page_links_to_the_pages_a_patient_reads() -> None:
    found = links("northstar_home.html")
    assert {HOME + p for p in ("pricing/", "faq/", "about/", "treatments/")} <= found


def test_media_and_archives_are_not_followed_but_price_sheets_are() -> None:
    body = (
        b'<a href="/photos/team.JPG">Team</a> <a href="/downloads/forms.tar.gz">Forms</a>'
        b'<a href="/files/price-sheet.pdf">Prices</a> <a href="/faq">FAQ</a>'
    )
    response = HtmlResponse(url=HOME, body=body, headers={"Content-Type": "text/html"})
    assert page_links(response) == {HOME + "files/price-sheet.pdf", HOME + "faq/"}
