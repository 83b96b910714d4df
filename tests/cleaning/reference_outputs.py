"""What the cleaner and the extractor give on a fixed set of pages, as digests, so that a change
meant to make them faster can be shown to change nothing they output.

The pages: every HTML page of every sample-web edition (as benchmarks/extract_speed.py renders
them, with the contact page's session token fixed), the sample web's trap and error pages, the
hostile web's pages with a body, the stored pages under tests/files/sample_pages, every gold
snippet (benchmarks/gold/, extraction only) and, when the shared folder is there, the pages of
the cleaning benchmark (benchmarks/cleaning.py: third-party pages, so only digests of our output
enter the repo). Per page three digests: the cleaned page's fields and blocks, its comparable
text, and the warehouse rows extraction makes of its blocks (or the budget it passed).

The stored digests (tests/files/reference_outputs.json) were made by the code before the speed
work of issue 13. When a change is meant to change the output, bump CLEANER_VERSION or
EXTRACTOR_CODE_VERSION and write the file again from the repo root:

    .venv/bin/python -m tests.cleaning.reference_outputs
"""

import hashlib
import importlib.util
import json
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from flows.cleaning import CLEANER_VERSION, CleanedPage, clean_html
from flows.cleaning.blocks import Block
from flows.extraction.extract import PageBudgetExceeded, extract_blocks, extractor_version
from flows.extraction.rows import claim_rows, facts_row, offer_rows
from flows.extraction.segment import blocks_for_snippet
from flows.extraction.vocabulary import load_vocabulary
from sampleweb import hostile, traps
from sampleweb.model import base_clinics, clinics_at, editions
from sampleweb.server import SampleWeb
from tests.paths import FILES, REPO, stored_page

REFERENCE = FILES / "reference_outputs.json"
# Pages with a body among the hostile web's routes, with the visit number that gives one.
HOSTILE_PAGES = {
    "/deep-html/": 1,
    "/deep-jsonld/": 1,
    "/injected/": 1,
    "/many-sentences/": 1,
    "/cp1252/": 1,
    "/binary/": 1,
    "/huge-links/": 1,
    "/meta-refresh/": 1,
    "/slow-down/": 2,
    "/moving-away/": 1,
}
# Sample-web paths beside each clinic's own pages (in the first edition only: they do not change
# between editions, and one is 3 MB): traps, the portal, a missing page.
EXTRA_PATHS = (
    "/blog/archive/",
    "/events/calendar/",
    "/research-library/",
    "/insurance/",
    f"{traps.DISALLOWED_PREFIX}login/",
    "/no-such-page/",
)

Html = tuple[str, bytes, str | None]  # page id, body, content type


def benchmark(name: str) -> ModuleType:
    # By path: an installed package is also called "benchmarks".
    path = REPO / "benchmarks" / f"{name}.py"
    sys.path.insert(0, str(path.parent))  # gold.py and friends import each other by name
    try:
        spec = importlib.util.spec_from_file_location(f"_reference_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


@contextmanager
def fixed_tokens() -> Iterator[None]:
    """The sample web's contact page carries a fresh session token per request."""
    real = secrets.token_hex
    secrets.token_hex = lambda nbytes=8: "5e" * (nbytes or 8)  # type: ignore[assignment]
    try:
        yield
    finally:
        secrets.token_hex = real


def sample_web_pages() -> list[Html]:
    pages: list[Html] = []
    with fixed_tokens():
        all_editions = editions()
        for edition in all_editions:
            web = SampleWeb()
            clinics = clinics_at(edition.number)
            web.ports = dict.fromkeys(clinics, 9)  # rendered, never served
            web.edition_number = edition.number
            extra = EXTRA_PATHS if edition is all_editions[0] else ()
            for clinic_id, clinic in clinics.items():
                for path in dict.fromkeys([*clinic.pages, "/privacy/", *extra]):
                    reply = web.reply(clinic_id, path)
                    if reply.body and "html" in (reply.content_type or "html"):
                        page_id = f"sampleweb/{edition.number}/{clinic_id}{path}"
                        pages.append((page_id, reply.body, reply.content_type))
    return pages


def hostile_pages() -> list[Html]:
    web = hostile.HostileWeb()  # not started: the routes are called directly
    site = web.sites["nester"]
    pages: list[Html] = []
    for path, visit in HOSTILE_PAGES.items():
        answer = hostile.ROUTES[path](web, site, visit)
        ctype = answer.headers.get("Content-Type", "text/html; charset=utf-8")
        pages.append((f"hostile{path}", answer.body, ctype))
    return pages


def stored_pages() -> list[Html]:
    names = sorted(p.name for p in (FILES / "sample_pages").glob("*.html"))
    return [(f"stored/{name}", *stored_page(name)) for name in names]


def cleaning_benchmark_pages() -> list[Html]:
    """The cleaning benchmark's pages, or none when the shared folder is not there."""
    cleaning = benchmark("cleaning")
    root = cleaning.benchmarks_dir()
    if not (root / "wcxb-service").is_dir() or not (root / "article-extraction").is_dir():
        return []
    pages: list[Html] = []
    for prefix, loader in (("wcxb", cleaning.load_service), ("articles", cleaning.load_articles)):
        sub = "wcxb-service" if prefix == "wcxb" else "article-extraction"
        for page in loader(root / sub):
            pages.append((f"{prefix}/{page.page_id}", page.body, cleaning.CONTENT_TYPE))
    return pages


def gold_snippets() -> list[tuple[str, list[Block]]]:
    return [
        (f"gold/{s['id']}", blocks_for_snippet(s["text"], s.get("kind", "sentence")))
        for s in benchmark("gold").load_gold()
    ]


def _digest(value: Any) -> str:
    dumped = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(dumped.encode("utf-8")).hexdigest()[:32]


def cleaned_fields(page: CleanedPage) -> dict[str, Any]:
    return {
        "title": page.title,
        "meta_description": page.meta_description,
        "language": page.language,
        "main_text": page.main_text,
        "charset": page.charset,
        "text_sha256": page.text_sha256,
        "blocks": [[b.zone, b.kind, b.text, b.start, b.end] for b in page.blocks],
        "text": page.text,
    }


def extraction_rows(blocks: list[Block]) -> Any:
    try:
        result = extract_blocks(blocks)
    except PageBudgetExceeded as exc:
        # Only the segment cap is deterministic; the time budget depends on the machine.
        return ["budget", str(exc) if "cap" in str(exc) else "time"]
    facts = facts_row("", result)
    # page_facts sorts credentials by their lower case, so "Physicians" and "physicians" come in
    # the order a set of them iterates, which changes with the process's hash seed.
    facts["credentials"] = sorted(facts["credentials"], key=lambda c: (c.lower(), c))
    return [claim_rows("", result), offer_rows("", result), facts]


def html_digests(pages: list[Html]) -> dict[str, dict[str, str]]:
    out = {}
    for page_id, body, ctype in pages:
        cleaned = clean_html(body, ctype)
        out[page_id] = {
            "clean": _digest(cleaned_fields(cleaned)),
            "comparable": _digest(cleaned.comparable_text),
            "rows": _digest(extraction_rows(list(cleaned.blocks))),
        }
    return out


def snippet_digests(snippets: list[tuple[str, list[Block]]]) -> dict[str, dict[str, str]]:
    return {name: {"rows": _digest(extraction_rows(blocks))} for name, blocks in snippets}


CORPORA: dict[str, Callable[[], dict[str, dict[str, str]]]] = {
    "sample_web": lambda: html_digests(sample_web_pages()),
    "hostile": lambda: html_digests(hostile_pages()),
    "stored": lambda: html_digests(stored_pages()),
    "gold": lambda: snippet_digests(gold_snippets()),
    "cleaning_benchmark": lambda: html_digests(cleaning_benchmark_pages()),
}


def versions() -> dict[str, str]:
    return {"cleaner": CLEANER_VERSION, "extractor": extractor_version(load_vocabulary())}


def main() -> int:
    corpora = {name: make() for name, make in CORPORA.items()}
    if not corpora["cleaning_benchmark"]:
        print("the cleaning benchmark's pages are not here: refusing to write without them")
        return 1
    reference = {"versions": versions(), **corpora}
    REFERENCE.write_text(json.dumps(reference, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    counts = ", ".join(f"{name} {len(pages)}" for name, pages in corpora.items())
    print(f"wrote {REFERENCE.relative_to(REPO)}: {counts}")
    return 0


if __name__ == "__main__":
    base_clinics()  # fail early outside the repo root
    sys.exit(main())
