"""Claims: what a sentence asserts, with its numbers, hedges, sources and risk flags."""

import re
from dataclasses import dataclass, field
from typing import Any

from flows.extraction.segment import Segment
from flows.extraction.vocabulary import Rule, Vocabulary

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "a dozen": 12,
    "dozen": 12, "a": 1, "an": 1, "a few": 3, "several": 3, "few": 3,
}  # fmt: skip
NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty(?:-five)?|sixty|ninety|a dozen|dozen"
)
NUM = rf"(\d+(?:\.\d+)?|{NUMBER_WORD}|a few|several|an?)"
COUNT_NUM = rf"(\d+|{NUMBER_WORD})"
RANGE_SEP = r"\s?(?:-|\u2013|\u2014|to|or|and)\s?"
PERCENT_RANGE = re.compile(
    rf"(\d{{1,3}}(?:\.\d+)?)\s?(?:%|percent)?{RANGE_SEP}(\d{{1,3}}(?:\.\d+)?)\s?(?:%|percent)", re.I
)
PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent)", re.I)
# "a 50% drop in symptoms" names the endpoint; "by 50%" the size of a change.
ENDPOINT_AFTER = re.compile(
    r"^\s*(?:or (?:more|greater) )?(?:\w+ )?(?:reduction|drop|decrease|decline|improvement|"
    r"fall|cut|lower|fewer|less|better)\b"
    r"(?:\s+(?:in|of)\s+(?P<measure>[\w -]{3,40}?)"
    r"(?=[,.;]|$|\s(?:after|within|in|by|at|for)\b))?",
    re.I,
)
ENDPOINT_BEFORE = re.compile(
    r"\b(?:by|of at least|of|at least)\s+"
    r"(?:an average of |about |roughly |nearly |over |more than )?$",
    re.I,
)
# "reached by 30% of participants" is a share of people, not the size of a change.
SHARE_OF_PEOPLE = re.compile(
    r"^\s*of (?:the |our |all )?(?:\w+ )?(?:patients|participants|people|individuals|adults|"
    r"veterans|subjects|clients|women|men)\b",
    re.I,
)
BOUND_BEFORE = re.compile(
    r"\b(up to|as many as|as high as|more than|over|at least|nearly|almost|about|roughly|"
    r"approximately|around|close to|as few as|as low as)\s*$",
    re.I,
)
FRACTION = re.compile(
    rf"\b{COUNT_NUM} (?:out of|in|of every|of(?: the)?) "
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.I,
)
SHARE_WORDS = {"half": 50.0, "two thirds": 66.7, "three quarters": 75.0, "a third": 33.3,
               "one third": 33.3, "majority": 50.0, "a quarter": 25.0, "one quarter": 25.0,
               "most": 50.0, "nearly all": 90.0, "almost all": 90.0,
               "the vast majority": 75.0}  # fmt: skip
SHARE = re.compile(
    r"\b(?P<bound>more than |over |nearly |almost |about |roughly |around |well over |close to )?"
    r"(?P<share>half|two[- ]thirds|three[- ]quarters|a third|one[- ]third|a quarter|one[- ]quarter|"
    r"the vast majority|majority|nearly all|almost all)\b",
    re.I,
)
POPULATION_N = re.compile(
    r"\b(?:of|among|in|from|with|including|enrolled)\s+(?:the\s+)?"
    r"(?:nearly |about |over |more than )?"
    r"(\d[\d,]*|a dozen|dozens of|hundreds of|thousands of)\s+"
    r"((?:[\w-]+\s){0,3}?(?:patients|participants|people|individuals|adults|veterans|subjects|"
    r"clients|women|men|service members|teens|adolescents|members|volunteers))\b"
    r"|\b(\d[\d,]*)\s+(?!percent\b)((?:[\w-]+\s){0,2}?(?:patients|participants|people|"
    r"individuals|adults|"
    r"veterans|subjects|clients|women|men|volunteers))\s+(?:with|who|suffering|diagnosed|enrolled|"
    r"in the|took part)\b",
    re.I,
)
ONSET = re.compile(
    r"\b(?:within|in|after)\s+(?:as little as |just |only |the first |about |roughly |under )?"
    rf"{NUM}?"
    rf"(?:{RANGE_SEP}(\d+|{NUMBER_WORD}))?\s*"
    r"(minutes?|hours?|days?|weeks?|infusions?|sessions?|treatments?|doses?)\b",
    re.I,
)
DURATION = re.compile(
    r"\b(?:last\w*|for|up to|persist\w*|remain\w*)\s+"
    rf"(?:for |up to |about |roughly |several |many )?{NUM}?"
    rf"(?:{RANGE_SEP}(\d+|{NUMBER_WORD}))?\s*(days?|weeks?|months?|years?)\b",
    re.I,
)
SESSIONS = re.compile(
    rf"\b{COUNT_NUM}(?:{RANGE_SEP}{COUNT_NUM})? (?:\w+ )?"
    r"(?:infusions|sessions|treatments|injections|"
    r"doses|visits|appointments)\b|\b(?:series|course|round|set) of "
    rf"{COUNT_NUM}(?:{RANGE_SEP}{COUNT_NUM})?\b",
    re.I,
)
EVERY = re.compile(
    rf"\bevery (?:other )?{COUNT_NUM}?(?:{RANGE_SEP}{COUNT_NUM})?\s*(days?|weeks?|months?)\b"
    r"|\b(once|twice|two times|three times) (?:a|per|each|every) (day|week|month)\b",
    re.I,
)
SESSION_LENGTH = re.compile(
    rf"\b(\d+|{NUMBER_WORD}|an?|half an?)(?:{RANGE_SEP}(\d+|{NUMBER_WORD}))?"
    r"[- ]?(minutes?|mins?|hours?)\b",
    re.I,
)
DOSE = re.compile(
    r"\b(\d+(?:\.\d+)?)(?:\s?(?:-|\u2013|to)\s?(\d+(?:\.\d+)?))?\s?(mg|milligrams?)"
    r"(\s?(?:/|per)\s?(?:kg|kilogram))?\b",
    re.I,
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
FDA_NEGATED = re.compile(
    r"\b(?:not|no|never|n't|without|yet to|lack\w*|isn't|aren't|hasn't|haven't|nor)\b.{0,40}"
    r"\b(?:FDA|approv\w*)|\b(?:FDA|approv\w*)\b.{0,30}\b(?:not|no|never|isn't|hasn't|yet)\b|"
    r"\bnew (?:FDA )?approval\b|\bfund (?:the )?(?:trials?|studies)\b|\bgeneric\b|\bcompound\w*",
    re.I,
)
CITATION = re.compile(
    r"\bet al\b|\((?:19|20)\d{2}\)|\b(?:19|20)\d{2} (?:study|trial|review|meta-analysis)\b|"
    r"\bpublished in\b|\bjournal of\b|\bdoi\b|\bpubmed\b",
    re.I,
)
NAMED_SIDE_EFFECT = re.compile(
    r"\bnause\w*|\bqueasy\b|\bdizz\w*|\bheadaches?\b|\bblood pressure\b|\bheart rate\b|"
    r"\bdrows\w*|\bvomit\w*|\bblurr\w*|\bconfusion\b|\bfatigue\b|\btired\w*|\bdissociat\w*|"
    r"\bdisorient\w*|\bbladder\b|\bhallucinat\w*|\bagitation\b|\bgroggy\b|\blightheaded\w*",
    re.I,
)
LISTED_CONDITIONS = 3
# How far around a number or a name its qualifiers are looked for; also keeps long lines linear.
LOOK_BACK = 80
GENERIC_NAMED = re.compile(r"\bchronic\b|\bdepress\w*|\bMDD\b|\bsubstance\b|\bSUD\b", re.I)
SIDE_EFFECTS_LISTED = re.compile(
    r"\bside[- ]effects?\b|\badverse (?:effects|reactions|events)\b", re.I
)
AT_HOME_INSTRUCTION = re.compile(
    r"^\W*(?:plan|set up|create|make|choose|find|prepare|arrange|have)\b", re.I
)
# A statistic, onset or durability claim is also an efficacy claim when the sentence says in
# words that the treatment brings an outcome ("70% feel relief", "results in as little as 24
# hours", "the relief holds for months"); "acts within hours" or a bare response rate is not.
OUTCOME_WORDS = re.compile(
    r"\beffective|\befficacy\b|\bworks?\b|\bworked\b|\bhelp(?:s|ed|ful)?\b|\bproven\b|"
    r"\bsuccess\w*|\bpromising\b|\brelief\b|\bimprov\w*|\bbenefits?\b|\bresults?\b|"
    r"\brespond\w* (?:positively|well)\b|\breduc\w+|\blives back\b|\breliev\w+|\balleviat\w+|"
    r"\bantidepressant effects?\b|"
    r"\bfeel(?:s|ing)? (?:better|lighter|a lift|like (?:my|them|your)sel\w+)|"
    r"\b(?:drop|drops|dropped|fell|fall|falls|cut|cuts|eased?|eases|lift(?:s|ed)?|lighter)\b|"
    r"\bgains\b|\bstay(?:s|ed)? well\b|\brecover\w*|\bmanageable\b|\bless pain\b|\bat bay\b|"
    r"\bstopped\b|\bhope\b",
    re.I,
)
# A sentence that qualifies, states risks or plays side effects down is not also read as saying
# that the treatment works ("results vary; some feel better within hours").
NO_EFFICACY_WITH = frozenset({"hedge", "side_effect_minimisation", "disclosure"})
# Persuasive categories a modal or qualifier can soften.
HEDGEABLE = frozenset(
    {"efficacy", "efficacy_statistic", "onset", "durability", "cure", "safety", "addiction",
     "comparative", "mechanism", "experience", "side_effect_minimisation"}
)  # fmt: skip
SPRAVATO_CONFLATION = re.compile(r"\bketamine (?:infusions?|IV|therapy)\b", re.I)
AT_HOME_SAFETY = re.compile(r"\bsafe\w*|\bcomfortable\b|\beasy\b|\bconvenient\b", re.I)


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
    # The question or heading that decided the row, when the sentence alone does not.
    context: str | None = None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    lowered = text.lower().replace(",", "")
    if lowered in NUMBER_WORDS:
        return float(NUMBER_WORDS[lowered])
    try:
        return float(lowered)
    except ValueError:
        return None


def _span(low: str | None, high: str | None, unit: str) -> dict[str, Any]:
    """A stated amount of time or count: one value, or min and max for a range."""
    found: dict[str, Any] = {"unit": unit.lower().rstrip("s")}
    first, second = _number(low), _number(high)
    if second is not None:
        found["min"], found["max"] = first if first is not None else 1.0, second
    else:
        found["value"] = first if first is not None else 1.0
    return found


def quantities(text: str) -> dict[str, Any]:
    """The numbers of an efficacy, onset or durability claim: the share who respond (one value or
    min/max), the endpoint it is measured on, the population and how fast or long."""
    found: dict[str, Any] = {}
    endpoint_spans: list[tuple[int, int]] = []
    for hit in PERCENT.finditer(text):
        ahead = text[hit.end() : hit.end() + LOOK_BACK]
        after = ENDPOINT_AFTER.match(ahead)
        of_people = SHARE_OF_PEOPLE.match(ahead)
        if after or (
            ENDPOINT_BEFORE.search(text[max(0, hit.start() - LOOK_BACK) : hit.start()])
            and not of_people
        ):
            if "endpoint" not in found:
                found["endpoint"] = {"percent": float(hit[1])}
                if after and after["measure"]:
                    found["endpoint"]["measure"] = after["measure"].strip().lower()
            endpoint_spans.append(hit.span())
    ranged = next(
        (
            m
            for m in PERCENT_RANGE.finditer(text)
            if (m.end() - len(m[0]), m.end()) not in endpoint_spans
        ),
        None,
    )
    if ranged:
        found["percent_min"], found["percent_max"] = float(ranged[1]), float(ranged[2])
        found["percent"] = float(ranged[2])
    else:
        for hit in PERCENT.finditer(text):
            if hit.span() in endpoint_spans:
                continue
            found["percent"] = float(hit[1])
            if b := BOUND_BEFORE.search(text[max(0, hit.start() - LOOK_BACK) : hit.start()]):
                found["bound"] = b[1].lower()
            break
    if m := FRACTION.search(text):
        num, den = _number(m[1]), _number(m[2])
        if num is not None and den:
            found["fraction"] = [num, den]
    if "percent" not in found and (m := SHARE.search(text)):
        found["share_percent"] = SHARE_WORDS[m["share"].lower().replace("-", " ")]
        if m["bound"]:
            found["bound"] = m["bound"].strip().lower()
    if m := POPULATION_N.search(text):
        count, group = (m[1], m[2]) if m[1] else (m[3], m[4])
        n = _number(count)
        found["population"] = {"group": " ".join(group.lower().split())}
        if n is not None:
            found["population"]["n"] = n
    if m := ONSET.search(text):
        found["onset"] = _span(m[1], m[2], m[3])
    if m := DURATION.search(text):
        found["duration"] = _span(m[1], m[2], m[3])
    return found


def protocol_quantities(text: str) -> dict[str, Any]:
    """A protocol's numbers: sessions in a series, how often, how long each, the dose."""
    found: dict[str, Any] = {}
    if m := SESSIONS.search(text):
        low, high = (m[1], m[2]) if m[1] else (m[3], m[4])
        found["sessions"] = _span(low, high, "session")
        found["sessions"].pop("unit")
    if m := EVERY.search(text):
        if m[3]:
            found["every"] = _span(m[1], m[2], m[3])
        else:
            times = {"once": 1, "twice": 2, "two times": 2, "three times": 3}[m[4].lower()]
            found["per"] = {"times": times, "unit": m[5].lower()}
    if m := SESSION_LENGTH.search(text):
        low = "0.5" if m[1].lower().startswith("half") else m[1]
        found["length"] = _span(low, m[2], "hour" if m[3].lower().startswith("h") else "minute")
    if m := DURATION.search(text):
        found["over"] = _span(m[1], m[2], m[3])
    if m := DOSE.search(text):
        dose: dict[str, Any] = {"unit": "mg/kg" if m[4] else "mg"}
        if m[2]:
            dose["min"], dose["max"] = float(m[1]), float(m[2])
        else:
            dose["value"] = float(m[1])
        found["dose"] = dose
    return found


def _source(text: str) -> str | None:
    if m := SOURCES.search(text):
        return m[1]
    if m := RESEARCH.search(text):
        return m[1].lower()
    return None


def _substantiated(text: str) -> bool:
    """Whether a statistic names what backs it: a named institution or journal, a citation, or a
    counted population. "Studies show" alone does not (FTC: the study itself is the evidence)."""
    return bool(SOURCES.search(text) or CITATION.search(text) or POPULATION_N.search(text))


def _flag(vocab: Vocabulary, name: str) -> dict[str, str]:
    return {"flag": name, "rule": vocab.risk_rules[name]}


def _fda_misstated(text: str) -> bool:
    """Approval asserted for a psychiatric or pain use of ketamine itself. Statements of the
    anesthetic approval, of off-label or compounded use, of Spravato's approval and of why no
    approval exists are correct and are not flagged."""
    if not FDA_APPROVED.search(text) or not PSYCH_USE.search(text):
        return False
    return not (FDA_CORRECT.search(text) or FDA_NEGATED.search(text))


def _extra_flags(category: str, text: str) -> list[str]:
    names: list[str] = []
    if category == "fda_status" and FDA_APPROVED.search(text):
        if _fda_misstated(text):
            names.append("fda_status_misstatement")
        if re.search(r"\bspravato\b", text, re.I) and SPRAVATO_CONFLATION.search(text):
            names.append("spravato_conflation")
    if (
        category == "at_home"
        and AT_HOME_SAFETY.search(text)
        and not AT_HOME_INSTRUCTION.search(text)
    ):
        names.append("at_home_safety_framing")
    return names


# Categories an instruction ("plan a safe ride home"), a hypothetical ("to see whether it is
# safe for you") or a preparation section cannot carry.
PERSUASIVE = ("safety", "efficacy", "onset", "cure", "durability", "efficacy_statistic")
# What a side-effects list is about: not the experience it names, nor a condition or an onset.
NOT_IN_SIDE_EFFECTS = ("experience", "onset", "efficacy", "durability", "safety")


def _faq_claims(segment: Segment, vocab: Vocabulary) -> dict[str, str]:
    """Claims an answer makes through its question: {category: the answer words that decide}."""
    ctx = vocab.context
    if not segment.opens_answer:
        return {}
    found: dict[str, str] = {}
    text = segment.text
    polarity, words = ctx.answer_polarity(text) or ("", "")
    for topic in ctx.faq_topics:
        if not topic.question.search(segment.question):
            continue
        if topic.negative and polarity == "negative":
            found.setdefault(topic.negative, words)
        if topic.positive and polarity == "positive":
            found.setdefault(topic.positive, words)
        if topic.any and (topic.answer_needs is None or topic.answer_needs.search(text)):
            found.setdefault(topic.any, text[:40])
    return found


def extract_claims(segment: Segment, vocab: Vocabulary) -> list[Claim]:
    text = segment.text
    question = segment.is_question
    ctx = vocab.context
    sense = ctx.heading_sense(segment.heading)
    claims: list[Claim] = []
    hedge_rule = vocab.claim_rule("hedge")
    hedge_match = hedge_rule.first_match(text, question) or HEDGE_WORDS.search(text)
    qualifier = hedge_match[0] if hedge_match else None
    modalities = [name for name, pattern in MODALITIES.items() if pattern.search(text)]

    def make(category: str, matched: str, **extra: Any) -> Claim:
        return Claim(
            category=category,
            start=segment.start,
            end=segment.end,
            zone=segment.zone,
            evidence=text,
            matched=matched,
            modalities=modalities,
            hedged=qualifier is not None and category in HEDGEABLE,
            qualifier=qualifier,
            **extra,
        )

    fired: dict[str, tuple[Rule | None, str]] = {}
    for rule in vocab.claims:
        match = rule.first_match(text, question)
        if match:
            fired[rule.name] = (rule, match[0])
    from_context: set[str] = set()
    from_heading: set[str] = set()
    for category, words in _faq_claims(segment, vocab).items():
        if category not in fired:
            fired[category] = (vocab.claim_rule(category), words)
            from_context.add(category)
    instructed = bool(ctx.instructions and ctx.instructions.search(text))
    hypothetical = bool(ctx.hypotheticals and ctx.hypotheticals.search(text))
    if instructed or hypothetical or sense == "preparation":
        for name in PERSUASIVE:
            fired.pop(name, None)
    if hypothetical and "eligibility" not in fired:
        fired["eligibility"] = (vocab.claim_rule("eligibility"), text[:40])
    if sense == "side_effects" or ("disclosure" in fired and SIDE_EFFECTS_LISTED.search(text)):
        for name in NOT_IN_SIDE_EFFECTS:
            fired.pop(name, None)
        # A dose or a session length stated beside the side effects is still a protocol.
        if "protocol" in fired and not protocol_quantities(text):
            fired.pop("protocol")
        if sense == "side_effects" and segment.kind == "list_item" and not fired:
            fired["disclosure"] = (vocab.claim_rule("disclosure"), text)
            from_heading.add("disclosure")
    # Under "Who should not have ketamine" a list item is an exclusion whatever it names; a
    # sentence of prose there ("Ketamine is one of the most promising treatments") still says
    # what it says, and is an exclusion only when it says nothing else.
    exclusion_item = segment.kind in ("list_item", "table_row") or not fired
    if sense == "exclusion" and exclusion_item:
        for name in ("safety", "disclosure", "experience", "efficacy"):
            fired.pop(name, None)
        if segment.kind in ("list_item", "sentence", "answer", "table_row") and (
            "eligibility" not in fired
        ):
            fired["eligibility"] = (vocab.claim_rule("eligibility"), text[:40])
            from_heading.add("eligibility")
    listed = segment.kind in ("list_item", "table_row", "sentence", "answer")
    if sense == "candidates" and listed and "eligibility" not in fired:
        fired["eligibility"] = (vocab.claim_rule("eligibility"), text[:40])
        from_heading.add("eligibility")
    # "Side effects are mild and pass quickly" only plays them down; "mild nausea may occur"
    # also names one, so it discloses as well.
    if "side_effect_minimisation" in fired and not NAMED_SIDE_EFFECT.search(text):
        fired.pop("disclosure", None)
    claims.extend(_conditions(segment, vocab, make, sense))
    numbered = {"efficacy_statistic", "onset", "durability"} & set(fired)
    outcome = OUTCOME_WORDS.search(text)
    if numbered and "efficacy" in fired and not outcome:
        fired.pop("efficacy")
    elif numbered and outcome and "efficacy" not in fired and not (set(fired) & NO_EFFICACY_WITH):
        fired["efficacy"] = (vocab.claim_rule("efficacy"), outcome[0])
    for name, (fired_rule, matched) in fired.items():
        claim = make(name, matched)
        if name in from_context:
            claim.context = segment.question
        elif name in from_heading:
            claim.context = segment.heading
        if fired_rule is not None:
            claim.confidence = float(fired_rule.extra.get("confidence", claim.confidence))
        if name in ("efficacy_statistic", "onset", "durability"):
            claim.quantities = quantities(text)
        if name == "protocol":
            claim.quantities = protocol_quantities(text)
        if name in ("efficacy_statistic", "efficacy", "authority"):
            claim.source = _source(text)
        if name == "credentials":
            claim.board_named = bool(BOARD_NAMED.search(text))
        flag_names = list(fired_rule.flags) if fired_rule else []
        if name == "efficacy_statistic" and _substantiated(text):
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
        claims.append(claim)
    return claims


def _conditions(segment: Segment, vocab: Vocabulary, make: Any, sense: str | None) -> list[Claim]:
    text = segment.text
    if sense == "side_effects" or (
        sense == "exclusion"
        and not (segment.kind in ("sentence", "answer") and _strongly_tied(text, vocab))
    ):
        return []
    if any(p.search(text) for p in vocab.not_advertised):
        return []
    hits: dict[str, re.Match[str]] = {}
    for rule in vocab.conditions:
        match = rule.first_match(text, is_question=False)
        if match:
            hits[rule.name] = match
    if hits and not _claimed(segment, vocab, len(hits)):
        return []
    answered = _answered_conditions(segment, vocab, hits)
    hits.update(answered)
    if not hits:
        return []
    # "treatment-resistant depression" names one condition, not two.
    for rule in vocab.conditions:
        specifics = [r for r in vocab.conditions if r.name in rule.extra.get("overrides", [])]
        present = [r for r in specifics if r.name in hits]
        if (
            rule.name in hits
            and present
            and (
                _inside(hits[rule.name], present, text)
                or not GENERIC_NAMED.search(hits[rule.name][0])
            )
        ):
            # "CRPS patients report less pain": the pain is the CRPS, not a second condition;
            # only a named "chronic pain" or "depression" outside the specific names stands.
            hits.pop(rule.name)
    negations = vocab.context.condition_negations
    if negations is not None:
        # Kept when any mention is not denied ("we treat CRPS but not fibromyalgia").
        rules = {r.name: r for r in vocab.conditions}
        hits = {
            name: match
            for name, match in hits.items()
            if any(
                not negations.search(text[max(0, m.start() - LOOK_BACK) : m.start()])
                for m in rules[name].pattern.finditer(text)
            )
        }
    claims = []
    for name, match in hits.items():
        evidence = next(r for r in vocab.conditions if r.name == name).extra.get("evidence")
        claim = make("condition", match[0], condition=name)
        claim.hedged = False
        if name in answered:
            claim.context = segment.question
        claim.confidence = vocab.condition_confidence.get(
            "listed" if segment.kind in ("list_item", "heading", "table_row") else "stated",
            claim.confidence,
        )
        if evidence == "limited":
            claim.flags = [_flag(vocab, "indication_beyond_evidence")]
        claims.append(claim)
    return claims


def _answered_conditions(
    segment: Segment, vocab: Vocabulary, found: dict[str, re.Match[str]]
) -> dict[str, re.Match[str]]:
    """ "Do you treat anxiety?" / "Yes, ..." claims anxiety on the answer."""
    ctx = vocab.context
    question = segment.question
    if not segment.opens_answer or ctx.treat_questions is None:
        return {}
    polarity = ctx.answer_polarity(segment.text)
    if not ctx.treat_questions.search(question) or not polarity or polarity[0] != "positive":
        return {}
    hits = {}
    for rule in vocab.conditions:
        if rule.name not in found and (match := rule.first_match(question)):
            hits[rule.name] = match
    return hits


def _strongly_tied(text: str, vocab: Vocabulary) -> bool:
    ties = vocab.context.strong_ties
    return bool(ties and ties.search(text)) and not any(
        p.search(text) for p in vocab.not_advertised
    )


def _claimed(segment: Segment, vocab: Vocabulary, named: int) -> bool:
    """Whether a sentence naming a condition claims to treat it, or only mentions it (a fact
    about the disease, its statistics, another treatment, a feeling during the session)."""
    ctx = vocab.context
    text = segment.text
    if segment.is_question:
        return False  # "Is ketamine effective for depression?" asks; the answer claims
    polarity = ctx.answer_polarity(text) if segment.opens_answer else None
    treat_question = bool(ctx.treat_questions and ctx.treat_questions.search(segment.question))
    if polarity and polarity[0] == "negative" and treat_question:
        return False  # "Do you treat OCD?" / "Not at this time."
    if ctx.condition_never and ctx.condition_never.search(text):
        return False
    strong = bool(ctx.strong_ties and ctx.strong_ties.search(text))
    if ctx.condition_mentions and ctx.condition_mentions.search(text):
        return strong
    if segment.kind == "heading":
        # A bare condition name over facts ("Lyme disease") is a topic; under a heading about
        # what is treated, or tied to ketamine, it is a claim.
        weak = bool(ctx.weak_ties and ctx.weak_ties.search(text))
        # Short lines that each name a condition, one after another, are a list of what is
        # treated even without bullets ("Anxiety: generalized, social" / "PTSD" / "OCD").
        run = segment.heading.split(" / ")
        named_run = sum(any(rule.first_match(line) for rule in vocab.conditions) for line in run)
        return (
            strong
            or weak
            or named_run >= 2
            or vocab.context.heading_sense(segment.heading) == "conditions"
        )
    if segment.kind in ("list_item", "table_row"):
        return True
    if named >= LISTED_CONDITIONS:
        return True  # "Pain: chronic pain, fibromyalgia, CRPS, migraine": a list run into a line
    return strong or bool(ctx.weak_ties and ctx.weak_ties.search(text))


def _inside(generic: re.Match[str], specifics: list[Rule], text: str) -> bool:
    """Whether every mention of the generic condition sits within a mention of the specific
    one (a few words of slack after it; a mention before it, as in "severe depression,
    treatment-resistant depression", is a condition of its own)."""
    wide = [(m.start(), m.end()) for r in specifics for p in r.patterns for m in p.finditer(text)]
    spans = [(m.start(), m.end()) for m in generic.re.finditer(text)]
    return all(any(s0 <= a and b <= s1 + 15 for s0, s1 in wide) for a, b in spans)
