"""Templates by meaning: the same claim copied across clinics (agency copy, franchises) with
light edits - words reordered, the clinic's name or city swapped, a clause added - is one
template. Two sentences are one template when their content words, names left out, read alike
(rapidfuzz token-sort ratio) and they fill the claim's slots the same way: the same numbers,
negations, time units and conditions, so "up to 70%" and "up to 40%", "within hours" and
"within days", "eases depression" and "eases nerve pain", or "is not addictive" and "can be
addictive" stay apart. benchmarks/templates.py measures the matching on the sample web's copies
and near misses.
"""

import hashlib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from flows.extraction.vocabulary import load_vocabulary

# Token-sort ratio of the content words from which two claims are one copy (a token-set ratio
# took any sentence whose words another holds for a copy of it).
SAME_TEMPLATE = 74.0
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*%?")
# Capitalised words that are not names: drugs, conditions, bodies and credentials.
NOT_NAMES = frozenset({
    "ketamine", "spravato", "esketamine", "fda", "ptsd", "ocd", "crps", "iv", "im", "who", "dea",
    "va", "kap", "tms", "ect", "ssri", "ssris", "hsa", "fsa", "dr", "board",
})  # fmt: skip
STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "to", "in", "for", "with", "our", "your", "at", "is",
    "are", "be", "been", "that", "which", "who", "it", "its", "by", "from", "on", "as", "so",
    "can", "we", "you", "this", "these", "their", "they", "there", "has", "have", "had", "will",
    "also",
})  # fmt: skip
TIME_UNITS = re.compile(r"\b(minute|hour|day|week|month|year)s?\b", re.I)
NEGATIONS = frozenset({
    "not", "no", "never", "isn't", "aren't", "doesn't", "don't", "won't", "cannot", "can't", "nor",
})  # fmt: skip


@dataclass(frozen=True)
class Form:
    """A sentence as templates compare it: its content words, names left out, and its slots."""

    words: str
    numbers: frozenset[str]
    negations: frozenset[str]
    time_units: frozenset[str]
    conditions: frozenset[str]

    def slots(self) -> tuple[frozenset[str], ...]:
        return self.numbers, self.negations, self.time_units, self.conditions


def template_form(sentence: str) -> Form:
    words: list[str] = []
    for index, token in enumerate(WORD.findall(sentence)):
        lower = token.lower()
        if index and token[0].isupper() and lower not in NOT_NAMES:
            continue  # a clinic's, doctor's or city's name
        if lower not in STOPWORDS:
            words.append(lower)
    conditions = load_vocabulary().conditions
    return Form(
        " ".join(words),
        frozenset(w.rstrip(".,") for w in words if w[0].isdigit()),
        frozenset(w for w in words if w in NEGATIONS),
        frozenset(unit.lower() for unit in TIME_UNITS.findall(sentence)),
        frozenset(rule.name for rule in conditions if rule.pattern.search(sentence)),
    )


def same_template(a: str, b: str) -> bool:
    return _same_form(template_form(a), template_form(b))


def assign_templates(
    new: list[tuple[str, str, str]], known: list[tuple[str, str]]
) -> list[tuple[str, str, str, str]]:
    """Each new sentence (identity, category, sentence) with the template it copies: that of the
    closest known or earlier new sentence it matches, else a template of its own (named by its
    identity). `known`: (template id, sentence) already grouped. Categories do not gate the
    match: the extractor may read two copies with different first categories. Sentences are
    bucketed by their slots, which must be equal anyway, so each is compared with few others."""
    buckets: dict[tuple[frozenset[str], ...], tuple[list[str], list[str]]] = {}

    def add(template_id: str, form: Form) -> None:
        words, templates = buckets.setdefault(form.slots(), ([], []))
        words.append(_sorted_words(form))
        templates.append(template_id)

    for template_id, sentence in known:
        add(template_id, template_form(sentence))
    assigned = []
    for key, category, sentence in new:
        form = template_form(sentence)
        words, templates = buckets.get(form.slots(), ([], []))
        best = process.extractOne(
            _sorted_words(form), words, scorer=fuzz.ratio, score_cutoff=SAME_TEMPLATE
        )
        template = templates[best[2]] if best else template_id_of(key)
        add(template, form)
        assigned.append((key, category, template, sentence))
    return assigned


def template_id_of(key: str) -> str:
    return hashlib.md5(key.encode()).hexdigest()[:16]


def _sorted_words(form: Form) -> str:
    # What rapidfuzz's token-sort ratio compares: the words in sorted order.
    return " ".join(sorted(form.words.split()))


def _same_form(a: Form, b: Form) -> bool:
    return (
        a.slots() == b.slots() and fuzz.ratio(_sorted_words(a), _sorted_words(b)) >= SAME_TEMPLATE
    )
