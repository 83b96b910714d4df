"""Page and site events: pages that appeared, moved, vanished or now send visitors elsewhere,
and paths robots.txt newly disallows. Built from rows the run's queries already read; no
database access here."""

import re
from dataclasses import dataclass, field

from crawlers.items import READABLE
from flows.changes.model import Change

DISALLOW = re.compile(r"^\s*disallow\s*:\s*(\S+)", re.I | re.M)


@dataclass
class Fetch:
    page_id: str
    url: str
    final_url: str | None
    outcome: str
    status: int | None
    location: str | None
    found_via: str = "link"


@dataclass
class PreviousRun:
    """What the clinic's previous successful run saw: each page's final URL and outcome, the
    links its pages carried, and the pages any earlier run read."""

    fetches: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    links: set[str] = field(default_factory=set)
    pages_read: set[str] = field(default_factory=set)

    def outcome(self, page_id: str) -> str | None:
        return self.fetches.get(page_id, (None, ""))[1] or None


def page_events(
    clinic_id: str, now: dict[str, Fetch], before: PreviousRun
) -> tuple[list[Change], set[str]]:
    """Pages that appeared, vanished or moved; returns the events and the new pages' ids."""
    events: list[Change] = []
    moved_targets = set()
    for page_id, fetch in now.items():
        if fetch.outcome not in READABLE or not fetch.final_url or fetch.final_url == fetch.url:
            continue
        earlier = before.fetches.get(page_id)
        moved = earlier is not None and earlier[0] != fetch.final_url and earlier[1] in READABLE
        # A page read before and asked for again (no link may lead there now) that redirects
        # was renamed, though the previous run did not fetch it.
        rechecked = earlier is None and fetch.found_via == "known"
        if moved or rechecked:
            moved_targets.add(fetch.final_url)
            was = earlier[0] if earlier and earlier[0] else fetch.url
            events.append(Change(clinic_id, "page_moved", "page", page_id, fetch.url,
                                 before_value=was, after_value=fetch.final_url))  # fmt: skip
    new_pages = set()
    for page_id, fetch in now.items():
        # A page that was already linked or in the sitemap last time is not new, only newly
        # fetched (a page cap or a slow server can leave it out of one run).
        if (
            fetch.outcome in READABLE
            and page_id not in before.pages_read
            and fetch.url not in moved_targets
            and fetch.url not in before.links
        ):
            new_pages.add(page_id)
            events.append(
                Change(clinic_id, "page_added", "page", page_id, fetch.url, after_value=fetch.url)
            )
        elif fetch.status in (404, 410) and (
            before.outcome(page_id) in READABLE or fetch.found_via == "known"
        ):
            # A known page's "not found" was asked for twice before it was stored.
            events.append(
                Change(clinic_id, "page_vanished", "page", page_id, fetch.url,
                       before_value=fetch.url, after_value=str(fetch.status))
            )  # fmt: skip
    # A page that now sends visitors to another website (not followed, so its text is never
    # taken for the clinic's); reported once, when it starts.
    for page_id, fetch in now.items():
        if fetch.outcome == "redirect_offsite" and before.outcome(page_id) != "redirect_offsite":
            events.append(
                Change(clinic_id, "redirect_offsite", "page", page_id, fetch.url,
                       before_value=fetch.url, after_value=fetch.location)
            )  # fmt: skip
    return events, new_pages


def disallowed_paths(body: bytes) -> set[str]:
    """Paths a robots.txt body disallows."""
    text = body.decode("utf-8", "replace")
    return set(DISALLOW.findall(text))


def robots_events(clinic_id: str, now: set[str] | None, before: set[str] | None) -> list[Change]:
    """Paths disallowed now that were not before (nothing when either robots.txt was not read)."""
    if now is None or before is None:
        return []
    return [
        Change(clinic_id, "robots_disallow_added", "site", before_value=None, after_value=path)
        for path in sorted(now - before)
    ]
