"""The bundled sample web: editions apply, answer keys are well formed, hazards are in place."""

import re
import urllib.error
import urllib.request

import pytest

from sampleweb.control import request_edition
from sampleweb.model import answer_key, base_clinics, clinics_at, editions
from sampleweb.server import SampleWeb, copy_id

PAGES = ("/", "/treatments/", "/pricing/", "/faq/", "/about/", "/blog/", "/contact/")


def test_at_least_eight_clinics_with_every_section() -> None:
    clinics = base_clinics()
    assert len(clinics) >= 8
    for clinic in clinics.values():
        missing = [p for p in PAGES if p not in clinic.pages]
        assert not missing, f"{clinic.id} lacks {missing}"
        assert sum(p.startswith("/blog/") and p != "/blog/" for p in clinic.pages) >= 2


def test_at_least_three_dated_editions_in_order() -> None:
    dates = [e.date for e in editions()]
    assert len(dates) >= 3 and dates == sorted(dates)


@pytest.mark.parametrize("number", [e.number for e in editions()])
def test_every_edition_applies(number: int) -> None:
    assert clinics_at(number)


def test_answer_keys_name_clinic_and_kind() -> None:
    keys = [k for e in editions() for k in answer_key(e.number)]
    assert keys
    for key in keys:
        assert key["clinic"] in base_clinics() and key["kind"]


def test_editions_cover_the_kinds_of_change_real_clinics_make() -> None:
    kinds = {k["kind"] for e in editions() for k in answer_key(e.number)}
    assert {
        "discount_changed", "claim_strengthened", "claim_added", "hedge_removed",
        "price_up", "price_down", "page_moved", "page_added",
        "site_unreachable", "bot_challenge",
    } <= kinds  # fmt: skip


def test_some_edition_changes_only_noise() -> None:
    assert any(not e.patches and e.noise for e in editions())


def test_patched_text_appears_in_the_edition() -> None:
    clearpath = clinics_at(2)["clearpath"].pages["/treatments/"]
    assert any("PTSD" in item for b in clearpath.blocks for item in b.get("ul", []))
    assert not any(
        "PTSD" in item
        for b in clinics_at(1)["clearpath"].pages["/treatments/"].blocks
        for item in b.get("ul", [])
    )


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_renamed_page_redirects(web: SampleWeb) -> None:
    web.set_edition(2)
    status, body = get(web.url("summit") + "pricing/")
    assert status == 200 and b"<title>" in body
    assert web.reply("summit", "/pricing/").headers == {"Location": "/fees/"}


def test_copyright_year_moves_with_the_edition(web: SampleWeb) -> None:
    assert b"&copy; 2025" in get(web.url("northstar") + "faq/")[1]
    web.set_edition(2)
    assert b"&copy; 2026" in get(web.url("northstar") + "faq/")[1]


def test_offline_clinic_refuses_connections(web: SampleWeb) -> None:
    web.set_edition(4)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(web.url("riverbend"), timeout=5)


def test_bot_challenge_serves_403(web: SampleWeb) -> None:
    web.set_edition(4)
    status, body = get(web.url("harborlight"))
    assert status == 403 and b"Checking your browser" in body


def test_conditional_get_returns_304(web: SampleWeb) -> None:
    url = web.url("northstar") + "faq/"
    with urllib.request.urlopen(url) as response:
        etag = response.headers["ETag"]
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request)
    assert info.value.code == 304


def test_rotating_testimonial_changes_the_home_page(web: SampleWeb) -> None:
    bodies = {get(web.url("northstar"))[1] for _ in range(3)}
    assert len(bodies) > 1


def test_a_running_sample_web_switches_edition_on_request(web: SampleWeb) -> None:
    answered = request_edition([web.url("riverbend"), web.url("northstar")], 4)
    assert answered == web.url("riverbend") + "_sampleweb/edition"
    assert web.edition_number == 4
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(web.url("riverbend"), timeout=5)  # offline in edition 4


def test_unknown_edition_is_refused_with_the_valid_ones(web: SampleWeb) -> None:
    valid = [e.number for e in editions()]
    with pytest.raises(ValueError, match=re.escape(f"edition must be one of {valid}, got '9'")):
        request_edition([web.url("northstar")], 9)
    assert web.edition_number == 1


def test_no_sample_web_running_says_how_to_start_it() -> None:
    with pytest.raises(ConnectionError, match="kam serve-sample"):
        request_edition(["http://127.0.0.1:9/"], 2, timeout_s=1)


def test_pages_refuse_post(web: SampleWeb) -> None:
    request = urllib.request.Request(web.url("northstar"), data=b"2", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 405


def test_copies_are_sites_of_their_own_with_their_clinics_pages() -> None:
    with SampleWeb(copies=3) as web:
        assert len(web.sites) == 3 * len(base_clinics()) == len(set(web.ports.values()))
        first, third = copy_id("northstar", 1), copy_id("northstar", 3)
        assert third == "northstar-003" and web.sites[third] == "northstar"
        status, body = get(web.url(third) + "faq/")
        assert status == 200 and b"Northstar" in body
        # Links and the sitemap name the copy's own origin, never another copy's.
        assert web.url(third).rstrip("/").encode() in body
        assert web.url(first).rstrip("/").encode() not in body
        assert web.url(third).encode() in get(web.url(third) + "sitemap.xml")[1]
        # Hazards travel with the clinic: northstar's redirect chain ends on its contact page.
        assert get(web.url(third) + "book")[0] == 200
        listed = web.targets(limit=len(base_clinics()) + 1)["clinics"]
        assert [c["id"] for c in listed[:2]] == [copy_id(c, 1) for c in list(base_clinics())[:2]]
        assert listed[-1]["id"] == copy_id(next(iter(base_clinics())), 2)
        web.set_edition(4)  # riverbend is offline in edition 4, in every copy
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(web.url(copy_id("riverbend", 2)), timeout=5)
        assert get(web.url(first))[0] == 200
