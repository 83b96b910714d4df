"""Serve the sample web: one HTTP listener per clinic on 127.0.0.1, switchable between editions.
With `copies`, every clinic is served that many times, each copy a site of its own (its own id
and port), so crawls of hundreds of sites can be measured on one machine."""

import hashlib
import itertools
import secrets
import selectors
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

import yaml

from sampleweb import traps
from sampleweb.control import CONTROL_PATH
from sampleweb.model import Clinic, Page, base_clinics, clinics_at, edition, editions
from sampleweb.render import render_page

CHALLENGE_HTML = """<!DOCTYPE html><html lang="en"><head><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head><body>
<div id="challenge"><h1>Checking your browser before accessing the site.</h1>
<p>This process is automatic. Please enable JavaScript and cookies to continue.</p>
<p>Verifying you are human. This may take a few seconds.</p></div>
<script>setTimeout(function(){document.forms[0].submit()}, 4000)</script>
<form method="post" action="/cdn-cgi/challenge-platform/verify"></form></body></html>"""


SITE_CSS = b"body{font-family:sans-serif;max-width:60rem;margin:auto}.cookie-banner{position:fixed}"


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] | None = None
    cacheable: bool = False
    delay: float = 0.0


@dataclass
class LoggedRequest:
    clinic_id: str
    path: str
    headers: dict[str, str]


def copy_id(clinic_id: str, number: int) -> str:
    """The site id of copy `number` (from 1) of a clinic, e.g. `bluehaven-017`."""
    return f"{clinic_id}-{number:03d}"


class SampleWeb:
    """The sample web at one edition. Use as a context manager, or `start()` and `stop()`.

    Sites are keyed by id: the clinic's own id, or with `copies=N` the ids of its N copies
    (`copy_id`), listed copy by copy, so the first 8 * k sites are k whole copies of the web.
    A copy serves its clinic's pages, hazards included, with links to its own address."""

    def __init__(
        self,
        ports: dict[str, int] | None = None,
        edition_number: int = 1,
        host: str = "127.0.0.1",
        slow_seconds: float = 3.0,
        copies: int | None = None,
    ) -> None:
        self.host = host
        self.requested_ports = ports or {}
        self.slow_seconds = slow_seconds
        self.edition_number = edition_number
        clinic_ids = list(base_clinics())
        # site id -> the clinic whose content it serves
        self.sites: dict[str, str] = (
            {c: c for c in clinic_ids}
            if copies is None
            else {copy_id(c, n): c for n in range(1, copies + 1) for c in clinic_ids}
        )
        self.servers: dict[str, _QuietServer] = {}
        self.ports: dict[str, int] = {}
        self.log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._rotation = itertools.count()
        self._acceptor: _Acceptor | None = None

    # ----- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> "SampleWeb":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> "SampleWeb":
        self._acceptor = _Acceptor()
        self.set_edition(self.edition_number)
        return self

    def stop(self) -> None:
        for site in list(self.servers):
            self._close(site)
        if self._acceptor:
            self._acceptor.stop()
            self._acceptor = None

    def set_edition(self, number: int) -> None:
        """Switch every site to `number`; clinics offline in that edition stop listening."""
        clinics = clinics_at(number)
        self.edition_number = number
        for site, clinic_id in self.sites.items():
            if clinics[clinic_id].offline:
                self._close(site)
            elif site not in self.servers:
                self._open(site)

    def _open(self, site: str) -> None:
        assert self._acceptor is not None, "start() the sample web first"
        port = self.ports.get(site, self.requested_ports.get(site, 0))
        handler = type("Handler", (_Handler,), {"web": self, "clinic_id": site})
        server = _QuietServer((self.host, port), handler)
        self.ports[site] = server.server_address[1]
        self.servers[site] = server
        self._acceptor.add(server)

    def _close(self, site: str) -> None:
        server = self.servers.pop(site, None)
        if server:
            if self._acceptor:
                self._acceptor.remove(server)
            server.server_close()

    # ----- addresses ---------------------------------------------------------------------------

    def url(self, site: str) -> str:
        return f"http://{self.host}:{self.ports[site]}/"

    def targets(self, limit: int | None = None) -> dict[str, Any]:
        """A targets document pointing at the ports this instance listens on: every site, or
        the first `limit`."""
        clinics = base_clinics()
        entries = []
        for site, clinic_id in list(self.sites.items())[:limit]:
            c = clinics[clinic_id]
            entries.append({
                "id": site,
                "name": c.name if site == clinic_id else f"{c.name} {site.rsplit('-', 1)[1]}",
                "website": self.url(site),
                "location": {"city": c.city, "region": c.region, "country": c.country},
                "tags": ["sample-web"],
            })  # fmt: skip
        return {"version": 1, "clinics": entries}

    def write_targets(self, path: Path, limit: int | None = None) -> Path:
        path.write_text(yaml.safe_dump(self.targets(limit), sort_keys=False), encoding="utf-8")
        return path

    # ----- content -----------------------------------------------------------------------------

    def reply(self, site: str, raw_path: str) -> Reply:
        """The reply of site `site` (a clinic id, or a copy's id) to a GET of `raw_path`."""
        clinic = clinics_at(self.edition_number)[self.sites[site]]
        # Links and the sitemap point at the site asked, which for a copy is not the clinic.
        base = self.url(site).rstrip("/")
        split = urlsplit(raw_path)
        path = split.path
        if path == "/robots.txt":
            return Reply(200, self._robots(clinic).encode(), "text/plain; charset=utf-8")
        if clinic.bot_challenge:
            return Reply(403, CHALLENGE_HTML.encode(), headers={"cf-mitigated": "challenge"})
        if path == "/sitemap.xml":
            sitemap = self._sitemap(clinic, base).encode()
            return Reply(200, sitemap, "application/xml", cacheable=True)
        if path == "/assets/site.css":
            return Reply(200, SITE_CSS, "text/css", cacheable=True)
        if path.startswith(traps.DISALLOWED_PREFIX):
            portal = Page(path, "Patient portal", "", [{"h1": "Sign in"}])
            return self._page_reply(clinic, portal, base)
        trap = self._trap(clinic, base, path, parse_qs(split.query))
        if trap:
            return trap
        last = path.rsplit("/", 1)[-1]
        if last and "." not in last:
            return Reply(
                301, headers={"Location": path + "/" + (f"?{split.query}" if split.query else "")}
            )
        if path in clinic.moved:
            return Reply(301, headers={"Location": clinic.moved[path]})
        if path == "/privacy/":
            return self._page_reply(clinic, _privacy_page(clinic), base)
        page = clinic.pages.get(path)
        if page is None:
            return self._not_found(clinic, base)
        return self._page_reply(clinic, page, base)

    def _robots(self, clinic: Clinic) -> str:
        extra = "".join(f"Disallow: {path}\n" for path in clinic.disallowed)
        return (
            "User-agent: *\n"
            f"Disallow: {traps.DISALLOWED_PREFIX}\n"
            f"Disallow: /cdn-cgi/\n{extra}\n"
            "Sitemap: /sitemap.xml\n"
        )

    def _sitemap(self, clinic: Clinic, base: str) -> str:
        date = edition(self.edition_number).date
        paths = [*clinic.pages, "/privacy/", traps.STALE_SITEMAP_PATH]
        entries = "".join(
            f"<url><loc>{xml_escape(base + p)}</loc><lastmod>{date}</lastmod></url>" for p in paths
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )

    def _trap(
        self, clinic: Clinic, base: str, path: str, query: dict[str, list[str]]
    ) -> Reply | None:
        cid = clinic.id
        if cid == traps.REDIRECT_CHAIN and path in ("/book", "/book/"):
            return Reply(301, headers={"Location": "/book-now/"})
        if cid == traps.REDIRECT_CHAIN and path == "/book-now/":
            return Reply(302, headers={"Location": "/contact/"})
        if cid == traps.SERVER_ERROR and path == "/insurance/":
            return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        if cid == traps.ENDLESS_CALENDAR and path == "/events/calendar/":
            return self._calendar(clinic, base, query.get("month", ["2025-12"])[0])
        if cid == traps.PDF_LINK and path == "/files/price-sheet.pdf":
            pdf = traps.minimal_pdf(f"{clinic.name} price sheet")
            return Reply(200, pdf, "application/pdf", cacheable=True)
        if cid == traps.OVERSIZED_PAGE and path == "/blog/archive/":
            filler = b"<p>Archived post teaser with nothing new in it.</p>\n"
            body = (
                b"<html><body>"
                + filler * (traps.OVERSIZED_BYTES // len(filler))
                + b"</body></html>"
            )
            return Reply(200, body)
        if cid == traps.SLOW_PAGE and path == "/research-library/":
            page = Page(
                path,
                "Research library",
                "",
                [{"h1": "Research library"}, {"p": "Reading list coming soon."}],
            )
            reply = self._page_reply(clinic, page, base)
            reply.delay = self.slow_seconds
            return reply
        if cid == traps.LEGACY_CHARSET and path == "/about/" and path in clinic.pages:
            return self._page_reply(clinic, clinic.pages[path], base, charset="windows-1252")
        return None

    def _calendar(self, clinic: Clinic, base: str, month: str) -> Reply:
        try:
            prev, nxt = traps.next_month(month, -1), traps.next_month(month, 1)
        except ValueError:
            return self._not_found(clinic, base)
        page = Page(
            "/events/calendar/",
            f"Events for {month}",
            "",
            [{"h1": f"Events in {month}"}, {"p": "No events are scheduled for this month."}],
        )
        reply = self._page_reply(clinic, page, base)
        links = (
            f'<a href="/events/calendar/?month={prev}">Previous month</a> '
            f'<a href="/events/calendar/?month={nxt}">Next month</a>'
        ).encode()
        reply.body = reply.body.replace(b"</main>", links + b"</main>")
        return reply

    def _not_found(self, clinic: Clinic, base: str) -> Reply:
        page = Page("/404", "Page not found", "", [{"h1": "Sorry, we could not find that page."}])
        reply = self._page_reply(clinic, page, base)
        reply.status, reply.cacheable = 404, False
        return reply

    def _page_reply(self, clinic: Clinic, page: Page, base: str, charset: str = "utf-8") -> Reply:
        dynamic = page.path in ("/", "/contact/")
        testimonials = clinic.testimonials
        testimonial = None
        if page.path == "/" and testimonials:
            testimonial = testimonials[next(self._rotation) % len(testimonials)]
        token = secrets.token_hex(8) if page.path == "/contact/" else f"{clinic.id}-static"
        html = render_page(
            clinic,
            page,
            edition(self.edition_number),
            base,
            footer_links=traps.footer_links(clinic.id),
            book_href=traps.book_href(clinic.id),
            testimonial=testimonial,
            session_token=token,
            counter_offset=sum(map(ord, clinic.id)) % 500,
            charset=charset,
        )
        return Reply(
            200,
            html.encode(charset, errors="xmlcharrefreplace"),
            f"text/html; charset={charset}",
            cacheable=not dynamic,
        )


def _privacy_page(clinic: Clinic) -> Page:
    return Page(
        "/privacy/",
        f"Privacy policy | {clinic.name}",
        "How we handle your information.",
        [
            {"h1": "Privacy policy"},
            {"p": f"{clinic.name} collects only the information you send us through forms."},
        ],
    )


class _QuietServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True
    # A crawl opens several connections per site at once; the default backlog of 5 would drop
    # some SYNs, and each drop costs the crawler a 1 s retransmit.
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A crawler hanging up on a slow or oversized page is expected, not an error.
        return


class _Acceptor:
    """One thread accepts the connections of every listener; each connection is then served
    by a thread of its own, as in ThreadingHTTPServer. A `serve_forever` thread per listener
    would be 800 threads waking twice a second for 800 copies."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._live: set[_QuietServer] = set()
        # A byte on this pair wakes the thread up to stop, instead of a polling timeout.
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sampleweb-accept", daemon=True)
        self._thread.start()

    def add(self, server: "_QuietServer") -> None:
        with self._lock:
            self._live.add(server)
            self._selector.register(server.socket, selectors.EVENT_READ, server)

    def remove(self, server: "_QuietServer") -> None:
        """Stop accepting on `server`; its caller closes the socket afterwards."""
        with self._lock:
            if server in self._live:
                self._live.discard(server)
                self._selector.unregister(server.socket)

    def stop(self) -> None:
        self._stopping = True
        self._wake_w.send(b"x")
        self._thread.join(timeout=5)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def _run(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select():
                server = key.data
                if server is None:
                    continue  # the wake-up byte
                with self._lock:
                    # Closed since select() returned: its fd may belong to another socket now.
                    if server not in self._live:
                        continue
                    try:
                        request, address = server.get_request()
                    except OSError:
                        continue  # the client gave up before its connection was accepted
                server.process_request(request, address)


class _Handler(BaseHTTPRequestHandler):
    web: SampleWeb
    clinic_id: str
    protocol_version = "HTTP/1.1"
    server_version = "SampleClinicServer/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        web = self.web
        with web._lock:
            web.log.append(LoggedRequest(self.clinic_id, self.path, dict(self.headers.items())))
        reply = web.reply(self.clinic_id, self.path)
        if reply.delay:
            time.sleep(reply.delay)
        headers = dict(reply.headers or {})
        if reply.cacheable and reply.status == 200:
            etag = '"' + hashlib.sha1(reply.body).hexdigest()[:20] + '"'
            date = datetime.fromisoformat(edition(web.edition_number).date).replace(tzinfo=UTC)
            headers["ETag"] = etag
            headers["Last-Modified"] = format_datetime(date, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, headers)
                return
        else:
            headers.setdefault("Cache-Control", "no-store")
        self._send(reply.status, reply.body, reply.content_type, headers)

    def do_POST(self) -> None:
        # The operator stack runs the sample web in its own process; a monitor run that asks for
        # an edition switches it here. Only the control path accepts POST.
        if urlsplit(self.path).path != CONTROL_PATH:
            self._send(405, b"", None, {"Allow": "GET"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        text = self.rfile.read(length).decode("ascii", "replace").strip()
        numbers = [e.number for e in editions()]
        if not text.isdigit() or int(text) not in numbers:
            message = f"edition must be one of {numbers}, got {text!r}\n".encode()
            self._send(400, message, "text/plain; charset=utf-8", {})
            return
        with self.web._lock:
            self.web.set_edition(int(text))
        self._send(200, f"edition {text}\n".encode(), "text/plain; charset=utf-8", {})

    def _send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            if ctype and status != 304:
                self.send_header("Content-Type", ctype)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on a slow or oversized page
