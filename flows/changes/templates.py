"""Templates by meaning: the same claim copied across clinics (agency copy, franchises) with
light edits - words reordered, the clinic's name or city swapped, a clause added - is one
template. Two sentences are one template when their content words, names left out, match
closely (rapidfuzz token-set ratio) and they state the same numbers and the same negations, so
"up to 70%" and "up to 40%", or "is not addictive" and "can be addictive", stay apart.
benchmarks/templates.py measures the matching."""

import hashlib
import re

from rapidfuzz import fuzz

SAME_TEMPLATE = 85.0  # token-set ratio of the content words from which two claims are one copy
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
NEGATIONS = frozenset({
    "not", "no", "never", "isn't", "aren't", "doesn't", "don't", "won't", "cannot", "can't", "nor",
})  # fmt: skip


def template_form(sentence: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """The content words with names left out, the numbers, and the negations of a sentence."""
    words: list[str] = []
    for index, token in enumerate(WORD.findall(sentence)):
        lower = token.lower()
        if index and token[0].isupper() and lower not in NOT_NAMES:
            continue  # a clinic's, doctor's or city's name
        if lower not in STOPWORDS:
            words.append(lower)
    numbers = frozenset(w.rstrip(".,") for w in words if w[0].isdigit())
    negations = frozenset(w for w in words if w in NEGATIONS)
    return " ".join(words), numbers, negations


def same_template(a: str, b: str) -> bool:
    return _same_form(template_form(a), template_form(b))


def assign_templates(
    new: list[tuple[str, str, str]], known: list[tuple[str, str, str]]
) -> list[tuple[str, str, str, str]]:
    """Each new sentence (identity, category, sentence) with the template it copies: that of the
    first known or earlier new sentence of its category it matches, else a template of its own
    (named by its identity). `known`: (template id, category, sentence) already grouped."""
    groups: dict[str, list[tuple[str, str, tuple[str, frozenset[str], frozenset[str]]]]] = {}
    for template_id, category, sentence in known:
        groups.setdefault(category, []).append((template_id, sentence, template_form(sentence)))
    assigned = []
    for key, category, sentence in new:
        form = template_form(sentence)
        template = next(
            (t for t, _, f in groups.get(category, []) if _same_form(form, f)), None
        ) or template_id_of(key)
        groups.setdefault(category, []).append((template, sentence, form))
        assigned.append((key, category, template, sentence))
    return assigned


def template_id_of(key: str) -> str:
    return hashlib.md5(key.encode()).hexdigest()[:16]


def _same_form(
    a: tuple[str, frozenset[str], frozenset[str]], b: tuple[str, frozenset[str], frozenset[str]]
) -> bool:
    return a[1:] == b[1:] and fuzz.token_set_ratio(a[0], b[0]) >= SAME_TEMPLATE
