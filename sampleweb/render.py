"""Turn a clinic page into HTML with the chrome real clinic sites carry."""

import json
import re
from html import escape
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sampleweb.model import Block, Clinic, Edition, Page

_env = Environment(
    loader=PackageLoader("sampleweb", "templates"), autoescape=select_autoescape(["html"])
)


# Words between double asterisks are bold on the page, so an edition can change markup alone.
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(text))


def plain(text: str) -> str:
    """The text without its markup, as structured data carries it."""
    return BOLD.sub(r"\1", text)


def render_block(block: Block) -> str:
    (kind, value), *_ = block.items()
    if kind in ("h1", "h2", "h3", "p"):
        return f"<{kind}>{_inline(value)}</{kind}>"
    if kind == "ul":
        items = "".join(f"<li>{_inline(item)}</li>" for item in value)
        return f"<ul>{items}</ul>"
    if kind == "quote":
        return f'<blockquote class="pull-quote">{_inline(value)}</blockquote>'
    if kind == "faq":
        # Collapsed answers, as most clinic FAQ accordions ship them.
        pairs = "".join(
            f'<details class="faq-item"><summary>{_inline(qa["q"])}</summary>'
            f'<div class="faq-answer"><p>{_inline(qa["a"])}</p></div></details>'
            for qa in value
        )
        return f'<section class="faq">{pairs}</section>'
    if kind == "prices":
        rows = "".join(
            f"<tr><td>{_inline(r['item'])}</td><td>{_inline(r['price'])}</td>"
            f"<td>{_inline(r.get('note', ''))}</td></tr>"
            for r in value
        )
        return (
            f'<table class="pricing"><tr><th>Service</th><th>Price</th><th></th></tr>{rows}</table>'
        )
    raise ValueError(f"unknown block type {kind!r}")


def _clinic_jsonld(clinic: Clinic, base_url: str) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": base_url + "/",
        "telephone": clinic.phone,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street,
            "addressLocality": clinic.city,
            "addressRegion": clinic.region,
            "addressCountry": clinic.country,
        },
        "medicalSpecialty": "Psychiatric",
    }
    return json.dumps(data)


def _faq_jsonld(page: Page) -> str | None:
    pairs = [qa for block in page.blocks for qa in block.get("faq", [])]
    if not pairs:
        return None
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": plain(qa["q"]),
                    "acceptedAnswer": {"@type": "Answer", "text": plain(qa["a"])},
                }
                for qa in pairs
            ],
        }
    )


def render_page(
    clinic: Clinic,
    page: Page,
    edition: Edition,
    base_url: str,
    *,
    footer_links: list[tuple[str, str]],
    book_href: str,
    testimonial: dict[str, str] | None,
    session_token: str,
    counter_offset: int,
    charset: str = "utf-8",
) -> str:
    nav = [(p.nav, p.path) for p in clinic.pages.values() if p.nav]
    # Some links are written the sloppy way real sites write them.
    nav = [(label, href.rstrip("/") if label == "FAQ" else href) for label, href in nav]
    return _env.get_template("base.html").render(
        clinic=clinic,
        page=page,
        page_class=page.path.strip("/").replace("/", "-") or "home",
        blocks=[render_block(b) for b in page.blocks],
        nav=nav,
        footer_links=footer_links,
        book_href=book_href,
        base_url=base_url,
        jsonld=_clinic_jsonld(clinic, base_url),
        faq_jsonld=_faq_jsonld(page),
        testimonial=testimonial,
        session_token=session_token,
        patients_treated=edition.counters.get("patients_treated", 0) + counter_offset,
        copyright_year=edition.copyright_year,
        last_reviewed=edition.date if page.path == "/faq/" else None,
        charset=charset,
    )
