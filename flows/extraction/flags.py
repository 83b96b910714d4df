"""Risk flags a claim can carry beyond its rule's own, and what a claim cites: FDA status
misstated, Spravato's approval lent to ketamine, at-home treatment framed as safe, statistics
without a study behind them."""

import re

from flows.extraction.numbers import POPULATION_N
from flows.extraction.vocabulary import Vocabulary

SOURCES = re.compile(
    r"\b(yale|harvard|stanford|johns hopkins|mayo clinic|nih|national institutes? of \w+|columbia|"
    r"oxford|cambridge|ucla|mount sinai|cleveland clinic|massachusetts general|nimh|jama|lancet|"
    r"new england journal of medicine|american journal of psychiatry)\b",
    re.I,
)
RESEARCH = re.compile(
    r"\b(stud(?:y|ies)|research|trials?|journal|meta-analysis|published|data)\b", re.I
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
AT_HOME_INSTRUCTION = re.compile(
    r"^\W*(?:plan|set up|create|make|choose|find|prepare|arrange|have)\b", re.I
)
SPRAVATO_CONFLATION = re.compile(r"\bketamine (?:infusions?|IV|therapy)\b", re.I)
AT_HOME_SAFETY = re.compile(r"\bsafe\w*|\bcomfortable\b|\beasy\b|\bconvenient\b", re.I)


def claim_source(text: str) -> str | None:
    if m := SOURCES.search(text):
        return m[1]
    if m := RESEARCH.search(text):
        return m[1].lower()
    return None


def substantiated(text: str) -> bool:
    """Whether a statistic names what backs it: a named institution or journal, a citation, or a
    counted population. "Studies show" alone does not (FTC: the study itself is the evidence)."""
    return bool(SOURCES.search(text) or CITATION.search(text) or POPULATION_N.search(text))


def flag(vocab: Vocabulary, name: str) -> dict[str, str]:
    return {"flag": name, "rule": vocab.risk_rules[name]}


def _fda_misstated(text: str) -> bool:
    """Approval asserted for a psychiatric or pain use of ketamine itself. Statements of the
    anesthetic approval, of off-label or compounded use, of Spravato's approval and of why no
    approval exists are correct and are not flagged."""
    if not FDA_APPROVED.search(text) or not PSYCH_USE.search(text):
        return False
    return not (FDA_CORRECT.search(text) or FDA_NEGATED.search(text))


def extra_flags(category: str, text: str) -> list[str]:
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
