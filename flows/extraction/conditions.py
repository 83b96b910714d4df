"""Conditions a sentence claims to treat, as against conditions it only mentions (facts about
a disease, statistics, exclusion lists, other treatments, a feeling during the session)."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from flows.extraction.flags import flag
from flows.extraction.numbers import LOOK_BACK
from flows.extraction.prefilter import EVERYTHING, Candidates
from flows.extraction.segment import Segment
from flows.extraction.vocabulary import Rule, Vocabulary

if TYPE_CHECKING:
    from flows.extraction.claims import Claim

LISTED_CONDITIONS = 3
# A treating verb whose object is a pronoun: the condition is the one the heading names.
PRONOUN_TREATED = re.compile(
    r"\b(?:treat|treats|treating|help with|helps with|relieve|relieves|ease|eases) "
    r"(?:it|them|this|both)\b",
    re.I,
)
GENERIC_NAMED = re.compile(r"\bchronic\b|\bdepress\w*|\bMDD\b|\bsubstance\b|\bSUD\b", re.I)
# What this module searches on every sentence, for the prefilter (extract.sentence_prefilter).
SENTENCE_PATTERNS = (PRONOUN_TREATED,)


def condition_claims(
    segment: Segment,
    vocab: Vocabulary,
    make: Callable[..., "Claim"],
    sense: str | None,
    benefit: bool = False,
    response_rate: bool = False,
    seen: Candidates = EVERYTHING,
) -> list["Claim"]:
    """Condition claims of a sentence; `make` builds a claim with the sentence's shared fields,
    `seen` is the prefilter's scan of its text."""
    text = segment.text
    if sense == "side_effects" or (
        sense == "exclusion"
        and not (segment.kind in ("sentence", "answer") and _strongly_tied(text, vocab, seen))
    ):
        return []
    if any(seen.search(p, text) for p in vocab.not_advertised):
        return []
    hits: dict[str, re.Match[str]] = {}
    for rule in vocab.candidates("conditions", seen):
        match = rule.first_match(text, is_question=False, seen=seen)
        if match:
            hits[rule.name] = match
    if hits and not _claimed(segment, vocab, len(hits), benefit, response_rate, seen):
        return []
    answered = _answered_conditions(segment, vocab, hits, benefit)
    hits.update(answered)
    from_heading: set[str] = set()
    if not hits and segment.heading and seen.search(PRONOUN_TREATED, text):
        # "# Depression" / "Ketamine infusions are one of the ways we treat it."
        nearest = segment.heading.split(" / ")[-1]
        for rule in vocab.conditions:
            if match := rule.first_match(nearest):
                hits[rule.name] = match
                from_heading.add(rule.name)
    if not hits:
        return []
    # "treatment-resistant depression" names one condition, not two.
    for rule in vocab.conditions:
        specifics = [r for r in vocab.conditions if r.name in rule.extra.get("overrides", [])]
        present = [r for r in specifics if r.name in hits]
        if (
            rule.name in hits
            and present
            and (_inside(rule, present, text) or not GENERIC_NAMED.search(hits[rule.name][0]))
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
            if name in answered
            or name in from_heading
            or any(
                not seen.search(negations, text[max(0, m.start() - LOOK_BACK) : m.start()])
                for m in rules[name].pattern.finditer(text)
            )
        }
    claims: list[Claim] = []
    for name, match in hits.items():
        evidence = next(r for r in vocab.conditions if r.name == name).extra.get("evidence")
        claim = make("condition", match[0], condition=name)
        claim.hedged = False
        if name in answered:
            claim.context = segment.question
        elif name in from_heading:
            claim.context = segment.heading
        claim.confidence = vocab.condition_confidence.get(
            "listed" if segment.kind in ("list_item", "heading", "table_row") else "stated",
            claim.confidence,
        )
        if evidence == "limited":
            claim.flags = [flag(vocab, "indication_beyond_evidence")]
        claims.append(claim)
    return claims


def _answered_conditions(
    segment: Segment, vocab: Vocabulary, found: dict[str, re.Match[str]], benefit: bool
) -> dict[str, re.Match[str]]:
    """ "Do you treat anxiety?" / "Yes, ..." claims anxiety on the answer, and so does an answer
    that promises relief ("Is it a cure for depression?" / "No, but it brings real relief")."""
    ctx = vocab.context
    question = segment.question
    if not question or segment.is_question or ctx.treat_questions is None:
        return {}
    if not ctx.treat_questions.search(question):
        return {}
    # The answer's first words say yes; any sentence of the answer may promise the benefit.
    polarity = ctx.answer_polarity(segment.text) if segment.opens_answer else None
    if not (benefit or (polarity and polarity[0] == "positive")):
        return {}
    hits = {}
    for rule in vocab.conditions:
        if rule.name not in found and (match := rule.first_match(question)):
            hits[rule.name] = match
    return hits


def _strongly_tied(text: str, vocab: Vocabulary, seen: Candidates) -> bool:
    return bool(seen.search(vocab.context.strong_ties, text)) and not any(
        seen.search(p, text) for p in vocab.not_advertised
    )


def _claimed(
    segment: Segment,
    vocab: Vocabulary,
    named: int,
    benefit: bool,
    response_rate: bool,
    seen: Candidates,
) -> bool:
    """Whether a sentence naming a condition claims to treat it, or only mentions it (a fact
    about the disease, its statistics, another treatment, a feeling during the session)."""
    ctx = vocab.context
    text = segment.text
    if segment.is_question:
        return False  # "Is ketamine effective for depression?" asks; the answer claims
    polarity = ctx.answer_polarity(text, seen) if segment.opens_answer else None
    treat_question = bool(ctx.treat_questions and ctx.treat_questions.search(segment.question))
    if polarity and polarity[0] == "negative" and treat_question:
        return False  # "Do you treat OCD?" / "Not at this time."
    if seen.search(ctx.condition_never, text):
        return False
    strong = bool(seen.search(ctx.strong_ties, text))
    weak = bool(seen.search(ctx.weak_ties, text))
    if seen.search(ctx.condition_mentions, text):
        # "70 percent of people with PTSD feel relief" reports a response, not a prevalence.
        return strong or (response_rate and weak)
    if segment.kind == "heading":
        # A bare condition name over facts ("Lyme disease") is a topic; under a heading about
        # what is treated, or tied to ketamine, it is a claim.
        # Short lines that each name a condition, one after another, are a list of what is
        # treated even without bullets ("Anxiety: generalized, social" / "PTSD" / "OCD").
        run = segment.heading.split(" / ")
        named_run = sum(any(rule.first_match(line) for rule in vocab.conditions) for line in run)
        return (
            strong
            or weak
            or benefit
            or named_run >= 2
            or vocab.context.heading_sense(segment.heading) == "conditions"
        )
    if segment.kind in ("list_item", "table_row"):
        return True
    if named >= LISTED_CONDITIONS:
        return True  # "Pain: chronic pain, fibromyalgia, CRPS, migraine": a list run into a line
    return strong or benefit or weak


def _inside(generic: Rule, specifics: list[Rule], text: str) -> bool:
    """Whether every mention of the generic condition sits within a mention of the specific
    one (a few words of slack after it; a mention before it, as in "severe depression,
    treatment-resistant depression", is a condition of its own)."""
    wide = [(m.start(), m.end()) for r in specifics for p in r.patterns for m in p.finditer(text)]
    spans = [(m.start(), m.end()) for m in generic.pattern.finditer(text)]
    return all(any(s0 <= a and b <= s1 + 15 for s0, s1 in wide) for a, b in spans)
