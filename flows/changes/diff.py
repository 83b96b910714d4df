"""Comparing two states of a clinic, sentence by sentence: pure functions, no database.

A sentence present before and now is unchanged. A sentence gone and a new one of the same
categories that reads alike (fuzzy match) is the same claim reworded, strengthened or weakened,
judged on its numbers, hedges and wording. Otherwise the sentence was added or removed."""

import re
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from flows.changes.model import Change, Record, Sentence, State
from flows.changes.templates import template_form
from flows.cleaning.dates import offer_end_date, offer_end_text
from flows.extraction.numbers import quantities

SIMILAR = 60.0  # rapidfuzz token_sort_ratio above which two sentences are one claim reworded
TRIVIAL = 95.0  # rapidfuzz ratio above which a rewording is a typo fix: a text change
QUALIFIER_CATEGORIES = {"hedge", "disclosure"}
# A sentence that qualifies and cites ("in trials, many did not improve") is still a qualifier,
# and so is a side-effect list that names what a session feels like ("dissociation, nausea").
QUALIFIER_COMPANIONS = {"authority", "experience"}
COST_FAMILY = {"price": "cost", "free_offer": "cost"}
CLAUSE_SHARE = 0.25  # share of a sentence's words that came or went with a claim it gained or lost
QUANTIFIER = re.compile(
    r"\b(?:(some|a few)|(many|a lot of|lots of)|(most)|(nearly all|almost all|virtually all)|"
    r"(all|every|everyone))\b(?= (?:\w+ )?(?:people|patients|members|clients|of (?:our|them)))",
    re.I,
)
# A risk ruled out, and a risk called small: "not addictive" -> "the risk is low" weakens.
ABSOLUTE_DENIAL = re.compile(
    r"\b(?:not|isn't|is not|never|non-?)\s?(?:addictive|habit[- ]forming|dangerous)\b|"
    r"\b(?:no|zero) (?:risk|chance|danger|side effects|addiction|dependence)\b|"
    r"\bcompletely safe\b",
    re.I,
)
LOW_RISK = re.compile(
    r"\b(?:low|lower|minimal|small|slight|rare|unlikely|negligible|little)\b"
    r"(?=.{0,40}\b(?:risk|chance|danger|addict\w*|abuse|misuse|dependence|side effects)\b)|"
    r"\b(?:risk|chance|danger|addiction|abuse|misuse|dependence)\b.{0,40}"
    r"\b(?:low|minimal|small|slight|rare|unlikely|negligible)\b",
    re.I,
)
FIGURES = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
# Offer fields compared one by one when the amounts agree, with the kind their change is.
OFFER_FIELDS = (("unit", "offer_changed"), ("audience", "discount_changed"),
                ("expiry", "offer_changed"), ("status", "offer_changed"),
                ("period", "offer_changed"))  # fmt: skip
INTENSIFIERS = re.compile(
    r"\b(?:completely|totally|absolutely|entirely|fully|always|guaranteed|proven|100%|"
    r"extremely|highly|incredibly|dramatically|virtually|zero)\b",
    re.I,
)


def diff_states(
    clinic_id: str,
    current: State,
    previous: State,
    recent_keys: set[str],
    skip_pages: set[str],
    as_of: date | None = None,
) -> list[Change]:
    """What changed from `previous` to `current`. Sentences in `recent_keys` (seen in the last
    few states) are not "added" again; new sentences on `skip_pages` (new pages, reported as
    one page event) are not listed one by one."""
    changes: list[Change] = []
    for stream in ("claim", "offer"):
        now = _of_stream(current.sentences, stream)
        before = _of_stream(previous.sentences, stream)
        gone = [
            s.only(stream) for k, s in before.items()
            if k not in now and s.page_id in current.checked_pages
        ]  # fmt: skip
        new = [
            s.only(stream) for k, s in now.items()
            if k not in before and k not in recent_keys and s.page_id not in skip_pages
        ]  # fmt: skip
        # A sentence seen a few states ago that comes back is not added again, but it may be
        # what a gone sentence became (a typo made, then fixed).
        returning = [
            s.only(stream) for k, s in now.items()
            if k not in before and k in recent_keys and s.page_id not in skip_pages
        ]  # fmt: skip
        # An offer taken down after the end it stated expired; it is nobody's earlier wording.
        expired = [o for o in gone if _ended_on(stream, o, as_of)]
        candidates = new + returning
        pairs = _pair_rewordings([o for o in gone if o not in expired], candidates)
        new = [n for n in candidates if n not in returning]
        paired_old = {id(o) for o, _ in pairs}
        # A sentence cut in two, or two joined, reads too unlike either half to pair: it is no
        # change when its claims stand, word for word, in the other.
        paired_new = [fresh for _, fresh in pairs]
        for old in gone:
            if id(old) in paired_old:
                continue
            half = next(
                (n for n in new + paired_new
                 if n.page_id == old.page_id and _split_or_joined(old, n)),
                None,
            )  # fmt: skip
            if half is not None:
                paired_old.add(id(old))
                if half in new:
                    new.remove(half)
        # Likewise a new sentence that is the part cut off a sentence reworded or gone.
        new = [
            n for n in new
            if not any(o.page_id == n.page_id and _split_or_joined(o, n) for o in gone)
        ]  # fmt: skip
        for old, fresh in pairs:
            kind, before_value, after_value = _pair_kind(stream, old, fresh)
            # Claims or qualifiers the new wording dropped or gained are changes of their own;
            # a plain rewording row is then explained by them (`_drop_explained_rewordings`).
            moved = _category_moves(stream, old, fresh)
            if kind.endswith("_reworded") and _split_or_joined(old, fresh):
                # A sentence cut in two, or two joined: what the other part carries is no move.
                moved = _unexplained(moved, old, fresh, before, now)
                if not moved:
                    continue
            # A typo fixed, or only a name changed (a clinician's, a city's): an edit of the text.
            trivial = (
                not moved
                and kind.endswith("_reworded")
                and (
                    (
                        fuzz.ratio(old.key, fresh.key) >= TRIVIAL
                        and FIGURES.findall(old.key) == FIGURES.findall(fresh.key)
                    )
                    or template_form(old.evidence) == template_form(fresh.evidence)
                )
            )
            # The sentences beside it that the same edit took down or put up: a restatement of
            # its claim ("No." before "... is not addictive"), or the qualifier that weakens it.
            absorbed = _absorbed(kind, old, fresh, gone, new, paired_old)
            for extra in absorbed:
                if extra in new:
                    new.remove(extra)
                else:
                    paired_old.add(id(extra))
            moved_categories = {c for _, categories in moved for c in categories}
            every = set(old.categories) | set(fresh.categories)
            every |= {c for extra in absorbed for c in extra.categories}
            rows = [(kind, sorted(every - moved_categories) or sorted(every))]
            for moved_kind, categories in [*rows, *moved]:
                text = trivial and moved_kind == kind
                changes.append(
                    Change(
                        clinic_id, "text_changed" if text else moved_kind,
                        "text" if text else stream, fresh.page_id, fresh.url, categories,
                        before_value if moved_kind == kind else None,
                        after_value if moved_kind == kind else None, old.evidence,
                        fresh.evidence, sorted(set(old.flags) | set(fresh.flags)), old.key,
                        fresh.key,
                    )
                )  # fmt: skip
        # A block taken down (a promotion with its terms, a paragraph) is one change; it
        # expired when any of its sentences had stated an end date that has passed.
        for old in _merge_adjacent([o for o in gone if id(o) not in paired_old]):
            ended = _ended_on(stream, old, as_of)
            if ended:
                split = [("offer_expired", old.categories)]
            else:
                split = _single_kinds(stream, sorted(old.categories), added=False)
            for kind, categories in split:
                changes.append(
                    Change(
                        clinic_id, kind, stream, old.page_id, old.url, categories,
                        ", ".join(categories), ended.isoformat() if ended else None,
                        old.evidence, None, old.flags, old.key,
                    )
                )  # fmt: skip
        for fresh in _merge_adjacent(new):
            for kind, categories in _single_kinds(stream, sorted(fresh.categories), added=True):
                changes.append(
                    Change(
                        clinic_id, kind, stream, fresh.page_id, fresh.url, categories, None,
                        ", ".join(categories), None, fresh.evidence, fresh.flags, None,
                        fresh.key,
                    )
                )  # fmt: skip
    return _drop_explained_rewordings(changes)


def _of_stream(sentences: dict[str, Sentence], stream: str) -> dict[str, Sentence]:
    return {k: s for k, s in sentences.items() if any(r.stream == stream for r in s.records)}


def _pair_rewordings(gone: list[Sentence], new: list[Sentence]) -> list[tuple[Sentence, Sentence]]:
    """Each gone sentence with the new one of a shared category that reads most alike; `new`
    loses the sentences paired."""
    pairs: list[tuple[Sentence, Sentence]] = []
    for old in sorted(gone, key=lambda s: s.key):
        best = max(
            (n for n in new if _families(n) & _families(old)),
            key=lambda n: fuzz.token_sort_ratio(old.key, n.key),
            default=None,
        )
        if best is not None and fuzz.token_sort_ratio(old.key, best.key) >= SIMILAR:
            pairs.append((old, best))
            new.remove(best)
    return pairs


def _split_or_joined(old: Sentence, new: Sentence) -> bool:
    """A sentence cut in two (or two joined) with the same claims: the shorter's words, but for
    up to three words that open it ("Each one is ..."), stand in order inside the longer's."""
    pair = sorted(
        ((old.key.rstrip(" ."), old), (new.key.rstrip(" ."), new)), key=lambda p: len(p[0])
    )
    (short, shorter), (long, longer) = pair
    return (
        set(shorter.categories) <= set(longer.categories)
        and len(short) >= 20
        and len(short) < len(long)
        and any(
            len(rest) >= 20 and rest in long
            for rest in (" ".join(short.split()[skip:]) for skip in range(4))
            # the words kept are most of the sentence, so a rewording is not taken for a split
            if len(rest.split()) >= 0.75 * len(short.split())
        )
    )


def _families(sentence: Sentence) -> set[str]:
    """Categories a rewording may move between: a free consultation that gets a price is the
    same offer, what it costs changed."""
    return {COST_FAMILY.get(c, c) for c in sentence.categories}


def _numbers(record: Record) -> list[float]:
    values = record.values
    found = [values[k] for k in ("percent", "share_percent", "amount", "min_amount") if k in values]
    if "fraction" in values and values["fraction"][1]:
        found.append(100.0 * values["fraction"][0] / values["fraction"][1])
    return [float(v) for v in found if isinstance(v, int | float)]


def _quantifier(text: str) -> int | None:
    """How many people a sentence says it works for, as a rank: "some" < "many" (or "a lot
    of") < "most" < "nearly all" < "all"."""
    found = QUANTIFIER.search(text)
    return next(rank for rank, words in enumerate(found.groups()) if words) if found else None


def _certainty(text: str) -> int | None:
    """How flatly a sentence rules a risk out: 2 for "not addictive" or "no risk", 1 for "the
    risk is low"; None when it does neither."""
    if ABSOLUTE_DENIAL.search(text):
        return 2
    return 1 if LOW_RISK.search(text) else None


def _stat_span(sentence: Sentence) -> tuple[float, float] | None:
    """The share a statistic states, as (lowest, highest) percent; from the words themselves
    when no statistic row holds it ("4 out of 5 members said ..." read as a testimonial)."""
    rows = [r.values for r in sentence.records if r.category == "efficacy_statistic"]
    for values in [*rows, quantities(sentence.evidence)]:
        if span := _share_span(values):
            return span
    return None


def _share_span(values: dict[str, Any]) -> tuple[float, float] | None:
    """A range, one figure, a share in words or a fraction, as (lowest, highest) percent."""
    low, high = values.get("percent_min"), values.get("percent_max")
    if isinstance(low, int | float) and isinstance(high, int | float):
        return float(low), float(high)
    for name in ("percent", "share_percent"):
        if isinstance(values.get(name), int | float):
            return float(values[name]), float(values[name])
    fraction = values.get("fraction")
    if fraction and fraction[1]:
        share = 100.0 * fraction[0] / fraction[1]
        return share, share
    return None


def _joined(numbers: list[float]) -> str:
    return ",".join(f"{x:g}" for x in numbers)


def _pair_kind(stream: str, old: Sentence, new: Sentence) -> tuple[str, str | None, str | None]:
    """Kind of a reworded sentence, with the before and after values that decide it."""
    if stream == "offer":
        return _offer_pair_kind(old, new)
    was, now = _stat_span(old), _stat_span(new)
    if was and now and was != now:
        # Both ends of a stated share move the same way, or its middle decides ("half" ->
        # "40 to 55 percent" is lower).
        if now[0] >= was[0] and now[1] >= was[1]:
            up = True
        elif now[0] <= was[0] and now[1] <= was[1]:
            up = False
        else:
            up = sum(now) > sum(was)
        return ("claim_strengthened" if up else "claim_weakened"), _span_text(was), _span_text(now)
    a = list(dict.fromkeys(n for r in old.records for n in _numbers(r)))
    b = list(dict.fromkeys(n for r in new.records for n in _numbers(r)))
    if a and b and a != b:
        kind = "claim_strengthened" if max(b) > max(a) else "claim_weakened"
        return kind, _joined(a), _joined(b)
    old_hedged = any(r.values.get("hedged") for r in old.records)
    new_hedged = any(r.values.get("hedged") for r in new.records)
    if old_hedged != new_hedged:
        return ("claim_weakened" if new_hedged else "claim_strengthened"), None, None
    was_sure, now_sure = _certainty(old.evidence), _certainty(new.evidence)
    if was_sure is not None and now_sure is not None and was_sure != now_sure:
        return ("claim_strengthened" if now_sure > was_sure else "claim_weakened"), None, None
    was_rank, now_rank = _quantifier(old.evidence), _quantifier(new.evidence)
    if was_rank is not None and now_rank is not None and was_rank != now_rank:
        return ("claim_strengthened" if now_rank > was_rank else "claim_weakened"), None, None
    more = len(INTENSIFIERS.findall(new.evidence)) - len(INTENSIFIERS.findall(old.evidence))
    if more:
        return ("claim_strengthened" if more > 0 else "claim_weakened"), None, None
    return "claim_reworded", None, None


def _price_span(record: Record) -> tuple[float, float] | None:
    """A price as (lowest, highest): one amount, or the two ends of a range ("$750-$1,100")."""
    values = record.values
    if isinstance(values.get("amount"), int | float):
        return float(values["amount"]), float(values["amount"])
    low, high = values.get("min_amount"), values.get("max_amount")
    if isinstance(low, int | float):
        return float(low), float(high if isinstance(high, int | float) else low)
    return None


def _first_price(sentence: Sentence, category: str) -> tuple[float, float] | None:
    spans = (_price_span(r) for r in sentence.records if r.category == category)
    return next((s for s in spans if s is not None), None)


def _span_text(span: tuple[float, float]) -> str:
    return f"{span[0]:g}" if span[0] == span[1] else f"{span[0]:g}-{span[1]:g}"


def _offer_pair_kind(old: Sentence, new: Sentence) -> tuple[str, str | None, str | None]:
    # A price moves up or down when either end of it does; both ends apart is a change.
    for category in ("price", "membership"):
        was = next(
            (s for r in old.records if r.category == category if (s := _price_span(r))), None
        )
        now = next(
            (s for r in new.records if r.category == category if (s := _price_span(r))), None
        )
        if was and now and was != now:
            if now[0] >= was[0] and now[1] >= was[1]:
                kind = "price_up"
            elif now[0] <= was[0] and now[1] <= was[1]:
                kind = "price_down"
            else:
                kind = "offer_changed"
            return kind, _span_text(was), _span_text(now)
    # A free offer that gets a price, or a price dropped for "free": one offer, changed.
    was_paid, now_paid = _first_price(old, "price"), _first_price(new, "price")
    was_free, now_free = "free_offer" in old.categories, "free_offer" in new.categories
    if was_free and not was_paid and now_paid and not now_free:
        return "offer_changed", "free", _span_text(now_paid)
    if was_paid and not was_free and now_free and not now_paid:
        return "offer_changed", _span_text(was_paid), "free"
    a = [n for r in old.records if r.category == "discount" for n in _numbers(r)]
    b = [n for r in new.records if r.category == "discount" for n in _numbers(r)]
    if a != b:
        return "discount_changed", _joined(a), _joined(b)
    for name, kind in OFFER_FIELDS:
        was_value, now_value = _field_text(old, name), _field_text(new, name)
        if was_value != now_value and (was_value or now_value):
            return kind, was_value, now_value
    a = [n for r in old.records for n in _numbers(r)]
    b = [n for r in new.records for n in _numbers(r)]
    if a != b:
        return "offer_changed", _joined(a), _joined(b)
    # Terms stated in figures no field holds ("12 months at 0%" -> "18 months at 0%").
    was_figures, now_figures = FIGURES.findall(old.evidence), FIGURES.findall(new.evidence)
    if was_figures != now_figures:
        return "offer_changed", " ".join(was_figures), " ".join(now_figures)
    return "offer_reworded", None, None


def _field_text(sentence: Sentence, name: str) -> str | None:
    """One offer field of a sentence as text ("infusion"; lists joined: "first_responders,
    veterans"), or None when no record states it."""
    values: list[str] = []
    for record in sentence.records:
        value = record.values.get(name)
        if isinstance(value, list):
            values.extend(str(v) for v in value)
        elif value not in (None, ""):
            values.append(str(value))
    return ", ".join(sorted(set(values))) or None


def _single_kinds(stream: str, categories: list[str], added: bool) -> list[tuple[str, list[str]]]:
    """The changes an added or removed sentence makes, each with its categories: its claims as
    one, and each qualifier (hedge, disclosure) as its own, so a side-effect disclosure taken
    down is `disclosure_removed` even where the sentence also claims something. A qualifier's
    companions (a side-effect list naming what a session feels like) stay with it."""
    verb = "added" if added else "removed"
    if stream != "claim":
        return [(f"{stream}_{verb}", categories)]
    qualifiers = [c for c in categories if c in QUALIFIER_CATEGORIES]
    claims = [c for c in categories if c not in QUALIFIER_CATEGORIES]
    if not qualifiers:
        return [(f"claim_{verb}", categories)]
    if all(c in QUALIFIER_COMPANIONS for c in claims):
        if len(qualifiers) == 1:
            return [(f"{qualifiers[0]}_{verb}", categories)]
        claims = []
    rows = [(f"claim_{verb}", claims)] if claims else []
    return rows + [(f"{q}_{verb}", [q]) for q in qualifiers]


def _absorbed(
    kind: str,
    old: Sentence,
    fresh: Sentence,
    gone: list[Sentence],
    new: list[Sentence],
    handled: set[int],
) -> list[Sentence]:
    """Sentences right beside a reworded one that belong to its edit: a gone one that said
    nothing the old wording did not ("No." before "ketamine is not addictive"), and, when the
    claim was weakened, a new hedge or disclosure put up beside it ("Ketamine can be misused,
    so ..." before "the risk is low"); when strengthened, such a qualifier taken down."""

    def beside(a: Sentence, b: Sentence) -> bool:
        return a.page_id == b.page_id and (0 <= a.start - b.end <= 2 or 0 <= b.start - a.end <= 2)

    def qualifies(s: Sentence) -> bool:
        return bool(s.categories) and set(s.categories) <= QUALIFIER_CATEGORIES

    found = [
        g for g in gone
        if id(g) not in handled and g is not old and beside(g, old)
        and (set(g.categories) <= set(old.categories)
             or (kind == "claim_strengthened" and qualifies(g)))
    ]  # fmt: skip
    if kind == "claim_weakened":
        found += [n for n in new if beside(n, fresh) and qualifies(n)]
    return found


def _unexplained(
    moved: list[tuple[str, list[str]]],
    old: Sentence,
    fresh: Sentence,
    before: dict[str, Sentence],
    now: dict[str, Sentence],
) -> list[tuple[str, list[str]]]:
    """The moves of a split or joined sentence that its other part does not explain: a claim a
    joined sentence gained was in the sentence joined to it, one a cut sentence lost stands in
    the part cut off."""
    kept = []
    for kind, categories in moved:
        others = before if kind.endswith("_added") else now
        inside = fresh if kind.endswith("_added") else old
        carried = {
            c for k, s in others.items()
            if k not in (old.key, fresh.key) and s.page_id == inside.page_id
            and k.rstrip(" .!?") in inside.key
            for c in s.categories
        }  # fmt: skip
        if not set(categories) <= carried:
            kept.append((kind, categories))
    return kept


def _category_moves(stream: str, old: Sentence, new: Sentence) -> list[tuple[str, list[str]]]:
    """The claims and qualifiers a reworded sentence lost or gained, as removed and added
    changes. A qualifier counts whenever it comes or goes; a claim only when a clause came or
    went with it (the sentence grew or shrank by a quarter), as a rewording of the same length
    that reads as one more or one fewer claim is the extractor's reading, not an edit.
    Companions of a qualifier that stays are no claim of their own."""
    if stream != "claim":
        return []
    was, now = set(old.categories), set(new.categories)
    kept_qualifier = bool(was & now & QUALIFIER_CATEGORIES)
    old_words, new_words = len(old.key.split()), len(new.key.split())
    clause_moved = abs(new_words - old_words) >= CLAUSE_SHARE * max(old_words, new_words)
    moves = []
    for categories, added in ((sorted(was - now), False), (sorted(now - was), True)):
        if kept_qualifier:
            categories = [c for c in categories if c not in QUALIFIER_COMPANIONS]
        if not clause_moved:
            categories = [c for c in categories if c in QUALIFIER_CATEGORIES]
        if categories:
            moves.extend(_single_kinds(stream, categories, added))
    return moves


def _ended_on(stream: str, sentence: Sentence, as_of: date | None) -> date | None:
    """The end date an offer taken down had stated, when it had passed: the offer expired,
    it was not withdrawn."""
    if stream == "offer" and as_of is not None:
        stated = [r.values.get("expiry") for r in sentence.records]
        # A discount whose own words carry the deadline ("book by April 30, 2026 and save")
        # states its end too, though no urgency row holds it.
        for ends in [*stated, offer_end_text(sentence.evidence)]:
            when = offer_end_date(str(ends), as_of) if ends else None
            if when is not None and when < as_of:
                return when
    return None


def _merge_adjacent(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences added or taken down side by side on one page (a paragraph, a promotion with
    its terms) are one change."""
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


def _drop_explained_rewordings(changes: list[Change]) -> list[Change]:
    """One edit, one row. A sentence whose number changed also "rewords" its other claims:
    report the number. A sentence edited as an offer (a price, a plan dropped) also adds,
    removes or rewords the claims it carries: the offer's row stands for the edit and names
    their categories too."""
    explained = {
        (c.before_evidence, c.after_evidence)
        for c in changes
        if c.before_evidence and c.after_evidence and not c.kind.endswith("_reworded")
    }
    kept = [
        c for c in changes
        if not (c.kind.endswith("_reworded") and (c.before_evidence, c.after_evidence) in explained)
    ]  # fmt: skip
    offers = [c for c in kept if c.stream == "offer"]
    by_sentence = {e: c for c in offers for e in (c.before_evidence, c.after_evidence) if e}
    result = []
    for change in kept:
        offer = next(
            (by_sentence[e] for e in (change.before_evidence, change.after_evidence)
             if e and e in by_sentence),
            None,
        ) if change.stream == "claim" else None  # fmt: skip
        if offer is None:
            result.append(change)
        else:
            offer.categories = sorted(set(offer.categories) | set(change.categories))
    return result
