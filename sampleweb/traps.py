"""The hazards real crawls meet, placed on particular clinics of the sample web."""

# Which clinic carries which hazard; the server implements each one.
REDIRECT_CHAIN = "northstar"  # /book -> 301 /book-now/ -> 302 /contact/
BROKEN_LINK = "bluehaven"  # footer link to a post that 404s
SERVER_ERROR = "clearpath"  # /insurance/ answers 500
LEGACY_CHARSET = "evergreen"  # /about/ is served as windows-1252
ENDLESS_CALENDAR = "summit"  # /events/calendar/?month=... links to the next month forever
PDF_LINK = "riverbend"  # /files/price-sheet.pdf
OVERSIZED_PAGE = "novamind"  # /blog/archive/ is 3 MB
SLOW_PAGE = "harborlight"  # /research-library/ answers after a delay

OVERSIZED_BYTES = 3 * 1024 * 1024
DISALLOWED_PREFIX = "/patient-portal/"
STALE_SITEMAP_PATH = "/specials-2023/"


def footer_links(clinic_id: str) -> list[tuple[str, str]]:
    links = [
        ("Privacy policy", "/privacy/"),
        ("Our prices", "/pricing/?utm_source=footer&utm_medium=web&fbclid=IwAR0demo"),
        ("Questions", "/faq/#top"),
    ]
    extra = {
        BROKEN_LINK: ("Archive: 2019 open house", "/blog/2019-open-house/"),
        SERVER_ERROR: ("Insurance verification", "/insurance/"),
        ENDLESS_CALENDAR: ("Events calendar", "/events/calendar/?month=2025-12"),
        PDF_LINK: ("Price sheet (PDF)", "/files/price-sheet.pdf"),
        OVERSIZED_PAGE: ("Full article archive", "/blog/archive/"),
        SLOW_PAGE: ("Research library", "/research-library/"),
    }
    if clinic_id in extra:
        links.append(extra[clinic_id])
    return links


def book_href(clinic_id: str) -> str:
    return "/book" if clinic_id == REDIRECT_CHAIN else "/contact/#book"


def next_month(month: str, step: int) -> str:
    year, mon = (int(x) for x in month.split("-"))
    index = year * 12 + (mon - 1) + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream holds `text`, enough for a price-sheet link."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
