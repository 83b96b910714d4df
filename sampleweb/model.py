"""Clinic content and the dated editions that change it, loaded from `content/`."""

import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).parent / "content"

Block = dict[str, Any]


@dataclass
class Page:
    path: str
    title: str
    description: str
    blocks: list[Block]
    nav: str | None = None


@dataclass
class Clinic:
    id: str
    name: str
    tagline: str
    city: str
    region: str
    country: str
    phone: str
    street: str
    testimonials: list[dict[str, str]]
    pages: dict[str, Page]
    promo_banner: str | None = None
    moved: dict[str, str] = field(default_factory=dict)
    offline: bool = False
    bot_challenge: bool = False
    disallowed: list[str] = field(default_factory=list)


@dataclass
class Edition:
    number: int
    date: str
    copyright_year: int
    summary: str
    counters: dict[str, int]
    patches: list[dict[str, Any]]
    noise: list[str]


class PatchError(ValueError):
    pass


def _load_clinic(path: Path) -> Clinic:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages = {
        p["path"]: Page(p["path"], p["title"], p.get("description", ""), p["blocks"], p.get("nav"))
        for p in raw.pop("pages")
    }
    return Clinic(
        id=raw["id"],
        name=raw["name"],
        tagline=raw.get("tagline", ""),
        city=raw.get("city", ""),
        region=raw.get("region", ""),
        country=raw.get("country", "US"),
        phone=raw.get("phone", ""),
        street=raw.get("street", ""),
        testimonials=raw.get("testimonials", []),
        pages=pages,
        promo_banner=raw.get("promo_banner"),
    )


@cache
def base_clinics() -> dict[str, Clinic]:
    files = sorted((CONTENT / "clinics").glob("*.yaml"))
    return {c.id: c for c in (_load_clinic(f) for f in files)}


@cache
def editions() -> list[Edition]:
    found = []
    for path in sorted((CONTENT / "editions").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append(
            Edition(
                number=raw["edition"],
                date=str(raw["date"]),
                copyright_year=raw["copyright_year"],
                summary=raw.get("summary", ""),
                counters=raw.get("counters", {}),
                patches=raw.get("patches") or [],
                noise=raw.get("noise") or [],
            )
        )
    return sorted(found, key=lambda e: e.number)


# The demo's story: the editions the demo crawls and the analyst-question, report and
# change-detection tests read. Later editions (realistic edits written by readers who had not
# seen the detector) are scored by benchmarks/changes.py.
STORY_EDITIONS = 4


def story_editions() -> list[Edition]:
    return [e for e in editions() if e.number <= STORY_EDITIONS]


def _strings(block: Block) -> list[tuple[Any, Any]]:
    """(container, key) pairs of every string in a block, so patches can rewrite them."""
    out: list[tuple[Any, Any]] = []

    def walk(container: Any, key: Any) -> None:
        value = container[key]
        if isinstance(value, str):
            out.append((container, key))
        elif isinstance(value, list):
            for i in range(len(value)):
                walk(value, i)
        elif isinstance(value, dict):
            for k in value:
                walk(value, k)

    for key in block:
        walk(block, key)
    return out


def _blocks_containing(page: Page, text: str) -> list[int]:
    return [
        i for i, block in enumerate(page.blocks) if any(text in c[k] for c, k in _strings(block))
    ]


def _one_block(page: Page, text: str, where: str) -> int:
    hits = _blocks_containing(page, text)
    if len(hits) != 1:
        raise PatchError(f"{where}: {text!r} is in {len(hits)} blocks of {page.path}, expected 1")
    return hits[0]


def apply_patch(clinics: dict[str, Clinic], patch: dict[str, Any], where: str) -> None:
    clinic = clinics[patch["clinic"]]
    # true takes the site down, false brings it back
    if "offline" in patch:
        clinic.offline = bool(patch["offline"])
        return
    if "bot_challenge" in patch:
        clinic.bot_challenge = bool(patch["bot_challenge"])
        return
    if "add_testimonial" in patch:
        clinic.testimonials.append(dict(patch["add_testimonial"]))
        return
    if "robots_disallow" in patch:
        clinic.disallowed.extend(patch["robots_disallow"])
        return
    if "rename_page" in patch:
        old, new = patch["rename_page"]["old"], patch["rename_page"]["new"]
        page = clinic.pages.pop(old)
        page.path = new
        clinic.pages[new] = page
        clinic.moved[old] = new
        return
    if "delete_page" in patch:
        path = patch["delete_page"]
        if path not in clinic.pages:
            raise PatchError(f"{where}: {clinic.id} has no page {path} to delete")
        del clinic.pages[path]
        return
    if "add_page" in patch:
        spec = patch["add_page"]
        # A copy: later patches edit the clinic's page, never the edition file's blocks, which
        # clinics_at() reuses for every later edition.
        clinic.pages[spec["path"]] = Page(
            spec["path"],
            spec["title"],
            spec.get("description", ""),
            copy.deepcopy(spec["blocks"]),
            spec.get("nav"),
        )
        return
    page = clinic.pages[patch["page"]]
    if "replace" in patch:
        old, new = patch["replace"]["old"], patch["replace"]["new"]
        index = _one_block(page, old, where)
        for container, key in _strings(page.blocks[index]):
            if old in container[key]:
                container[key] = container[key].replace(old, new, 1)
                return
    elif "append_to_list" in patch:
        spec = patch["append_to_list"]
        index = _one_block(page, spec["after_item"], where)
        items = page.blocks[index]["ul"]
        position = next(i for i, item in enumerate(items) if spec["after_item"] in item)
        items.insert(position + 1, spec["item"])
    elif "remove_block" in patch:
        del page.blocks[_one_block(page, patch["remove_block"]["containing"], where)]
    elif "add_block" in patch:
        spec = patch["add_block"]
        index = _one_block(page, spec["after_containing"], where)
        page.blocks.insert(index + 1, copy.deepcopy(spec["block"]))
    else:
        raise PatchError(f"{where}: unknown patch {sorted(patch)}")


@cache
def clinics_at(edition: int) -> dict[str, Clinic]:
    """Every clinic as it stands in `edition`: the base content plus all patches up to it."""
    known = [e.number for e in editions()]
    if edition not in known:
        raise ValueError(f"no sample-web edition {edition}; editions are {known}")
    clinics = copy.deepcopy(base_clinics())
    for ed in editions():
        if ed.number > edition:
            break
        for i, patch in enumerate(ed.patches):
            apply_patch(clinics, patch, f"edition {ed.number} patch #{i + 1}")
    return clinics


def edition(number: int) -> Edition:
    return next(e for e in editions() if e.number == number)


def answer_key(number: int) -> list[dict[str, Any]]:
    """What edition `number` changed on purpose, as the change detector should report it. A
    patch without `expect` is a deliberate non-change (markup, a reorder, a typo fix): nothing
    may be reported for it, so it adds no entry and any row it causes counts as spurious."""
    return [
        {"clinic": p["clinic"], "page": p.get("page"), **p["expect"]}
        for p in edition(number).patches
        if p.get("expect")
    ]
