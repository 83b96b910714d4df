"""Claims: what a sentence asserts, with its numbers, hedges, sources and risk flags."""

import re
from dataclasses import dataclass, field
from typing import Any

from flows.extraction.conditions import condition_claims
from flows.extraction.flags import claim_source, extra_flags, flag, substantiated
from flows.extraction.numbers import protocol_quantities, quantities
from flows.extraction.prefilter import Candidates
from flows.extraction.segment import Segment
from flows.extraction.vocabulary import Rule, Vocabulary

HEDGE_WORDS = re.compile(
    r"\b(?:may|might|can|could|often|many|a lot of|lots of|some|most|typically|usually|"
    r"generally|potentially|possibly|in some cases|for some|a number of|tend to|appears? to be|"
    r"seems? to be)\b",
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
NAMED_SIDE_EFFECT = re.compile(
    r"\bnause\w*|\bqueasy\b|\bdizz\w*|\bheadaches?\b|\bblood pressure\b|\bheart rate\b|"
    r"\bdrows\w*|\bvomit\w*|\bblurr\w*|\bconfusion\b|\bfatigue\b|\btired\w*|\bdissociat\w*|"
    r"\bdisorient\w*|\bbladder\b|\bhallucinat\w*|\bagitation\b|\bgroggy\b|\blightheaded\w*",
    re.I,
)
SESSION_WORDS = re.compile(
    r"\b(?:infusions?|sessions?|series|boosters?|ketamine|esketamine|spravato|treatments?)\b", re.I
)
IF_SYMPTOM_THEN_TELL = re.compile(
    r"^\W*if you (?:feel|have|notice|experience|get)\b.{0,80}\b(?:let us know|call|tell|contact)\b",
    re.I,
)
RISK_WARNING = re.compile(
    r"\bwarn(?:s|ed|ing|ings)?\b|\b(?:can|may|could) cause\b|\bbecause it (?:can|may) cause\b", re.I
)
SETTING_CLAUSE = re.compile(
    r"^\W*(?:A:\s*)?(?:when|if|given|as long as|provided|administered|under)\b", re.I
)
SIDE_EFFECTS_LISTED = re.compile(
    r"\bside[- ]effects?\b|\badverse (?:effects|reactions|events)\b", re.I
)
# A statistic, onset or durability claim is also an efficacy claim when the sentence says in
# words that the treatment brings an outcome ("70% feel relief", "results in as little as 24
# hours", "the relief holds for months"); "acts within hours" or a bare response rate is not.
OUTCOME_WORDS = re.compile(
    r"\beffective|\befficacy\b|\bworks?\b|\bworked\b|\bhelp(?:s|ed|ful)?\b|\bproven\b|"
    r"\bsuccess\w*|\bpromising\b|\brelief\b|\bimprov\w*|\bbenefits?\b|\bresults?\b|"
    r"\brespond\w* (?:positively|well)\b|\breduc\w+|\blives back\b|\breliev\w+|\balleviat\w+|"
    r"\bantidepressant effects?\b|"
    r"\bfeel(?:s|ing)? (?:\w+ )?(?:better|lighter|a lift|like (?:my|them|your)sel\w+)|"
    r"\bfewer (?:\w+ ){0,2}(?:days|attacks|episodes|headaches|nightmares|flashbacks|symptoms)\b|"
    r"\b\d+[- ]points?\b|"
    r"\b(?:drop|drops|dropped|fell|fall|falls|cut|cuts|eased?|eases|lift(?:s|ed)?|lighter)\b|"
    r"\bgains\b|\bstay(?:s|ed)? well\b|\brecover\w*|\bmanageable\b|\bless pain\b|\bat bay\b|"
    r"\bstopped\b|\bhope\b|\b(?:pain|symptom)[- ]free\b|\bwent from\b.{0,40}\bto\b|"
    r"\bfelt (?:okay|ok|normal|human)\b|\bstill (?:be )?here\b|\bdoing well\b|\bwent back to\b",
    re.I,
)
# Categories that, said with an outcome word, also say the treatment works: a patient's story
# of recovery, a promise of relief.
OUTCOME_CARRIERS = frozenset({"efficacy_statistic", "onset", "durability", "testimonial", "cure"})
# A sentence that qualifies, states risks or plays side effects down is not also read as saying
# that the treatment works ("results vary; some feel better within hours").
NO_EFFICACY_WITH = frozenset({"side_effect_minimisation", "disclosure"})
# Persuasive categories a modal or qualifier can soften.
HEDGEABLE = frozenset(
    {"efficacy", "efficacy_statistic", "onset", "durability", "cure", "safety", "addiction",
     "comparative", "mechanism", "experience", "side_effect_minimisation"}
)  # fmt: skip

# What this module searches on every sentence, for the prefilter (extract.sentence_prefilter).
SENTENCE_PATTERNS = (
    HEDGE_WORDS, *MODALITIES.values(), SIDE_EFFECTS_LISTED, SETTING_CLAUSE, RISK_WARNING,
    IF_SYMPTOM_THEN_TELL, NAMED_SIDE_EFFECT, OUTCOME_WORDS, BOARD_NAMED,
)  # fmt: skip


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


# A sentence promising one of these about a named condition claims to treat it ("say goodbye
# to depression for good"), though it names no treating verb.
BENEFITS = frozenset({"cure", "durability", "efficacy", "onset", "comparative"})
# Categories an instruction ("plan a safe ride home"), a hypothetical ("to see whether it is
# safe for you") or a preparation section cannot carry.
PERSUASIVE = ("safety", "efficacy", "onset", "cure", "durability", "efficacy_statistic")
# What a side-effects list is about: not the experience it names, nor a condition or an onset.
NOT_IN_SIDE_EFFECTS = ("experience", "onset", "efficacy", "durability", "safety")


def _faq_claims(segment: Segment, vocab: Vocabulary, seen: Candidates) -> dict[str, str]:
    """Claims an answer makes through its question: {category: the answer words that decide}."""
    ctx = vocab.context
    text = segment.text
    if not segment.opens_answer:
        downplayed = seen.search(ctx.downplay, text) if segment.question else None
        if downplayed is None or segment.is_question:
            return {}
        return {
            topic.negative: downplayed[0] for topic in ctx.faq_topics
            if topic.negative and topic.question.search(segment.question)
        }  # fmt: skip
    found: dict[str, str] = {}
    polarity, words = ctx.answer_polarity(text, seen) or ("", "")
    for topic in ctx.faq_topics:
        if not topic.question.search(segment.question):
            continue
        if topic.negative and polarity == "negative":
            found.setdefault(topic.negative, words)
        if topic.positive and polarity == "positive":
            found.setdefault(topic.positive, words)
        if topic.any and (topic.answer_needs is None or seen.search(topic.answer_needs, text)):
            found.setdefault(topic.any, text[:40])
    return found


def extract_claims(
    segment: Segment, vocab: Vocabulary, seen: Candidates, sense: str | None
) -> list[Claim]:
    """The claims of one sentence; `seen` is the prefilter's scan of its text, `sense` what its
    heading makes of it (Context.heading_sense)."""
    text = segment.text
    question = segment.is_question
    ctx = vocab.context
    claims: list[Claim] = []
    hedge_rule = vocab.claim_rule("hedge")
    hedge_match = hedge_rule.first_match(text, question, seen) or seen.search(HEDGE_WORDS, text)
    qualifier = hedge_match[0] if hedge_match else None
    modalities = [name for name, pattern in MODALITIES.items() if seen.search(pattern, text)]

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
    for rule in vocab.candidates("claims", seen):
        match = rule.first_match(text, question, seen)
        if match:
            fired[rule.name] = (rule, match[0])
    from_context: set[str] = set()
    from_heading: set[str] = set()
    for category, words in _faq_claims(segment, vocab, seen).items():
        if category not in fired:
            fired[category] = (vocab.claim_rule(category), words)
            from_context.add(category)
    instructed = bool(seen.search(ctx.instructions, text))
    hypothetical = bool(seen.search(ctx.hypotheticals, text))
    if instructed or hypothetical or sense == "preparation":
        for name in PERSUASIVE:
            fired.pop(name, None)
    if hypothetical and "eligibility" not in fired:
        fired["eligibility"] = (vocab.claim_rule("eligibility"), text[:40])
    if sense == "side_effects" or (
        "disclosure" in fired and seen.search(SIDE_EFFECTS_LISTED, text)
    ):
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
    # "Given in a clinic at low doses, ketamine is not habit forming": the setting qualifies a
    # safety claim; it does not describe how treatment is given.
    if (
        "protocol" in fired
        and {"safety", "addiction"} & set(fired)
        and seen.search(SETTING_CLAUSE, text)
        and not protocol_quantities(text)
    ):
        fired.pop("protocol")
    # "Clonazepam is fine as long as the dose is under 1 mg": the dose is the other drug's.
    if (
        "protocol" in fired
        and "medication_compatibility" in fired
        and not SESSION_WORDS.search(fired["protocol"][1])
        and not set(protocol_quantities(text)) - {"dose"}
    ):
        fired.pop("protocol")
    # "The label warns about sedation and dissociation" lists risks, not what a session is like.
    if "experience" in fired and seen.search(RISK_WARNING, text):
        fired.pop("experience")
    # "If you feel queasy, let us know": what to do if a symptom comes, not a risk stated.
    if "disclosure" in fired and seen.search(IF_SYMPTOM_THEN_TELL, text):
        fired.pop("disclosure")
    # "Side effects are mild and pass quickly" only plays them down; "mild nausea may occur"
    # also names one, so it discloses as well.
    if "side_effect_minimisation" in fired and not seen.search(NAMED_SIDE_EFFECT, text):
        fired.pop("disclosure", None)
    numbered = {"efficacy_statistic", "onset", "durability"} & set(fired)
    outcome = seen.search(OUTCOME_WORDS, text)
    if numbered and "efficacy" in fired and not outcome:
        fired.pop("efficacy")
    elif (
        OUTCOME_CARRIERS & set(fired)
        and outcome
        and "efficacy" not in fired
        and not (set(fired) & NO_EFFICACY_WITH)
    ):
        fired["efficacy"] = (vocab.claim_rule("efficacy"), outcome[0])
    benefit = bool(BENEFITS & set(fired)) and not (set(fired) & NO_EFFICACY_WITH)
    response_rate = "efficacy_statistic" in fired and "efficacy" in fired
    claims.extend(condition_claims(segment, vocab, make, sense, benefit, response_rate, seen))
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
            claim.source = claim_source(text)
        if name == "credentials":
            claim.board_named = bool(seen.search(BOARD_NAMED, text))
        flag_names = list(fired_rule.flags) if fired_rule else []
        if name == "efficacy_statistic" and substantiated(text):
            flag_names = [f for f in flag_names if f != "unqualified_efficacy_statistic"]
        if name == "safety" and ("hedge" in fired or "disclosure" in fired):
            flag_names = [f for f in flag_names if f != "unqualified_safety"]
        if (
            name == "credentials"
            and re.search(r"board[- ]certifi", text, re.I)
            and not claim.board_named
        ):
            flag_names.append("board_unnamed")
        flag_names += extra_flags(name, text)
        claim.flags = [flag(vocab, f) for f in dict.fromkeys(flag_names)]
        claims.append(claim)
    return claims
