"""The address guard: no request leaves for an address a public-web crawler has no business
reaching (cloud metadata, the LAN, this machine), whatever a targets file, a link, a sitemap or a
redirect says.

Checked twice, because a public name can resolve to a private address: the URL before it reaches
the downloader (scheme, port, literal addresses, `localhost`), and every name when it is resolved
for the connection (the resolver below), so the address checked is the address connected to."""

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SCHEMES = ("http", "https")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class AddressRefused(IgnoreRequest):
    """A request the guard stopped before any connection; the message names the reason."""


def address_refusal(address: IPAddress, *, allow_loopback: bool) -> str | None:
    """Why `address` must not be connected to, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 64:ff9b::a00:1 reach the IPv4 address they embed.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return address_refusal(embedded, allow_loopback=allow_loopback)
    if address.is_loopback:
        return None if allow_loopback else "loopback address (this machine)"
    if address.is_unspecified:
        return "unspecified address"
    if address.is_link_local:
        return "link-local address (cloud metadata lives here)"
    if address.is_multicast:
        return "multicast address"
    if address.is_private:
        return "private network address"
    if address.is_reserved or not address.is_global:
        return "reserved or non-global address"
    return None


def url_refusal(url: str, *, allow_loopback: bool, ports: frozenset[int] | None) -> str | None:
    """Why a request for `url` must not be sent, judged from the URL alone."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return f"scheme {parts.scheme!r} is not http or https"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "no host"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "invalid port"
    if ports is not None and port not in ports:
        allowed = ", ".join(str(p) for p in sorted(ports))
        return f"port {port} is not one of the allowed ports ({allowed})"
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return None if allow_loopback else "loopback name (this machine)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: checked again on the address it resolves to
    return address_refusal(address, allow_loopback=allow_loopback)


def _allowed_ports(crawler: Crawler) -> frozenset[int] | None:
    ports = crawler.settings.getlist("ADDRESS_GUARD_PORTS")
    return frozenset(int(p) for p in ports) if ports else None


class AddressGuardMiddleware:
    """Refuses a request before it is sent (and before robots.txt is asked for it)."""

    def __init__(self, allow_loopback: bool, ports: frozenset[int] | None) -> None:
        self.allow_loopback = allow_loopback
        self.ports = ports

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "AddressGuardMiddleware":
        return cls(
            crawler.settings.getbool("ADDRESS_GUARD_ALLOW_LOOPBACK"), _allowed_ports(crawler)
        )

    def process_request(self, request: Request) -> None:
        reason = url_refusal(request.url, allow_loopback=self.allow_loopback, ports=self.ports)
        if reason:
            raise AddressRefused(f"address guard refused {request.url}: {reason}")


# Names refused at resolution, with the reason: Twisted reports a failed resolution as a bare
# DNS error, so the spider looks the reason up here when it records the attempt.
REFUSED_NAMES: dict[str, str] = {}


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing names that resolve to an address the guard forbids. The
    connection uses the address returned here, so a name cannot be re-pointed after the check."""

    allow_loopback = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> "GuardedResolver":
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_loopback = crawler.settings.getbool("ADDRESS_GUARD_ALLOW_LOOPBACK")
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, resolved: str, name: str) -> str:
        reason = address_refusal(ipaddress.ip_address(resolved), allow_loopback=self.allow_loopback)
        if reason:
            REFUSED_NAMES[name.lower()] = f"{name} resolves to {resolved}, a {reason}"
            raise AddressRefused(f"address guard refused {name}: resolves to {resolved} ({reason})")
        return resolved
