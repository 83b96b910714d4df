"""JSON-LD: the human-readable fields of the structured data in a page's head, one line each."""

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from flows.cleaning.decode import squash

# String fields of JSON-LD that hold prose a reader would see on the page.
JSONLD_TEXT_KEYS = (
    "name", "headline", "alternateName", "slogan", "description", "disambiguatingDescription",
    "abstract", "text", "caption",
)  # fmt: skip
# Fields whose bare value says little, written with a label ("Telephone: (410) 555-0142").
JSONLD_LABELLED = {
    "telephone": "Telephone",
    "priceRange": "Price range",
    "medicalSpecialty": "Specialty",
    "openingHours": "Opening hours",
    "availability": "Availability",
}
ADDRESS_KEYS = (
    "streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry",
)  # fmt: skip
# Navigation and media, not page text.
JSONLD_SKIP_TYPES = frozenset(
    {"BreadcrumbList", "SiteNavigationElement", "SearchAction", "ImageObject", "VideoObject"}
)
JSONLD_MAX_TEXTS = 300
JSONLD_MAX_DEPTH = 12
_TAG = re.compile(r"<[^>]{0,500}>")


def jsonld_items(root: Any) -> Iterator[Any]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip().rstrip(";")
        if not raw:
            continue
        try:
            yield json.loads(raw)
        except (ValueError, RecursionError):  # broken, or nested past what json can parse
            continue


def jsonld_texts(data: Any, out: list[str], depth: int = 0) -> None:
    """Human-readable fields of a JSON-LD tree in document order, one line each: names,
    descriptions, FAQ questions ("Q: ...") and answers ("A: ..."), prices with their currency,
    addresses and a few labelled fields. URLs, ids, images and dates are left out."""
    if depth > JSONLD_MAX_DEPTH or len(out) >= JSONLD_MAX_TEXTS:
        return
    if isinstance(data, list):
        for item in data:
            jsonld_texts(item, out, depth + 1)
        return
    if not isinstance(data, dict):
        return
    types = data.get("@type")
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    type_names = {t for t in names if isinstance(t, str)}
    if type_names & JSONLD_SKIP_TYPES:
        return
    for key in JSONLD_TEXT_KEYS:
        text = _jsonld_string(data.get(key))
        if not text:
            continue
        if "Question" in type_names and key == "name":
            text = f"Q: {text}"
        elif "Answer" in type_names and key == "text":
            text = f"A: {text}"
        out.append(text)
    if "PostalAddress" in type_names:
        parts = (_jsonld_string(data.get(key)) for key in ADDRESS_KEYS)
        address = ", ".join(part for part in parts if part)
        if address:
            out.append(f"Address: {address}")
    for key, label in JSONLD_LABELLED.items():
        value = data.get(key)
        values = value if isinstance(value, list) else [value]
        joined = ", ".join(t for t in (_jsonld_string(v) for v in values) if t)
        if joined:
            out.append(f"{label}: {joined}")
    price = _jsonld_string(data.get("price")) or _jsonld_string(data.get("lowPrice"))
    if price:
        high = _jsonld_string(data.get("highPrice"))
        currency = _jsonld_string(data.get("priceCurrency"))
        amount = f"{price}-{high}" if high and high != price else price
        out.append(f"Price: {amount} {currency}".rstrip())
    for key, value in data.items():
        if isinstance(value, (dict, list)) and (key == "@graph" or not key.startswith("@")):
            jsonld_texts(value, out, depth + 1)


def _jsonld_string(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if value.startswith(("http://", "https://")):  # schema.org enumerations: keep the name
        value = value.rstrip("/").rsplit("/", 1)[-1]
    if "<" in value:
        value = _TAG.sub(" ", value)
    return squash(html.unescape(value))
