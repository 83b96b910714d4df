"""Change detection: what a run's checks changed, claim by claim, offer by offer, page by page.

The unit of a claim or offer change is a sentence. Each claim-bearing sentence has an identity:
its text with noise removed (dates, counters, copyright lines, the "Q:"/"A:" markers that
JSON-LD repeats). Identities are scoped to the clinic, not to the page, so a renamed page or a
sentence repeated on several pages is one thing. A run is compared with the clinic's previous
successful run:
- a sentence present before and now is unchanged;
- a sentence gone and a new one of the same categories that reads alike (fuzzy match) is the
  same claim reworded, strengthened or weakened, judged on its numbers, hedges and wording;
- otherwise the sentence was added or removed.
Rules that keep noise out of the table: asides (rotating testimonials) are not diffed; a
sentence seen in any of the last few states is not "added" when it comes back; a sentence is
only "removed" when its page was checked successfully this run; a page that failed, vanished or
served a bot challenge is one page or site event, never a list of removed claims; a new page is
one "page_added" event that lists what it says.
Every state is read at the current extractor version (missing rows are extracted from stored
text first), so new rules never show up as changes on a page."""

import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb
import zstandard
from rapidfuzz import fuzz

from flows.changes.kinds import ChangeKind
from flows.cleaning.blocks import Block
from flows.extraction.extract import extract_blocks, extractor_version
from flows.extraction.identity import sentence_key
from flows.extraction.rows import claim_rows, facts_row, offer_rows
from flows.extraction.vocabulary import load_vocabulary

LOOKBACK_STATES = 3
SIMILAR = 60.0  # rapidfuzz token_sort_ratio above which two sentences are one claim reworded
VOLATILE_ZONES = {"aside"}
QUALIFIER_CATEGORIES = {"hedge", "disclosure"}
# A sentence that qualifies and cites ("in trials, many did not improve") is still a qualifier.
QUALIFIER_COMPANIONS = {"authority"}
INTENSIFIERS = re.compile(
    r"\b(?:completely|totally|absolutely|entirely|fully|always|guaranteed|proven|100%|"
    r"extremely|highly|incredibly|dramatically|virtually|zero)\b",
    re.I,
)
CHALLENGE = re.compile(
    r"checking your browser|just a moment|verify(?:ing)? (?:that )?you are (?:a )?human|"
    r"attention required|access denied|captcha",
    re.I,
)
# A clinic whose every page ended like this could not be read at all this run; its claims are
# not "removed". Refused addresses (a name now pointing at a private address), redirect loops
# and a whole site redirecting elsewhere count, so they never empty a clinic's history.
UNREACHABLE = {
    "connection_refused", "dns_error", "timeout", "network_error", "address_refused",
    "too_many_redirects", "redirect_offsite",
}  # fmt: skip
DISALLOW = re.compile(r"^\s*disallow\s*:\s*(\S+)", re.I | re.M)

logger = logging.getLogger(__name__)


@dataclass
class Record:
    stream: str  # claim or offer
    category: str
    values: dict[str, Any]
    evidence: str
    zone: str
    flags: list[str]
    page_id: str
    url: str


@dataclass
class Sentence:
    key: str
    evidence: str
    page_id: str
    url: str
    records: list[Record] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def categories(self) -> list[str]:
        return sorted({r.category for r in self.records})

    @property
    def flags(self) -> list[str]:
        return sorted({f for r in self.records for f in r.flags})


@dataclass
class Change:
    clinic_id: str
    kind: str
    stream: str
    page_id: str | None = None
    url: str | None = None
    categories: list[str] = field(default_factory=list)
    before_value: str | None = None
    after_value: str | None = None
    before_evidence: str | None = None
    after_evidence: str | None = None
    risk_flags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Kinds are partly composed ("hedge" + "_added"); only listed ones may be stored.
        kind = ChangeKind(self.kind)
        if kind.stream != self.stream:
            raise ValueError(
                f"change kind {kind} belongs to stream {kind.stream}, not {self.stream}"
            )


# ----- reading states -------------------------------------------------------------------------


def ensure_extracted(con: duckdb.DuckDBPyConnection, bodies: set[str], version: str) -> int:
    """Extract, at the current version, stored page versions that have no rows for it yet;
    returns how many."""
    if not bodies:
        return 0
    missing = con.execute(
        """SELECT t.body_sha256, any_value(t.text ORDER BY t.cleaner_version DESC),
                  any_value(t.blocks ORDER BY t.cleaner_version DESC)
           FROM page_texts t
           WHERE t.body_sha256 IN (SELECT unnest($bodies::VARCHAR[])) AND t.text IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM page_facts f WHERE f.body_sha256 = t.body_sha256
                             AND f.extractor_version = $version)
           GROUP BY t.body_sha256""",
        {"bodies": sorted(bodies), "version": version},
    ).fetchall()
    for body_sha, text, blocks_json in missing:
        blocks = [
            Block(b["zone"], b["kind"], text[b["start"] : b["end"]], b["start"], b["end"])
            for b in json.loads(blocks_json or "[]")
        ]
        try:
            result = extract_blocks(blocks)
        except Exception as exc:  # RecursionError included: one page, not the run
            logger.warning(
                "page version %s not re-extracted: %s: %s", body_sha, type(exc).__name__, exc
            )
            continue
        _insert_extraction(con, body_sha, result)
    return len(missing)


def _insert_extraction(con: duckdb.DuckDBPyConnection, body_sha: str, result: Any) -> None:
    tables = (
        ("claims", claim_rows(body_sha, result)),
        ("offers", offer_rows(body_sha, result)),
        ("page_facts", [facts_row(body_sha, result)]),
    )
    for table, rows in tables:
        for row in rows:
            # JSON-typed values go in as text; DuckDB casts them on insert by name.
            values = {
                k: json.dumps(v) if isinstance(v, dict) or k == "flag_rules" else v
                for k, v in row.items()
            }
            columns = ", ".join(f"${k} AS {k}" for k in values)
            con.execute(f"INSERT INTO {table} BY NAME SELECT {columns}", values)


def _state(
    con: duckdb.DuckDBPyConnection, run_id: str, clinic_id: str, version: str
) -> tuple[dict[str, Sentence], set[str]]:
    """Sentences of a clinic in one run, and the pages that run checked successfully."""
    rows = con.execute(
        """SELECT o.page_id, p.url, o.body_sha256
           FROM readable_observations o JOIN pages p USING (page_id)
           WHERE o.run_id = ? AND o.clinic_id = ? AND o.body_sha256 IS NOT NULL
             AND coalesce(o.content_type, 'text/html') LIKE '%html%'""",
        [run_id, clinic_id],
    ).fetchall()
    bodies = {r[2] for r in rows}
    ensure_extracted(con, bodies, version)
    pages_of_body: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for page_id, url, body in rows:
        pages_of_body[body].append((page_id, url))
    sentences: dict[str, Sentence] = {}
    for stream, sql in (
        ("claim", "SELECT body_sha256, category, evidence, zone, flags, to_json(quantities),"
                  " hedged, condition, span_start, span_end FROM claims"),
        ("offer", "SELECT body_sha256, type, evidence, zone, flags, to_json(struct_pack("
                  "amount, min_amount, max_amount, percent, unit, treatment_count, expiry)), NULL,"
                  " NULL,"
                  " span_start, span_end FROM offers"),
    ):  # fmt: skip
        for body, category, evidence, zone, flags, values, hedged, condition, s0, s1 in con.execute(
            f"{sql} WHERE extractor_version = ? AND body_sha256 IN (SELECT unnest(?::VARCHAR[]))",
            [version, sorted(bodies)],
        ).fetchall():
            if zone in VOLATILE_ZONES:
                continue
            page_id, url = pages_of_body[body][0]
            key = sentence_key(evidence)
            sentence = sentences.setdefault(key, Sentence(key, evidence, page_id, url, [], s0, s1))
            record_values = json.loads(values) if values else {}
            record_values = {k: v for k, v in record_values.items() if v is not None}
            if hedged is not None:
                record_values["hedged"] = hedged
            if condition:
                record_values["condition"] = condition
            record = Record(stream, category, record_values, evidence, zone, flags or [],
                            page_id, url)  # fmt: skip
            if not any(
                r.stream == stream and r.category == category and r.values == record_values
                for r in sentence.records
            ):
                sentence.records.append(record)
    return sentences, {r[0] for r in rows}


# ----- comparing states -----------------------------------------------------------------------


def _numbers(record: Record) -> list[float]:
    values = record.values
    found = [values[k] for k in ("percent", "share_percent", "amount", "min_amount") if k in values]
    if "fraction" in values and values["fraction"][1]:
        found.append(100.0 * values["fraction"][0] / values["fraction"][1])
    return [float(v) for v in found if isinstance(v, int | float)]


def _pair_kind(stream: str, old: Sentence, new: Sentence) -> tuple[str, str | None, str | None]:
    """Kind of a reworded sentence, with the before and after values that decide it."""
    if stream == "offer":
        for category, up, down in (("price", "price_up", "price_down"),
                                   ("membership", "price_up", "price_down")):  # fmt: skip
            a = [n for r in old.records if r.category == category for n in _numbers(r)]
            b = [n for r in new.records if r.category == category for n in _numbers(r)]
            if a and b and a[0] != b[0]:
                return (up if b[0] > a[0] else down), f"{a[0]:g}", f"{b[0]:g}"
        a = [n for r in old.records if r.category == "discount" for n in _numbers(r)]
        b = [n for r in new.records if r.category == "discount" for n in _numbers(r)]
        if a != b:
            return "discount_changed", ",".join(f"{x:g}" for x in a), ",".join(f"{x:g}" for x in b)
        a = [n for r in old.records for n in _numbers(r)]
        b = [n for r in new.records for n in _numbers(r)]
        if a != b:
            return "offer_changed", ",".join(f"{x:g}" for x in a), ",".join(f"{x:g}" for x in b)
        return "offer_reworded", None, None
    a = list(dict.fromkeys(n for r in old.records for n in _numbers(r)))
    b = list(dict.fromkeys(n for r in new.records for n in _numbers(r)))
    if a and b and a != b:
        kind = "claim_strengthened" if max(b) > max(a) else "claim_weakened"
        return kind, ",".join(f"{x:g}" for x in a), ",".join(f"{x:g}" for x in b)
    old_hedged = any(r.values.get("hedged") for r in old.records)
    new_hedged = any(r.values.get("hedged") for r in new.records)
    if old_hedged != new_hedged:
        return ("claim_weakened" if new_hedged else "claim_strengthened"), None, None
    more = len(INTENSIFIERS.findall(new.evidence)) - len(INTENSIFIERS.findall(old.evidence))
    if more:
        return ("claim_strengthened" if more > 0 else "claim_weakened"), None, None
    return "claim_reworded", None, None


def _single_kind(stream: str, sentence: Sentence, added: bool) -> str:
    categories = set(sentence.categories)
    qualifiers = categories & QUALIFIER_CATEGORIES
    if (
        stream == "claim"
        and qualifiers
        and categories <= QUALIFIER_CATEGORIES | QUALIFIER_COMPANIONS
    ):
        name = "hedge" if "hedge" in categories else "disclosure"
        return f"{name}_{'added' if added else 'removed'}"
    return f"{stream}_{'added' if added else 'removed'}"


def diff_states(
    clinic_id: str,
    current: dict[str, Sentence],
    previous: dict[str, Sentence],
    recent_keys: set[str],
    checked_pages: set[str],
    skip_pages: set[str],
    as_of: date | None = None,
) -> list[Change]:
    changes: list[Change] = []
    for stream in ("claim", "offer"):
        now = {k: s for k, s in current.items() if any(r.stream == stream for r in s.records)}
        before = {k: s for k, s in previous.items() if any(r.stream == stream for r in s.records)}
        gone = [
            _only(s, stream) for k, s in before.items()
            if k not in now and s.page_id in checked_pages
        ]  # fmt: skip
        new = [
            _only(s, stream) for k, s in now.items()
            if k not in before and k not in recent_keys and s.page_id not in skip_pages
        ]  # fmt: skip
        pairs: list[tuple[Sentence, Sentence]] = []
        for old in sorted(gone, key=lambda s: s.key):
            best = max(
                (n for n in new if set(n.categories) & set(old.categories)),
                key=lambda n: fuzz.token_sort_ratio(old.key, n.key),
                default=None,
            )
            if best is not None and fuzz.token_sort_ratio(old.key, best.key) >= SIMILAR:
                pairs.append((old, best))
                new.remove(best)
        paired_old = {id(o) for o, _ in pairs}
        for old, fresh in pairs:
            kind, before_value, after_value = _pair_kind(stream, old, fresh)
            changes.append(
                Change(
                    clinic_id,
                    kind,
                    stream,
                    fresh.page_id,
                    fresh.url,
                    sorted(set(old.categories) | set(fresh.categories)),
                    before_value,
                    after_value,
                    old.evidence,
                    fresh.evidence,
                    sorted(set(old.flags) | set(fresh.flags)),
                )
            )
        for old in gone:
            if id(old) not in paired_old:
                changes.append(
                    Change(
                        clinic_id,
                        _removed_kind(stream, old, as_of),
                        stream,
                        old.page_id,
                        old.url,
                        old.categories,
                        ", ".join(old.categories),
                        None,
                        old.evidence,
                        None,
                        old.flags,
                    )
                )
        for fresh in _merge_adjacent(new):
            changes.append(
                Change(
                    clinic_id,
                    _single_kind(stream, fresh, True),
                    stream,
                    fresh.page_id,
                    fresh.url,
                    fresh.categories,
                    None,
                    ", ".join(fresh.categories),
                    None,
                    fresh.evidence,
                    fresh.flags,
                )
            )
    return _drop_explained_rewordings(changes)


MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
EXPIRY_DATE = re.compile(r"\b([a-z]{3})[a-z]*\.? (\d{1,2})\b|\b(\d{1,2})/(\d{1,2})\b", re.I)


def expiry_date(text: str, as_of: date) -> date | None:
    """The date an offer says it ends ("ends January 31", "valid through 3/31"), in the year
    that puts it nearest before or after `as_of`."""
    found = EXPIRY_DATE.search(text)
    if not found:
        return None
    if found[1]:
        month, day = MONTHS.get(found[1].lower()), int(found[2])
    else:
        month, day = int(found[3]), int(found[4])
    if not month or not 1 <= month <= 12:
        return None
    candidates = []
    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - as_of).days)) if candidates else None


def _removed_kind(stream: str, sentence: Sentence, as_of: date | None) -> str:
    """An offer taken down after the end date it stated has expired, not been withdrawn."""
    if stream == "offer" and as_of is not None:
        for record in sentence.records:
            ends = record.values.get("expiry")
            when = expiry_date(str(ends), as_of) if ends else None
            if when is not None and when < as_of:
                return "offer_expired"
    return _single_kind(stream, sentence, False)


def _merge_adjacent(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences added side by side on one page (a new paragraph) are one change."""
    merged: list[Sentence] = []
    for sentence in sorted(sentences, key=lambda s: (s.page_id, s.start)):
        last = merged[-1] if merged else None
        if last and last.page_id == sentence.page_id and 0 <= sentence.start - last.end <= 2:
            merged[-1] = Sentence(
                last.key + " " + sentence.key, last.evidence + " " + sentence.evidence,
                last.page_id, last.url, last.records + sentence.records, last.start, sentence.end,
            )  # fmt: skip
        else:
            merged.append(sentence)
    return merged


def _only(sentence: Sentence, stream: str) -> Sentence:
    return Sentence(sentence.key, sentence.evidence, sentence.page_id, sentence.url,
                    [r for r in sentence.records if r.stream == stream], sentence.start,
                    sentence.end)  # fmt: skip


def _drop_explained_rewordings(changes: list[Change]) -> list[Change]:
    """A sentence whose number changed also "rewords" its other claims; report the number."""
    explained = {
        (c.before_evidence, c.after_evidence)
        for c in changes
        if c.before_evidence and c.after_evidence and not c.kind.endswith("_reworded")
    }
    return [
        c for c in changes
        if not (c.kind.endswith("_reworded") and (c.before_evidence, c.after_evidence) in explained)
    ]  # fmt: skip


# ----- page and site events -------------------------------------------------------------------


def _page_events(
    con: duckdb.DuckDBPyConnection, run_id: str, previous_run: str, clinic_id: str
) -> tuple[list[Change], set[str]]:
    """Pages that appeared, vanished or moved; returns the events and the new pages' ids."""
    now = {
        r[0]: r[1:]
        for r in con.execute(
            """SELECT o.page_id, p.url, o.final_url, o.outcome, o.status, o.headers->>'location'
               FROM observations o JOIN pages p USING (page_id)
               WHERE o.run_id = ? AND o.clinic_id = ?
                 AND o.found_via NOT IN ('robots', 'sitemap_file')
                 AND coalesce(o.content_type, 'text/html') LIKE '%html%'""",
            [run_id, clinic_id],
        ).fetchall()
    }
    before = {
        r[0]: r[1:]
        for r in con.execute(
            """SELECT o.page_id, o.final_url, o.outcome FROM observations o
               WHERE o.run_id = ? AND o.clinic_id = ?""",
            [previous_run, clinic_id],
        ).fetchall()
    }
    ever_ok = {
        r[0]
        for r in con.execute(
            """SELECT DISTINCT o.page_id FROM observations o JOIN runs r USING (run_id)
               WHERE o.clinic_id = ? AND o.outcome IN ('ok', 'not_modified')
                 AND r.logical_date < (SELECT logical_date FROM runs WHERE run_id = ?)""",
            [clinic_id, run_id],
        ).fetchall()
    }
    # A page that was already linked or in the sitemap last time is not new, only newly
    # fetched (a page cap or a slow server can leave it out of one run).
    linked_before = {
        r[0]
        for r in con.execute(
            """SELECT DISTINCT unnest(links) FROM observations
               WHERE run_id = ? AND clinic_id = ? AND links IS NOT NULL""",
            [previous_run, clinic_id],
        ).fetchall()
    }
    events: list[Change] = []
    moved_targets = set()
    for page_id, (url, final_url, outcome, _status, _target) in now.items():
        if outcome not in ("ok", "not_modified") or not final_url or final_url == url:
            continue
        earlier = before.get(page_id)
        if earlier and earlier[0] != final_url and earlier[1] in ("ok", "not_modified"):
            moved_targets.add(final_url)
            events.append(Change(clinic_id, "page_moved", "page", page_id, url,
                                 before_value=earlier[0], after_value=final_url))  # fmt: skip
    new_pages = set()
    for page_id, (url, _final, outcome, status, _target) in now.items():
        if (
            outcome in ("ok", "not_modified")
            and page_id not in ever_ok
            and url not in moved_targets
            and url not in linked_before
        ):
            new_pages.add(page_id)
            events.append(Change(clinic_id, "page_added", "page", page_id, url, after_value=url))
        elif status in (404, 410) and before.get(page_id, (None, None))[1] in (
            "ok",
            "not_modified",
        ):
            events.append(Change(clinic_id, "page_vanished", "page", page_id, url,
                                 before_value=url, after_value=str(status)))  # fmt: skip
    # A page that now sends visitors to another website (not followed, so its text is never
    # taken for the clinic's); reported once, when it starts.
    events += [
        Change(
            clinic_id,
            "redirect_offsite",
            "page",
            page_id,
            url,
            before_value=url,
            after_value=target,
        )
        for page_id, (url, _final, outcome, _status, target) in now.items()
        if outcome == "redirect_offsite"
        and before.get(page_id, (None, None))[1] != "redirect_offsite"
    ]
    return events, new_pages


def site_state(con: duckdb.DuckDBPyConnection, run_id: str, clinic_id: str) -> str:
    rows = con.execute(
        """SELECT o.outcome, o.status, o.headers->>'cf-mitigated',
                  CASE WHEN o.status IN (403, 429, 503) THEN t.title END,
                  CASE WHEN o.status IN (403, 429, 503) THEN t.main_text END
           FROM observations o LEFT JOIN page_texts t USING (body_sha256)
           WHERE o.run_id = ? AND o.clinic_id = ?
             AND o.found_via NOT IN ('robots', 'sitemap_file')""",
        [run_id, clinic_id],
    ).fetchall()
    if not rows:
        return "unknown"
    if all(r[0] in UNREACHABLE for r in rows):
        return "unreachable"
    challenged = [
        r for r in rows
        if r[1] in (403, 429, 503) and (r[2] or CHALLENGE.search(f"{r[3]} {r[4]}"))
    ]  # fmt: skip
    if challenged and not any(r[0] in ("ok", "not_modified") for r in rows):
        return "challenged"
    if any(r[0] == "rate_limited" for r in rows) and not any(
        r[0] in ("ok", "not_modified") for r in rows
    ):
        return "rate_limited"
    return "ok"


def _disallowed(con: duckdb.DuckDBPyConnection, run_id: str, clinic_id: str) -> set[str] | None:
    """Paths robots.txt disallowed in a run (None when robots.txt was not read)."""
    row = con.execute(
        """SELECT b.data FROM observations o JOIN bodies b USING (body_sha256)
           WHERE o.run_id = ? AND o.clinic_id = ? AND o.found_via = 'robots'
             AND o.outcome = 'ok' LIMIT 1""",
        [run_id, clinic_id],
    ).fetchone()
    if row is None:
        return None
    text = zstandard.ZstdDecompressor().decompress(row[0]).decode("utf-8", "replace")
    return set(DISALLOW.findall(text))


def _robots_events(
    con: duckdb.DuckDBPyConnection, run_id: str, previous_run: str, clinic_id: str
) -> list[Change]:
    now, before = _disallowed(con, run_id, clinic_id), _disallowed(con, previous_run, clinic_id)
    if now is None or before is None:
        return []
    return [
        Change(clinic_id, "robots_disallow_added", "site", before_value=None, after_value=path)
        for path in sorted(now - before)
    ]


# ----- the run --------------------------------------------------------------------------------


def detect_changes(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Change]:
    """Changes a run found, clinic by clinic, against each clinic's previous runs."""
    version = extractor_version(load_vocabulary())
    run_date = con.execute("SELECT logical_date FROM runs WHERE run_id = ?", [run_id]).fetchone()
    assert run_date is not None, f"run {run_id} is not loaded"
    changes: list[Change] = []
    clinics = [r[0] for r in con.execute(
        "SELECT DISTINCT clinic_id FROM observations WHERE run_id = ? ORDER BY 1", [run_id]
    ).fetchall()]  # fmt: skip
    for clinic_id in clinics:
        earlier = [r[0] for r in con.execute(
            """SELECT o.run_id FROM observations o JOIN runs r USING (run_id)
               WHERE o.clinic_id = ? AND r.logical_date < ? GROUP BY o.run_id, r.logical_date
               ORDER BY r.logical_date DESC LIMIT ?""",
            [clinic_id, run_date[0], LOOKBACK_STATES + 1],
        ).fetchall()]  # fmt: skip
        if not earlier:
            continue  # a clinic's first run is its baseline
        states = {r: site_state(con, r, clinic_id) for r in (run_id, *earlier)}
        state_now, state_before = states[run_id], states[earlier[0]]
        if state_now == "unreachable" and state_before != "unreachable":
            changes.append(Change(clinic_id, "site_unreachable", "site", before_value=state_before,
                                  after_value="unreachable"))  # fmt: skip
        if state_now == "challenged" and state_before != "challenged":
            changes.append(Change(clinic_id, "bot_challenge", "site", before_value=state_before,
                                  after_value="challenged"))  # fmt: skip
        if state_now != "ok":
            continue  # a failed or blocked check never reads as claims removed
        successful = [r for r in earlier if states[r] == "ok"]
        if not successful:
            continue
        events, new_pages = _page_events(con, run_id, successful[0], clinic_id)
        events += _robots_events(con, run_id, successful[0], clinic_id)
        current, checked = _state(con, run_id, clinic_id, version)
        previous, _ = _state(con, successful[0], clinic_id, version)
        recent: set[str] = set()
        for older in successful[1:LOOKBACK_STATES]:
            recent |= set(_state(con, older, clinic_id, version)[0])
        for event in events:
            if event.kind == "page_added":
                said = sorted({c for s in current.values() if s.page_id == event.page_id
                               for c in s.categories})  # fmt: skip
                event.categories = said
        changes.extend(events)
        changes.extend(
            diff_states(
                clinic_id, current, previous, recent, checked, new_pages, run_date[0].date()
            )
        )
    return changes


def store_changes(
    con: duckdb.DuckDBPyConnection, run_id: str, changes: list[Change], version: str
) -> None:
    """Replace the run's changes (delete-then-insert keeps re-runs idempotent)."""
    run_date = con.execute("SELECT logical_date FROM runs WHERE run_id = ?", [run_id]).fetchone()
    observed: datetime = run_date[0] if run_date else datetime.now()
    con.execute("DELETE FROM changes WHERE run_id = ?", [run_id])
    for c in changes:
        change_id = hashlib.sha256(
            f"{run_id}|{c.clinic_id}|{c.kind}|{c.page_id}|{c.before_evidence}|{c.after_evidence}"
            f"|{c.before_value}|{c.after_value}".encode()
        ).hexdigest()[:24]
        con.execute(
            "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [change_id, run_id, observed, c.clinic_id, c.page_id, c.url, c.stream, c.kind,
             c.categories, c.before_value, c.after_value, c.before_evidence, c.after_evidence,
             c.risk_flags, version],
        )  # fmt: skip
