"""The targets file: which clinic websites to monitor, validated before any crawl starts."""

import functools
import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tldextract
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class TargetsError(ValueError):
    """A targets file that cannot be used; the message names the file, entry and problem."""


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: str = ""
    region: str = ""
    country: str = ""


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError(f"{value!r} has an invalid port (ports run from 1 to 65535)")
    return value


# Every page repeats the site's menu links, so the same URLs come back thousands of times.
@functools.lru_cache(maxsize=16384)
def site_of(url: str) -> str:
    """The site that bounds a clinic's crawl: the host, plus the port when it is not a default
    one, so http:// and https:// of one clinic are one site while sample-web clinics on one
    host keep their own ports."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return host if port in (None, 80, 443) else f"{host}:{port}"


# The public suffix list bundled with tldextract, private suffixes included (each
# squarespace.com or github.io site is its own site); an empty URL list means it never downloads.
_SUFFIXES = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


def registrable_domain(url: str) -> str:
    """The name a site's owner registered ("clinic.co.uk" for "book.clinic.co.uk"); empty for
    IP addresses and single-label names."""
    host = urlsplit(url).hostname or ""
    return _SUFFIXES(host).top_domain_under_public_suffix


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to one clinic's website: the same site, or two names under one
    registered domain (www and apex, a booking subdomain). Schemes do not matter."""
    if site_of(url) == site_of(other):
        return True
    domain = registrable_domain(url)
    return bool(domain) and domain == registrable_domain(other)


def is_loopback(url: str) -> bool:
    """True for sites on this machine, such as the sample web."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$", description="Stable clinic id")
    name: str = Field(min_length=1)
    website: str
    start_urls: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    tags: list[str] = Field(default_factory=list)

    _check_website = field_validator("website")(_check_http_url)

    @field_validator("start_urls")
    @classmethod
    def _check_start_urls(cls, urls: list[str]) -> list[str]:
        return [_check_http_url(u) for u in urls]

    @model_validator(mode="after")
    def _start_urls_on_site(self) -> "Target":
        home = site_of(self.website)
        for url in self.start_urls:
            if site_of(url) != home:
                raise ValueError(f"start URL {url} is not on the clinic's website {self.website}")
        return self


class TargetsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    clinics: list[Target] = Field(min_length=1)


def _entry_lines(text: str) -> list[int]:
    """1-based line of each item under `clinics:`, so errors can point at the entry."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "clinics" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _describe(error: ValidationError, raw: Any, lines: list[int]) -> list[str]:
    problems = []
    for err in error.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        if len(loc) >= 2 and loc[0] == "clinics" and isinstance(loc[1], int):
            index = loc[1]
            entry = raw["clinics"][index] if isinstance(raw.get("clinics"), list) else {}
            ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
            line = f", line {lines[index]}" if index < len(lines) else ""
            field = ".".join(str(p) for p in loc[2:]) or "entry"
            where = f"clinic #{index + 1} (id {ident!r}{line}), field {field}"
        problems.append(f"{where}: {err['msg']}")
    return problems


def load_targets(path: str | Path, only: list[str] | None = None) -> list[Target]:
    """Read and validate a targets file; `only` keeps a subset of clinic ids."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise TargetsError(
            f"{path}: line {line} is not UTF-8 text (byte {exc.start}); save the file as UTF-8."
        ) from exc
    except OSError as exc:
        raise TargetsError(f"{path}: cannot read targets file ({exc.strerror}).") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise TargetsError(f"{path}:{where} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TargetsError(f"{path}: expected a mapping with a 'clinics:' list at the top level.")
    try:
        parsed = TargetsFile.model_validate(raw)
    except ValidationError as exc:
        problems = "\n  ".join(_describe(exc, raw, _entry_lines(text)))
        raise TargetsError(
            f"{path}: invalid targets file:\n  {problems}\nFix it and re-run."
        ) from exc

    seen: dict[str, int] = {}
    for index, target in enumerate(parsed.clinics):
        if target.id in seen:
            raise TargetsError(
                f"{path}: clinic #{index + 1} repeats id {target.id!r} "
                f"(first used by clinic #{seen[target.id] + 1}); ids must be unique."
            )
        seen[target.id] = index

    if not only:
        return parsed.clinics
    unknown = sorted(set(only) - set(seen))
    if unknown:
        raise TargetsError(
            f"{path}: unknown clinic id(s) {', '.join(unknown)}; known ids: {', '.join(seen)}."
        )
    return [t for t in parsed.clinics if t.id in set(only)]
