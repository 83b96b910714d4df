"""Claims: what a sentence asserts, with its numbers, hedges, sources and risk flags."""

import re
from dataclasses import dataclass, field
from typing import Any

from flows.segment import Segment
from flows.vocabulary import Rule, Vocabulary

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "a": 1, "a few": 3, "several": 3, "few": 3,
}  # fmt: skip
NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|a)"
PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent)", re.I)
FRACTION = re.compile(
    rf"\b{NUM} (?:out of|in|of every) (\d+|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)
SHARE_WORDS = {"half": 50.0, "two thirds": 66.7, "three quarters": 75.0, "a third": 33.3,
               "one third": 33.3, "majority": 50.0}  # fmt: skip
SHARE = re.compile(r"\b(half|two[- ]thirds|three[- ]quarters|a third|one-third|majority)\b", re.I)
ONSET = re.compile(
    rf"\b(?:within|in|after)\s+(?:as little as |just |only |the first )?{NUM}?\s*"
    r"(minutes?|hours?|days?|weeks?|infusions?|sessions?|treatments?|doses?)\b",
    re.I,
)
DURATION = re.compile(
    rf"\b(?:last\w*|for|up to)\s+(?:for |up to )?{NUM}?\s*(days?|weeks?|months?|years?)\b", re.I
)
HEDGE_WORDS = re.compile(
    r"\b(?:may|might|can|could|often|many|some|most|typically|usually|generally|potentially|"
    r"possibly|in some cases|for some|a number of|tend to)\b",
    re.I,
)
SOURCES = re.compile(
    r"\b(yale|harvard|stanford|johns hopkins|mayo clinic|nih|national institutes? of \w+|columbia|"
    r"oxford|cambridge|ucla|mount sinai|cleveland clinic|massachusetts general|nimh|jama|lancet|"
    r"new england journal of medicine|american journal of psychiatry)\b",
    re.I,
)
RESEARCH = re.compile(
    r"\b(stud(?:y|ies)|research|trials?|journal|meta-analysis|published|data)\b", re.I
)
POPULATION = re.compile(
    r"\b(?:patients|participants|people|individuals|adults|veterans|subjects|clients)\b"
    r".{0,40}\b(?:with|who|suffering|diagnosed)\b",
    re.I,
)
MODALITIES = {
    "iv": re.compile(r"\bIV\b|\bintravenous\w*|\binfusions?\b", re.I),
    "im": re.compile(r"\bIM\b|\bintramuscular\b|\binjections?\b"),
    "oral": re.compile(r"\boral\b|\blozenges?\b|\btroches?\b|\bsublingual\b|\btablets?\b", re.I),
    "nasal": re.compile(r"\b(?:intra)?nasal\b", re.I),
    "esketamine": re.compile(r"\besketamine\b|\bspravato\b", re.I),
    "kap": re.compile(
        r"\bketamine[- ]assisted (?:psycho)?therapy\b|\bKAP\b|\bpsychotherapy\b", re.I
    ),
    "telehealth": re.compile(r"\btele(?:health|medicine)\b|\bat[- ]home\b|\bvirtual\b", re.I),
}
BOARD_NAMED = re.compile(
    r"\bamerican board of\b|\bABPN\b|\bABA\b|\bAOBNMM\b|\bamerican osteopathic board\b|"
    r"\bnational board\b|\bboard certified (?:by|through) the\b",
    re.I,
)
FDA_APPROVED = re.compile(r"\bFDA[- ]approved\b|\bapproved by the FDA\b|\bFDA approv", re.I)
PSYCH_USE = re.compile(
    r"\bdepress|\banxi|\bPTSD\b|\bpain\b|\bmental|\bpsychiatr|\bmood|\bOCD\b|\bsuicid", re.I
)
FDA_CORRECT = re.compile(
    r"\banesthe|\bspravato\b|\besketamine\b|\boff[- ]label\b|\bnot (?:been )?(?:FDA[- ])?approved",
    re.I,
)
SPRAVATO_CONFLATION = re.compile(r"\bketamine (?:infusions?|IV|therapy)\b", re.I)
AT_HOME_SAFETY = re.compile(r"\bsafe\w*|\bcomfortable\b|\beasy\b|\bconvenient\b", re.I)
SIDE_EFFECT_MINIMISING = re.compile(
    r"\b(?:no|minimal|few|without|zero|little)\b[^.]{0,20}\bside[- ]effects?|"
    r"\bside[- ]effects? (?:are|is) (?:rare|minimal|mild|uncommon)",
    re.I,
)


@dataclass
class Claim:
    category: str
    start: int
    end: int
    zone: str
    evidence: str
    matched: str
    condition: str | None = None
    modalities: list[str] = field(default_factory=list)
    quantities: dict[str, Any] = field(default_factory=dict)
    hedged: bool = False
    qualifier: str | None = None
    source: str | None = None
    flags: list[dict[str, str]] = field(default_factory=list)
    board_named: bool | None = None
    confidence: float = 0.8


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    lowered = text.lower()
    if lowered in NUMBER_WORDS:
        return float(NUMBER_WORDS[lowered])
    try:
        return float(lowered)
    except ValueError:
        return None


def quantities(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if m := PERCENT.search(text):
        found["percent"] = float(m[1])
    if m := FRACTION.search(text):
        num, den = _number(m[1]), _number(m[2])
        if num is not None and den:
            found["fraction"] = [num, den]
    if "percent" not in found and (m := SHARE.search(text)):
        found["share_percent"] = SHARE_WORDS[m[1].lower().replace("-", " ")]
    if m := ONSET.search(text):
        found["onset"] = {"value": _number(m[1]) or 1.0, "unit": m[2].lower().rstrip("s")}
    if m := DURATION.search(text):
        found["duration"] = {"value": _number(m[1]), "unit": m[2].lower().rstrip("s")}
    return found


def _source(text: str) -> str | None:
    if m := SOURCES.search(text):
        return m[1]
    if m := RESEARCH.search(text):
        return m[1].lower()
    return None


def _flag(vocab: Vocabulary, name: str) -> dict[str, str]:
    return {"flag": name, "rule": vocab.risk_rules[name]}


def _extra_flags(category: str, text: str) -> list[str]:
    names: list[str] = []
    if category == "fda_status" and FDA_APPROVED.search(text):
        if PSYCH_USE.search(text) and not FDA_CORRECT.search(text):
            names.append("fda_status_misstatement")
        if re.search(r"\bspravato\b", text, re.I) and SPRAVATO_CONFLATION.search(text):
            names.append("spravato_conflation")
    if category == "safety" and SIDE_EFFECT_MINIMISING.search(text):
        names.append("side_effect_minimisation")
    if category == "at_home" and AT_HOME_SAFETY.search(text):
        names.append("at_home_safety_framing")
    return names


def extract_claims(segment: Segment, vocab: Vocabulary) -> list[Claim]:
    text = segment.text
    question = segment.is_question
    claims: list[Claim] = []
    hedge_rule = next(r for r in vocab.claims if r.name == "hedge")
    hedge_match = hedge_rule.first_match(text, question) or HEDGE_WORDS.search(text)
    qualifier = hedge_match[0] if hedge_match else None
    modalities = [name for name, pattern in MODALITIES.items() if pattern.search(text)]

    def make(category: str, match: re.Match[str], **extra: Any) -> Claim:
        return Claim(
            category=category,
            start=segment.start,
            end=segment.end,
            zone=segment.zone,
            evidence=text,
            matched=match[0],
            modalities=modalities,
            hedged=qualifier is not None and category not in ("hedge", "disclosure"),
            qualifier=qualifier,
            **extra,
        )

    claims.extend(_conditions(segment, vocab, make))
    fired = {}
    for rule in vocab.claims:
        match = rule.first_match(text, question)
        if match:
            fired[rule.name] = (rule, match)
    # A number makes an efficacy claim a statistic; one label per sentence.
    if {"efficacy_statistic", "onset", "durability"} & set(fired):
        fired.pop("efficacy", None)
    for name, (rule, match) in fired.items():
        claim = make(name, match)
        if name in ("efficacy_statistic", "onset", "durability"):
            claim.quantities = quantities(text)
        if name in ("efficacy_statistic", "efficacy", "authority"):
            claim.source = _source(text)
        if name == "credentials":
            claim.board_named = bool(BOARD_NAMED.search(text))
        flag_names = list(rule.flags)
        if name == "efficacy_statistic" and (claim.source or POPULATION.search(text)):
            flag_names = [f for f in flag_names if f != "unqualified_efficacy_statistic"]
        if name == "safety" and ("hedge" in fired or "disclosure" in fired):
            flag_names = [f for f in flag_names if f != "unqualified_safety"]
        if (
            name == "credentials"
            and re.search(r"board[- ]certifi", text, re.I)
            and not claim.board_named
        ):
            flag_names.append("board_unnamed")
        flag_names += _extra_flags(name, text)
        claim.flags = [_flag(vocab, f) for f in dict.fromkeys(flag_names)]
        if match[0].lower() in ("safe", "gentle", "trip", "receptors", "university", "forever"):
            claim.confidence = 0.6
        claims.append(claim)
    return claims


def _conditions(segment: Segment, vocab: Vocabulary, make: Any) -> list[Claim]:
    if any(p.search(segment.text) for p in vocab.not_advertised):
        return []
    hits: dict[str, re.Match[str]] = {}
    for rule in vocab.conditions:
        match = rule.first_match(segment.text, is_question=False)
        if match:
            hits[rule.name] = match
    # "treatment-resistant depression" names one condition, not two.
    for rule in vocab.conditions:
        if rule.name in hits:
            for specific in rule.extra.get("overrides", []):
                specific_rule = next(r for r in vocab.conditions if r.name == specific)
                if specific in hits and _inside(hits[rule.name], specific_rule, segment.text):
                    hits.pop(rule.name)
                    break
    claims = []
    for name, match in hits.items():
        evidence = next(r for r in vocab.conditions if r.name == name).extra.get("evidence")
        claim = make("condition", match, condition=name)
        claim.hedged = False
        if evidence == "limited":
            claim.flags = [_flag(vocab, "indication_beyond_evidence")]
        claims.append(claim)
    return claims


def _inside(generic: re.Match[str], specific: Rule, text: str) -> bool:
    """Whether every mention of the generic condition sits within a mention of the specific
    one (a few words of slack: "treatment-resistant forms of depression")."""
    wide = [(m.start(), m.end()) for p in specific.patterns for m in p.finditer(text)]
    spans = [(m.start(), m.end()) for m in generic.re.finditer(text)]
    return all(any(s0 - 15 <= a and b <= s1 + 15 for s0, s1 in wide) for a, b in spans)
