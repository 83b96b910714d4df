"""The clinic spider: one clinic website per target, every fetch attempt recorded."""

import json
import math
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlparse, urlsplit

import scrapy
from pydantic import ValidationError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawlers.args import ClinicSpiderArgs
from crawlers.items import FetchRecord, Outcome
from crawlers.limits import KNOWN_RECHECK_SHARE
from crawlers.middlewares import (
    PAGE_CAP_MESSAGE,
    OffsiteRedirect,
)
from crawlers.records import classify_failure, fetch_record, refused_name
from crawlers.targets import Target, is_loopback, load_targets, site_of
from crawlers.urls import normalize_url

# Statuses handed to the callback instead of being dropped; redirects stay with Scrapy.
HANDLED_STATUSES = [304, *range(400, 600)]
# A price sheet may be a PDF, so PDFs are fetched; images, media and archives are not.
# The extractor's own extension filter tries each of ~90 suffixes in turn for every link (a
# tenth of the crawl's CPU); one str.endswith over a tuple gives the same answer.
DENIED_SUFFIXES = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS if ext != "pdf")
LINK_EXTRACTOR = LinkExtractor(deny_extensions=[], unique=True)


def page_links(response: TextResponse) -> set[str]:
    """The normalised URLs a page links to, without images, media and archives."""
    found = (normalize_url(link.url) for link in LINK_EXTRACTOR.extract_links(response))
    return {url for url in found if not urlparse(url).path.lower().endswith(DENIED_SUFFIXES)}


# Upper bound on queued URLs per clinic, so an endless calendar cannot fill memory.
QUEUE_FACTOR = 4


def _clinic_from_url(url: str) -> Target:
    host = urlsplit(url).hostname or "site"
    ident = host.removeprefix("www.").replace(".", "-")[:60]
    return Target(id=ident, name=host, website=url)


class ClinicSpider(scrapy.Spider):
    name = "clinic"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        try:
            self.args = ClinicSpiderArgs.model_validate(kwargs)
        except ValidationError as exc:
            raise UsageError(f"clinic spider arguments: {exc}") from exc
        if self.args.url:
            self.targets = [_clinic_from_url(self.args.url)]
        else:
            assert self.args.targets is not None
            self.targets = load_targets(self.args.targets, self.args.clinics or None)
        self.site_targets = {site_of(t.website): t for t in self.targets}
        self.queued: dict[str, set[str]] = {t.id: set() for t in self.targets}
        # robots.txt is fetched by Scrapy's middleware, outside the spider's callbacks; its
        # records wait here until the clinic's next callback can emit them.
        self.pending: dict[str, list[FetchRecord]] = {t.id: [] for t in self.targets}
        # Last stored ETag / Last-Modified / links per URL; read once, used by the
        # conditional-request middleware and for the links of 304 pages.
        self.validators: dict[str, dict[str, Any]] = {}
        if self.args.validators and self.args.validators.exists():
            self.validators = json.loads(self.args.validators.read_text(encoding="utf-8"))
        # Pages each clinic showed before, least recently fetched first.
        # Pages each clinic showed before, least recently fetched first, with the depth each
        # was found at.
        self.known: dict[str, list[tuple[str, int]]] = {}
        if self.args.known_urls and self.args.known_urls.exists():
            self.known = json.loads(self.args.known_urls.read_text(encoding="utf-8"))
        self.known_sets = {c: {url for url, _ in pages} for c, pages in self.known.items()}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "ClinicSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_response_received, signal=signals.response_received)
        settings = crawler.settings
        if settings.getbool("REQUIRE_CONTACT_URL") and not settings.get("CONTACT_URL"):
            remote = [t.website for t in spider.targets if not is_loopback(t.website)]
            if remote:
                raise UsageError(
                    "Set KAM_CONTACT_URL to a page or mailto: address that says who runs this "
                    f"crawl before crawling real sites (first one: {remote[0]})."
                )
        return spider

    # ----- scheduling -------------------------------------------------------------------------

    def _priority(self, url: str, depth: int) -> int:
        hints: dict[str, int] = self.settings.getdict("PAGE_PRIORITY_HINTS")
        path = urlsplit(url).path.lower()
        score = max((weight for word, weight in hints.items() if word in path), default=0)
        return score - 5 * depth

    def _request(self, target: Target, url: str, depth: int, found_via: str) -> Request | None:
        normalized = normalize_url(url)
        if site_of(normalized) != site_of(target.website):
            return None
        queued = self.queued[target.id]
        if normalized in queued or depth > self.args.max_depth:
            return None
        if len(queued) >= QUEUE_FACTOR * self.args.max_pages:
            return None
        queued.add(normalized)
        return Request(
            normalized,
            callback=self.parse_page,
            errback=self.on_error,
            priority=self._priority(normalized, depth) + (100 if found_via == "start" else 0),
            dont_filter=True,
            meta={
                "clinic_id": target.id,
                "normalized_url": normalized,
                "page_depth": depth,
                "found_via": found_via,
                "max_pages": self.args.max_pages,
                "download_slot": site_of(target.website),
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    async def start(self) -> AsyncIterator[Any]:
        for target in self.targets:
            for url in [target.website, *target.start_urls]:
                request = self._request(target, url, 0, "start")
                if request:
                    yield request
            sitemap = urljoin(target.website, "/sitemap.xml")
            # A page linking to the sitemap must not fetch it a second time.
            self.queued[target.id].add(normalize_url(sitemap))
            yield Request(
                sitemap,
                callback=self.parse_sitemap,
                errback=self.on_error,
                priority=90,
                dont_filter=True,
                meta={
                    "clinic_id": target.id,
                    "normalized_url": normalize_url(sitemap),
                    "page_depth": 0,
                    "found_via": "sitemap_file",
                    "max_pages": self.args.max_pages,
                    "download_slot": site_of(target.website),
                    "handle_httpstatus_list": HANDLED_STATUSES,
                    "unconditional": True,
                },
            )
            # A bounded share of the cap goes to pages read before, linked or not.
            share = math.ceil(KNOWN_RECHECK_SHARE * self.args.max_pages)
            for url, depth in self.known.get(target.id, [])[:share]:
                request = self._request(target, url, max(depth, 1), "known")
                if request:
                    yield request

    def _follow(self, target: Target, links: list[str], depth: int, via: str) -> Iterator[Request]:
        # Rank before queueing, so a busy page's marketing links are queued before the rest.
        for link in sorted(links, key=lambda u: -self._priority(u, depth)):
            request = self._request(target, link, depth, via)
            if request:
                yield request

    # ----- callbacks ---------------------------------------------------------------------------

    def on_response_received(self, response: Response, request: Request, spider: Any) -> None:
        """Record robots.txt fetches, so robots history is kept like any page's."""
        if not request.meta.get("dont_obey_robotstxt") or "clinic_id" in request.meta:
            return
        target = self.site_targets.get(site_of(request.url))
        if target is None:
            return
        request.meta.update(
            clinic_id=target.id,
            normalized_url=normalize_url(request.url),
            page_depth=0,
            found_via="robots",
        )
        outcome: Outcome = "ok" if response.status < 400 else "http_error"
        self.pending[target.id].append(self._record(response, outcome, [], request))

    def robots_failed(self, request: Request, error: Exception) -> Outcome:
        """Called by the robots.txt middleware when robots.txt could not be fetched at all, so
        the failure is kept like any page's; returns the outcome it was recorded as."""
        failure = Failure(error)
        outcome = classify_failure(failure, request.url)
        target = self.site_targets.get(site_of(request.url))
        if target is None:
            return outcome
        request.meta.update(
            clinic_id=target.id, normalized_url=normalize_url(request.url), page_depth=0,
            found_via="robots",
        )  # fmt: skip
        self._count(request, outcome)
        self.pending[target.id].append(
            FetchRecord(
                clinic_id=target.id,
                requested_url=normalize_url(request.url),
                outcome=outcome,
                error_class=type(error).__name__,
                error_message=(refused_name(failure, request.url) or str(error))[:500],
                fetched_at=datetime.now(UTC).isoformat(),
                found_via="robots",
            )
        )
        return outcome

    def _flush(self, clinic_id: str) -> Iterator[dict[str, Any]]:
        while self.pending[clinic_id]:
            yield self.pending[clinic_id].pop(0).model_dump()

    def _target(self, request: Request) -> Target:
        return next(t for t in self.targets if t.id == request.meta["clinic_id"])

    def _record(
        self,
        response: Response,
        outcome: Outcome,
        links: list[str],
        request: Request | None = None,
    ) -> FetchRecord:
        request = request or response.request
        assert request is not None
        self._count(request, outcome)
        return fetch_record(response, request, outcome, links)

    def _count(self, request: Request, outcome: Outcome) -> None:
        assert self.crawler.stats is not None
        # robots.txt answers even when a site is down behind a CDN; it is not a page fetch.
        prefix = "robots" if request.meta.get("found_via") == "robots" else "fetch"
        self.crawler.stats.inc_value(f"clinic/{request.meta['clinic_id']}/{outcome}")
        self.crawler.stats.inc_value(f"{prefix}/{outcome}")

    def _links(self, response: Response) -> list[str]:
        content_type = response.headers.get("Content-Type") or b"html"
        if not isinstance(response, TextResponse) or b"html" not in content_type:
            return []
        target = self._target(response.request)  # type: ignore[arg-type]
        site = site_of(target.website)
        return sorted(url for url in page_links(response) if site_of(url) == site)

    def parse_page(self, response: Response) -> Iterator[Any]:
        request = response.request
        assert request is not None
        target = self._target(request)
        yield from self._flush(target.id)
        depth = request.meta["page_depth"]
        if response.status == 304:
            links = self.validators.get(request.meta["normalized_url"], {}).get("links", [])
            yield self._record(response, "not_modified", links).model_dump()
        elif response.status in (404, 410) and self._unconfirmed(target, request):
            # A page read before that now answers "not found" is asked for once more before
            # the answer is stored: one bad deploy or cache miss does not make it vanish.
            yield request.replace(meta={**request.meta, "confirming": True}, priority=-100)
            return
        elif response.status >= 400:
            limited = "rate_limited" in request.meta
            yield self._record(
                response, "rate_limited" if limited else "http_error", []
            ).model_dump()
            return
        else:
            links = self._links(response)
            yield self._record(response, "ok", links).model_dump()
        yield from self._follow(target, links, depth + 1, "link")

    def _unconfirmed(self, target: Target, request: Request) -> bool:
        known = self.known_sets.get(target.id, set())
        return request.meta["normalized_url"] in known and not request.meta.get("confirming")

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        request = response.request
        assert request is not None
        target = self._target(request)
        yield from self._flush(target.id)
        urls: list[str] = []
        if response.status == 200 and response.body:
            try:
                urls = [entry["loc"] for entry in Sitemap(response.body) if "loc" in entry]
            except Exception as exc:  # a broken sitemap must not end the crawl
                self.logger.warning("unreadable sitemap %s: %s", response.url, exc)
        outcome: Outcome = "ok" if response.status < 400 else "http_error"
        yield self._record(response, outcome, sorted(set(urls))).model_dump()
        yield from self._follow(target, urls, 1, "sitemap")

    def on_error(self, failure: Failure) -> Iterator[dict[str, Any]]:
        request: Request = failure.request  # type: ignore[attr-defined]
        yield from self._flush(request.meta["clinic_id"])
        if isinstance(failure.value, IgnoreRequest) and PAGE_CAP_MESSAGE in str(failure.value):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"clinic/{request.meta['clinic_id']}/capped")
            return
        outcome = classify_failure(failure, request.url)
        self._count(request, outcome)
        error = failure.value
        message = refused_name(failure, request.url) or str(error)
        if outcome == "too_large" and not message:
            message = f"body passed the {self.settings.getint('DOWNLOAD_MAXSIZE')} byte cap"
        redirect = error if isinstance(error, OffsiteRedirect) else None
        if redirect:
            self.logger.warning("not following %s", message)
        elif outcome == "address_refused":
            self.logger.warning("refused %s: %s", request.url, message)
        yield FetchRecord(
            clinic_id=request.meta["clinic_id"],
            requested_url=request.meta["normalized_url"],
            status=redirect.reason if redirect and isinstance(redirect.reason, int) else None,
            headers={"location": redirect.target} if redirect else {},
            outcome=outcome,
            error_class=type(error).__name__,
            error_message=message[:500],
            fetched_at=datetime.now(UTC).isoformat(),
            depth=request.meta["page_depth"],
            found_via=request.meta["found_via"],
        ).model_dump()
