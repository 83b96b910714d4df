"""Conditional requests: ask the server whether a page changed since the last stored version."""

from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since from the validators the flow exports from the
    warehouse (parsed once by the spider), so an unchanged page comes back as a bodiless 304."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        return cls()

    def process_request(self, request: Request, spider: Spider) -> None:
        url = request.meta.get("normalized_url")
        if not url or request.meta.get("unconditional"):
            return
        validators: dict[str, dict[str, Any]] = getattr(spider, "validators", {})
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

    def process_request(self, request: Request, spider: Spider) -> None:
        clinic = request.meta.get("clinic_id")
        if clinic is None or request.meta.get("cap_counted"):
            return
        cap = request.meta.get("max_pages")
        if cap is not None and self.counts.get(clinic, 0) >= cap:
            raise IgnoreRequest(PAGE_CAP_MESSAGE)
        self.counts[clinic] = self.counts.get(clinic, 0) + 1
        request.meta["cap_counted"] = True
