"""What the spider emits: one record per fetch attempt, successful or not."""

from typing import Literal

from pydantic import BaseModel

Outcome = Literal[
    "ok",  # 2xx with a body
    "not_modified",  # 304 to a conditional request
    "http_error",  # 4xx or 5xx
    "robots_disallowed",
    "address_refused",  # the address guard stopped it before any connection
    "redirect_offsite",  # redirected to another website (or a non-web scheme); not followed
    "too_many_redirects",  # a redirect loop or an over-long chain
    "rate_limited",  # 429/503 asking to wait longer than the crawl will
    "timeout",
    "connection_refused",
    "dns_error",
    "too_large",  # over DOWNLOAD_MAXSIZE, compressed or not
    "network_error",
    # Set by staging, not by the crawl: the body is stored, but no text could be read from it.
    "not_text",  # binary bytes (an image, an archive, noise) served as a web page
    "extract_error",  # cleaning or extraction failed or passed its budget on this page
]

# How the crawl came to a URL.
FoundVia = Literal[
    "start",  # the clinic's website, as the targets file gives it
    "sitemap",  # listed in the sitemap
    "link",  # linked from a page of the site
    "robots",  # robots.txt itself
    "sitemap_file",  # the sitemap file itself
    "known",  # read in an earlier run and asked for again, linked or not
]

# Fetches that read a page: fetched, or confirmed unchanged by a 304.
READABLE: frozenset[Outcome] = frozenset({"ok", "not_modified"})
# Fetches that never reached the site's pages. A clinic whose every fetch ended like this could
# not be read at all: its claims are not "removed". Refused addresses (a name now pointing at a
# private address), redirect loops and a whole site redirecting elsewhere count, so they never
# empty a clinic's history.
UNREACHABLE: frozenset[Outcome] = frozenset({
    "connection_refused", "dns_error", "timeout", "network_error", "address_refused",
    "too_many_redirects", "redirect_offsite",
})  # fmt: skip


class FetchRecord(BaseModel):
    clinic_id: str
    requested_url: str
    final_url: str | None = None
    redirect_chain: list[str] = []
    status: int | None = None
    outcome: Outcome
    error_class: str | None = None
    error_message: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = {}
    bytes_received: int = 0
    elapsed_ms: int | None = None
    fetched_at: str
    depth: int = 0
    found_via: FoundVia = "link"
    body_b64: str | None = None
    links: list[str] = []
