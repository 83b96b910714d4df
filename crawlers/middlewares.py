"""Downloader middlewares: conditional requests, the per-clinic page cap and the redirect policy."""

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawlers.guard import REFUSED_NAMES, AddressRefused
from crawlers.targets import same_site

logger = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since from the validators the flow exports from the
    warehouse (parsed once by the spider), so an unchanged page comes back as a bodiless 304."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        url = request.meta.get("normalized_url")
        if not url or request.meta.get("unconditional"):
            return
        validators: dict[str, dict[str, Any]] = getattr(self.crawler.spider, "validators", {})
        known = validators.get(url)
        if not known:
            return
        if known.get("etag"):
            request.headers.setdefault(b"If-None-Match", known["etag"])
        if known.get("last_modified"):
            request.headers.setdefault(b"If-Modified-Since", known["last_modified"])


PAGE_CAP_MESSAGE = "page cap reached for this clinic"


class PageCapMiddleware:
    """Counts fetches per clinic when they reach the downloader, not when they are scheduled,
    so the priority queue decides which pages fit under the cap."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PageCapMiddleware":
        return cls()

    def process_request(self, request: Request) -> None:
        clinic = request.meta.get("clinic_id")
        if clinic is None or request.meta.get("cap_counted"):
            return
        cap = request.meta.get("max_pages")
        if cap is not None and self.counts.get(clinic, 0) >= cap:
            raise IgnoreRequest(PAGE_CAP_MESSAGE)
        self.counts[clinic] = self.counts.get(clinic, 0) + 1
        request.meta["cap_counted"] = True


class OffsiteRedirect(IgnoreRequest):
    """A clinic page that sends the crawler to another website. Not followed: that site's text
    is not the clinic's. The spider records it as a `redirect_offsite` fetch with the target."""

    def __init__(self, url: str, target: str, reason: Any) -> None:
        super().__init__(f"{url} redirects off the clinic's site ({reason}) to {target}")
        self.target = target
        self.reason = reason


class TooManyRedirects(IgnoreRequest):
    """A redirect loop or a chain longer than REDIRECT_MAX_TIMES."""


class _SameSiteRedirects:
    """Follows a clinic page's redirect only within the clinic's website (http to https, www
    and apex, a subdomain of the same registered domain). robots.txt may redirect anywhere,
    as RFC 9309 allows; the address guard still checks every hop."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        if "clinic_id" in request.meta and not same_site(request.url, redirected.url):
            raise OffsiteRedirect(request.url, redirected.url, reason)
        try:
            return super()._redirect(redirected, request, reason)  # type: ignore[misc]
        except IgnoreRequest as exc:
            hops = len(request.meta.get("redirect_urls", [])) + 1
            raise TooManyRedirects(f"{request.url}: {exc} after {hops} hops") from exc


class SameSiteRedirectMiddleware(_SameSiteRedirects, RedirectMiddleware):
    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        location = response.headers.get("Location")
        if location and 300 <= response.status < 400 and "clinic_id" in request.meta:
            target = urljoin(request.url, location.decode("latin-1"))
            if urlsplit(target).scheme not in ("http", "https"):
                raise OffsiteRedirect(request.url, target, response.status)
        return super().process_response(request, response)


class SameSiteMetaRefreshMiddleware(_SameSiteRedirects, MetaRefreshMiddleware):
    pass


# ----- robots.txt ------------------------------------------------------------------------------

# RFC 9309 asks crawlers to parse at least the first 500 KiB; the rest is not read. The
# download cap is lifted for robots.txt (the transfer stops after 500 KiB anyway) but kept for
# decompression, so a compressed bomb still fails.
ROBOTS_PARSE_BYTES = 500 * 1024
ROBOTS_MAXSIZE = 64 * 1024 * 1024


class _Unreachable:
    """robots.txt could not be read because of the server or the network: RFC 9309 says assume
    complete disallow until it can be read again. `outcome` is what the site's pages are
    recorded as: the network failure itself (the site is down), or robots_disallowed."""

    def __init__(self, reason: str, outcome: str = "robots_disallowed") -> None:
        self.reason = reason
        self.outcome = outcome

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return False


class RobotsUnreachable(IgnoreRequest):
    """A page not requested because its site's robots.txt could not be read."""

    def __init__(self, message: str, outcome: str) -> None:
        super().__init__(message)
        self.outcome = outcome


class RobotsTxtPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, exact at the edges: a robots.txt over the size cap is
    read up to 500 KiB instead of being dropped (which made the site allow-all), and a 5xx
    answer or a network failure disallows the whole site for this run. Every fetch, failed or
    not, is recorded by the spider."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    def _bytes_received(self, data: bytes, request: Request, spider: Spider) -> None:
        if not request.meta.get("robots_fetch"):
            return
        request.meta["robots_bytes"] = request.meta.get("robots_bytes", 0) + len(data)
        if request.meta["robots_bytes"] > ROBOTS_PARSE_BYTES:
            raise StopDownload(fail=False)  # keep what arrived; the rest is not parsed

    async def robot_parser(self, request: Request) -> Any:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={
                    "dont_obey_robotstxt": True,
                    "robots_fetch": True,
                    "download_maxsize": ROBOTS_MAXSIZE,
                },
                callback=NO_CALLBACK,
            )
            parser: Any
            try:
                response = await self.crawler.engine.download_async(robots)  # type: ignore[union-attr]
            except Exception as exc:
                record = getattr(self.crawler.spider, "robots_failed", None)
                outcome = record(robots, exc) if record else "network_error"
                parser = _Unreachable(f"{type(exc).__name__}: {exc}"[:200], outcome)
            else:
                parser = self._policy(response)
            self._stats.inc_value("robotstxt/request_count")  # type: ignore[union-attr]
            pending = self._parsers[netloc]
            self._parsers[netloc] = parser
            assert isinstance(pending, Deferred)
            pending.callback(parser)
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _policy(self, response: Response) -> Any:
        if response.status >= 500 or response.status == 429:
            return _Unreachable(f"it answered HTTP {response.status}")
        if response.status >= 400:  # no robots.txt: everything is allowed
            return build_from_crawler(self._parserimpl, self.crawler, b"")
        body = response.body[:ROBOTS_PARSE_BYTES]
        if len(response.body) > ROBOTS_PARSE_BYTES:
            body = body[: body.rfind(b"\n") + 1]  # a cut line is not a rule
        return build_from_crawler(self._parserimpl, self.crawler, body)

    def process_request_2(self, rp: Any, request: Request) -> None:
        refused = REFUSED_NAMES.get((urlsplit(request.url).hostname or "").lower())
        if refused:  # the name resolves to a forbidden address: say that, not "robots"
            raise AddressRefused(f"address guard refused {request.url}: {refused}")
        if isinstance(rp, _Unreachable):
            self._stats.inc_value("robotstxt/unreachable_refused")  # type: ignore[union-attr]
            raise RobotsUnreachable(
                f"not requested: robots.txt could not be read ({rp.reason}); under RFC 9309 "
                "the whole site counts as disallowed until it can be read again",
                rp.outcome,
            )
        super().process_request_2(rp, request)


# ----- rate limits -----------------------------------------------------------------------------


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None when absent or
    unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware:
    """A 429 or 503 with Retry-After slows the whole site down to what it asked and tries the
    page again, up to a cap; past the cap the page is recorded as rate-limited, not hammered."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX_S")
        self.max_times = crawler.settings.getint("RETRY_AFTER_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RetryAfterMiddleware":
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503):
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return response
        tries = request.meta.get("retry_after_times", 0)
        if wait > self.max_wait or tries >= self.max_times:
            request.meta["rate_limited"] = wait
            request.meta["dont_retry"] = True  # Scrapy's retry would ignore the wait
            return response
        slot_key = request.meta.get("download_slot")
        downloader = self.crawler.engine.downloader  # type: ignore[union-attr]
        slot = downloader.slots.get(slot_key) if slot_key else None
        if slot is not None:
            slot.delay = max(slot.delay, wait)  # the whole site waits, not just this page
        logger.info(
            "%s asked to wait %.0f s (HTTP %d); retrying", request.url, wait, response.status
        )
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = tries + 1
        return retry
