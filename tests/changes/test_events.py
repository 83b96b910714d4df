"""Page events from a run's fetches and the previous run's: pure functions, no crawl."""

from flows.changes.events import Fetch, PreviousRun, page_events

Event = tuple[str, str | None, str | None]


def kinds_of(now: dict[str, Fetch], before: PreviousRun) -> list[Event]:
    events, _ = page_events("c", now, before)
    return [(e.kind, e.before_value, e.after_value) for e in events]


def test_a_known_page_asked_for_again_that_redirects_moved() -> None:
    # The previous run did not fetch /pricing/ (no link led there); it was read in an earlier one.
    fetch = Fetch("p1", "http://x/pricing/", "http://x/fees/", "ok", 200, None, "known")
    before = PreviousRun(pages_read={"p1"})
    assert kinds_of({"p1": fetch}, before) == [
        ("page_moved", "http://x/pricing/", "http://x/fees/")
    ]


def test_a_known_page_not_found_vanished() -> None:
    fetch = Fetch("p1", "http://x/offer/", None, "http_error", 404, None, "known")
    before = PreviousRun(pages_read={"p1"})
    assert kinds_of({"p1": fetch}, before) == [("page_vanished", "http://x/offer/", "404")]


def test_a_linked_page_that_was_already_missing_is_not_vanished_again() -> None:
    fetch = Fetch("p1", "http://x/old/", None, "http_error", 404, None, "link")
    before = PreviousRun(fetches={"p1": (None, "http_error")}, pages_read={"p1"})
    assert kinds_of({"p1": fetch}, before) == []
