"""A hostile web on 127.0.0.1: sites that redirect where they should not, nest without end, lie
about their bodies, flood, stall and inject markup. The fault suite and the tests crawl it to
show that one bad site costs one clinic's page, never the run, the warehouse or the machine.

Every listener binds to 127.0.0.1; every redirect to another address is only ever *offered* to
the crawler, which must refuse it before connecting."""

import contextlib
import json
import random
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

# What a hostile page says when it tries to inject markup into reports and chat messages.
INJECTED = (
    "Ketamine cures depression <img src=x onerror=alert(1)> <script>alert(2)</script> "
    "[click here](javascript:alert(3)) <!channel> <https://evil.example|free ketamine> @everyone"
)
DEEP_LEVELS = 3000
JSONLD_LEVELS = 1500
BOMB_BYTES = 64 * 1024 * 1024
ROBOTS_HUGE_BYTES = 3 * 1024 * 1024
LINKS_ON_FLOOD_PAGE = 10_000


@dataclass
class Site:
    """One hostile clinic: its robots.txt behaviour and what its home page links to."""

    name: str
    robots: str = "normal"  # normal, huge, unavailable, missing, malformed
    sitemap: str = "none"  # none, huge, malformed, entity_bomb, offsite
    # Every page but robots.txt answers 503 with a short Retry-After, on every request.
    storm: bool = False
    home_links: list[str] = field(default_factory=list)
    port: int = 0


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Writes the body itself (streams, stalls); gets the handler.
    writer: Callable[[BaseHTTPRequestHandler], None] | None = None


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode()


class HostileWeb:
    """Hostile sites on free ports of 127.0.0.1; a context manager."""

    def __init__(self) -> None:
        self.sites = {
            "redirector": Site(
                "redirector",
                home_links=[
                    "/to-other-site/",
                    "/to-metadata/",
                    "/to-private/",
                    "/to-admin/",
                    "/to-file/",
                    "/loop-a/",
                    "/chain/1/",
                    "/moved-here/",
                    "/meta-refresh/",
                    "/moving-away/",
                ],
            ),
            "other": Site("other"),
            "admin": Site("admin"),
            "nester": Site(
                "nester",
                home_links=["/deep-html/", "/deep-jsonld/", "/injected/", "/many-sentences/"],
            ),
            "liar": Site(
                "liar",
                home_links=[
                    "/bomb/",
                    "/endless/",
                    "/stall/",
                    "/cp1252/",
                    "/binary/",
                    "/huge-links/",
                    "/calendar/2026/1/",
                ],
            ),
            "limited": Site("limited", home_links=["/slow-down/", "/go-away/"]),
            "bigrobots": Site("bigrobots", robots="huge", home_links=["/private/secret/"]),
            "downrobots": Site("downrobots", robots="unavailable", home_links=["/page/"]),
            "badrobots": Site("badrobots", robots="malformed", home_links=["/page/"]),
            "bigmap": Site("bigmap", sitemap="huge"),
            "badmap": Site("badmap", sitemap="malformed", home_links=["/page/"]),
            "bombmap": Site("bombmap", sitemap="entity_bomb", home_links=["/page/"]),
            "offmap": Site("offmap", sitemap="offsite"),
            "storm": Site("storm", storm=True, home_links=["/page/"]),
        }
        self.log: list[tuple[str, str]] = []
        self._servers: list[ThreadingHTTPServer] = []
        self._hits: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    # ----- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> "HostileWeb":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> None:
        for site in self.sites.values():
            server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(site))
            server.daemon_threads = True
            site.port = server.server_address[1]
            self._servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def url(self, site: str, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.sites[site].port}{path}"

    def write_targets(self, path: Path, names: list[str] | None = None) -> Path:
        clinics = [
            {
                "id": f"hostile-{name}",
                "name": f"Hostile {name} <b>clinic</b>",
                "website": self.url(name),
            }
            for name in (names or [n for n in self.sites if n not in ("other", "admin")])
        ]
        path.write_text(yaml.safe_dump({"clinics": clinics}, sort_keys=False), encoding="utf-8")
        return path

    def requests_for(self, site: str) -> list[str]:
        return [p for s, p in self.log if s == site]

    # ----- answers -----------------------------------------------------------------------------

    def _hit(self, site: str, path: str) -> int:
        with self._lock:
            self.log.append((site, path))
            self._hits[(site, path)] = self._hits.get((site, path), 0) + 1
            return self._hits[(site, path)]

    def answer(self, site: Site, path: str) -> Answer:
        hits = self._hit(site.name, path)
        if path == "/robots.txt":
            return self._robots(site)
        if path == "/sitemap.xml":
            return self._sitemap(site)
        if site.storm:
            return Answer(503, body=b"overloaded", headers={"Retry-After": "1"})
        if path == "/":
            links = "".join(f"<li><a href='{link}'>{link}</a></li>" for link in site.home_links)
            return Answer(
                body=_page(f"{site.name} home", f"<p>Ketamine infusions.</p><ul>{links}</ul>")
            )
        route = ROUTES.get(path)
        if route is not None:
            return route(self, site, hits)
        if path.startswith("/calendar/"):
            # A trap: every day links to the next, for ever.
            parts = [int(p) for p in path.strip("/").split("/")[1:] if p.isdigit()] or [2026, 1]
            nxt = f"/calendar/{parts[0]}/{parts[1] + 1}/"
            return Answer(body=_page("Calendar", f"<a href='{nxt}'>next</a>"))
        if path.startswith("/chain/"):
            step = int(path.strip("/").split("/")[1])
            if step < 30:
                return Answer(302, headers={"Location": f"/chain/{step + 1}/"})
            return Answer(body=_page("End of chain", "<p>You made it.</p>"))
        return Answer(body=_page(f"{site.name} {path}", "<p>An ordinary page.</p>"))

    def _sitemap(self, site: Site) -> Answer:
        xml = {"Content-Type": "application/xml"}
        if site.sitemap == "huge":  # past the download cap
            entries = "".join(f"<url><loc>/p/{n}/</loc></url>" for n in range(120_000))
            body = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>"
            return Answer(body=body.encode(), headers=xml)
        if site.sitemap == "malformed":
            return Answer(body=b"<urlset><url><loc>/page/</loc><url></urlset \x00\xff", headers=xml)
        if site.sitemap == "entity_bomb":
            lol = "".join(
                f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10 if n else "lol"}">'
                for n in range(10)
            )
            body = (
                f"<?xml version='1.0'?><!DOCTYPE u [{lol}]>"
                "<urlset><url><loc>&l9;</loc></url></urlset>"
            )
            return Answer(body=body.encode(), headers=xml)
        if site.sitemap == "offsite":
            entries = "".join(
                f"<url><loc>{url}</loc></url>"
                for url in (
                    "http://169.254.169.254/latest/",
                    "http://10.0.0.1/",
                    self.url("other", "/x/"),
                )
            )
            return Answer(body=f"<urlset>{entries}</urlset>".encode(), headers=xml)
        return Answer(404)

    def _robots(self, site: Site) -> Answer:
        if site.robots == "huge":
            head = b"User-agent: *\nDisallow: /private/\n"
            filler = b"# padding\n" * ((ROBOTS_HUGE_BYTES - len(head)) // 10)
            return Answer(body=head + filler, headers={"Content-Type": "text/plain"})
        if site.robots == "unavailable":
            return Answer(503, body=b"down for maintenance", headers={"Content-Type": "text/plain"})
        if site.robots == "malformed":
            body = b"\x00\xff<html>not robots</html>\nDisallow /x\nUser-agent *\n" * 50
            return Answer(body=body, headers={"Content-Type": "text/plain"})
        return Answer(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})

    def _handler(self, site: Site) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                answer = web.answer(site, self.path.split("?")[0])
                if answer.writer is not None:
                    answer.writer(self)
                    return
                headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
                self.send_response(answer.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

        return Handler


# ----- the hostile routes ----------------------------------------------------------------------


def _redirect(location: str, status: int = 302) -> Answer:
    return Answer(status, headers={"Location": location})


def _deep_html(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    inner = "<p>Ketamine infusions are offered here by a board-certified anesthesiologist.</p>"
    body = "<div>" * DEEP_LEVELS + inner + "</div>" * DEEP_LEVELS
    return Answer(body=_page("Deep page", body))


def _deep_jsonld(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    # Written as text: json.dumps itself cannot nest this deep.
    bottom = json.dumps({"@type": "Thing", "name": "bottom"})
    nested = '{"@type": "Thing", "subjectOf": ' * JSONLD_LEVELS + bottom + "}" * JSONLD_LEVELS
    script = f"<script type='application/ld+json'>{nested}</script>"
    return Answer(
        body=_page("Deep data", "<p>Ketamine helps many patients with depression.</p>", script)
    )


def _bomb(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    packed = _BOMB_CACHE.get("gzip")
    if packed is None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = b"\0" * (1024 * 1024)
        packed = b"".join(compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk)))
        packed += compressor.flush()
        _BOMB_CACHE["gzip"] = packed
    return Answer(body=packed, headers={"Content-Encoding": "gzip"})


_BOMB_CACHE: dict[str, bytes] = {}


def _endless(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"<p>more and more text</p>" * 400
        try:
            for _ in range(100_000):
                handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    return Answer(writer=write)


def _stall(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(60):  # one byte a second: slow-loris
                handler.wfile.write(b"<")
                handler.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    return Answer(writer=write)


def _cp1252(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    text = (
        "<!DOCTYPE html><html><head><title>Caf\u00e9 cl\u00ednica</title></head><body><main>"
        "<p>Nuestra cl\u00ednica ofrece infusiones de ketamina para la depresi\u00f3n "
        "resistente. Se\u00f1ales de mejor\u00eda en d\u00edas \u2013 garantizado.</p>"
        "</main></body></html>"
    )
    return Answer(body=text.encode("cp1252"), headers={"Content-Type": "text/html"})


def _binary(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    noise = random.Random(7).randbytes(128 * 1024)
    return Answer(body=noise, headers={"Content-Type": "text/html"})


def _huge_links(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    links = "".join(f"<a href='/item/{n}/'>item {n}</a> " for n in range(LINKS_ON_FLOOD_PAGE))
    return Answer(body=_page("Everything", links))


def _injected(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    return Answer(body=_page("Offers", f"<p>{escape(INJECTED)}</p><p>{INJECTED}</p>"))


def _many_sentences(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    sentence = "Ketamine may help depression and our $99 consultation is free today. "
    return Answer(body=_page("Wall of text", "<p>" + sentence * 20_000 + "</p>"))


def _slow_down(_web: HostileWeb, _site: Site, hits: int) -> Answer:
    # Rate-limited once, with a short Retry-After; the retry gets the page.
    if hits == 1:
        return Answer(429, body=b"slow down", headers={"Retry-After": "1"})
    return Answer(body=_page("Patient after all", "<p>Ketamine infusions from $400.</p>"))


def _go_away(_web: HostileWeb, _site: Site, _hits: int) -> Answer:
    return Answer(503, body=b"busy", headers={"Retry-After": "86400"})


def _moving_away(web: HostileWeb, _site: Site, hits: int) -> Answer:
    # An ordinary page on the first visit; from the second on, it sends visitors elsewhere.
    if hits == 1:
        return Answer(body=_page("Our prices", "<p>Ketamine infusions from $450.</p>"))
    return _redirect(web.url("other", "/partner/"), 301)


def _meta_refresh(web: HostileWeb, _site: Site, _hits: int) -> Answer:
    head = f"<meta http-equiv='refresh' content='0; url={web.url('other', '/landing/')}'>"
    return Answer(body=_page("Moving", "<p>Redirecting</p>", head))


ROUTES: dict[str, Callable[[HostileWeb, Site, int], Answer]] = {
    "/to-other-site/": lambda web, _s, _h: _redirect(web.url("other", "/landing/"), 301),
    "/to-metadata/": lambda _w, _s, _h: _redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-private/": lambda _w, _s, _h: _redirect("http://10.0.0.1/admin/"),
    "/to-admin/": lambda web, _s, _h: _redirect(web.url("admin", "/")),
    "/to-file/": lambda _w, _s, _h: _redirect("file:///etc/passwd"),
    "/loop-a/": lambda _w, _s, _h: _redirect("/loop-b/"),
    "/loop-b/": lambda _w, _s, _h: _redirect("/loop-a/"),
    "/moved-here/": lambda _w, _s, _h: _redirect("/new-home/", 301),
    "/meta-refresh/": _meta_refresh,
    "/moving-away/": _moving_away,
    "/deep-html/": _deep_html,
    "/deep-jsonld/": _deep_jsonld,
    "/injected/": _injected,
    "/many-sentences/": _many_sentences,
    "/bomb/": _bomb,
    "/endless/": _endless,
    "/stall/": _stall,
    "/cp1252/": _cp1252,
    "/binary/": _binary,
    "/huge-links/": _huge_links,
    "/slow-down/": _slow_down,
    "/go-away/": _go_away,
}
