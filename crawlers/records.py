"""What a fetch attempt becomes: a FetchRecord from a response, or an outcome from a failure.
The spider calls these; they hold no crawl state."""

import base64
from datetime import UTC, datetime
from typing import cast
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.guard import REFUSED_NAMES, AddressRefused
from crawlers.items import FetchRecord, Outcome
from crawlers.middlewares import OffsiteRedirect, RobotsUnreachable, TooManyRedirects
from crawlers.urls import normalize_url

# Headers worth keeping with every observation: caching, type, size, language, bot defences.
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-language",
    "etag",
    "last-modified",
    "cache-control",
    "server",
    "retry-after",
    "x-robots-tag",
    "cf-mitigated",
)


def fetch_record(
    response: Response, request: Request, outcome: Outcome, links: list[str]
) -> FetchRecord:
    """The record of one answered request, with the headers worth keeping and, unless the
    server confirmed the stored version (304), the body."""
    headers = {
        name: value.decode("latin-1")
        for name in KEPT_HEADERS
        if (value := response.headers.get(name))
    }
    redirects = [normalize_url(u) for u in response.meta.get("redirect_urls", [])]
    latency = response.meta.get("download_latency")
    keep_body = outcome != "not_modified" and bool(response.body)
    return FetchRecord(
        clinic_id=request.meta["clinic_id"],
        requested_url=request.meta["normalized_url"],
        final_url=normalize_url(response.url),
        redirect_chain=redirects,
        status=response.status,
        outcome=outcome,
        content_type=headers.get("content-type"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        headers=headers,
        bytes_received=len(response.body),
        elapsed_ms=round(latency * 1000) if latency is not None else None,
        fetched_at=datetime.now(UTC).isoformat(),
        depth=request.meta["page_depth"],
        found_via=request.meta["found_via"],
        body_b64=base64.b64encode(response.body).decode("ascii") if keep_body else None,
        links=links,
    )


def refused_name(failure: Failure, url: str) -> str | None:
    """The guard's reason when a name was refused at resolution (Twisted reports that as a
    plain DNS failure)."""
    if "DNS" not in type(failure.value).__name__:
        return None
    return REFUSED_NAMES.get((urlsplit(url).hostname or "").lower())


def classify_failure(failure: Failure, url: str) -> Outcome:
    name = type(failure.value).__name__
    message = str(failure.value)
    if isinstance(failure.value, RobotsUnreachable):
        return cast(Outcome, failure.value.outcome)
    if isinstance(failure.value, AddressRefused) or refused_name(failure, url):
        return "address_refused"
    if isinstance(failure.value, OffsiteRedirect):
        return "redirect_offsite"
    if isinstance(failure.value, TooManyRedirects):
        return "too_many_redirects"
    if isinstance(failure.value, IgnoreRequest) and "robots.txt" in message:
        return "robots_disallowed"
    # A streamed body past the cap is cancelled with no message; a compressed one names the cap.
    if name == "DownloadCancelledError" or "DOWNLOAD_MAXSIZE" in message or "max size" in message:
        return "too_large"
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if "ConnectionRefused" in name:
        return "connection_refused"
    if "DNS" in name or "Resolve" in name:
        return "dns_error"
    return "network_error"
