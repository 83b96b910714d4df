"""The prefilter only ever drops patterns that cannot match: where Python's `re` finds a match,
the pattern is a candidate, whatever case folding, Unicode or construct the pattern uses."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extraction.prefilter import Prefilter
from flows.extraction.rules import build_rule

PATTERNS = [
    re.compile(r"\bketamine\b", re.I),
    re.compile(r"\bIV\b|\bIM\b"),  # case-sensitive
    re.compile(r"risk(?! of addiction)s?", re.I),
    re.compile(r"(?<!not )\bsafe\b", re.I),
    re.compile(r"^\W*(?:no|not)\b", re.I),
    re.compile(r"(\w+) and \1", re.I),  # a back reference
    re.compile(r"(?P<n>\d+)(?(n)%|x)"),  # a conditional group
    re.compile(r"(?>ab|a)c"),  # an atomic group
    re.compile(r"\d{1,3}\s?%"),
    re.compile(r"[\u2013\u2014-]\s*[A-Z][a-z]+"),
    re.compile(r"caf\u00e9|stra\u00dfe|\u03c3\u03bf\u03c6", re.I),
    re.compile(r"(?i:kelvin)|(?-i:SKI)"),
    re.compile(r"(?:a|)b?"),  # matches everywhere: always a candidate
    re.compile(r"fi(?:x|ne)", re.I),
]
# Characters where Python's case folding and Unicode classes are easy to get wrong: the Kelvin
# sign, long s, dotted and dotless i, sharp s and its capital, final sigma, a ligature, a digit
# outside ASCII, a non-breaking space.
ALPHABET = (
    "aiksSKxb ncfe%5-\u2013A"
    "\u212a\u017f\u0130\u0131\u00df\u1e9e\u03c3\u03c2\u03a3\ufb01\u0663\u00a0\n"
)
WORDS = ["ketamine", "IV", "IM", "risk", "risks of addiction", "not safe", "safe", "No.",
         "nope", "pain and pain", "12%", "x", "abc", "ac", "\u2014 Maria", "Caf\u00c9",
         "STRASSE", "\u03a3\u039f\u03a6", "KELVIN", "ski", "SKI", "\ufb01ne", "FIX"]  # fmt: skip

PREFILTER = Prefilter(PATTERNS)


def test_the_prefilter_is_on_and_filters() -> None:
    assert PREFILTER.active
    seen = PREFILTER.scan("nothing to see here")
    assert PATTERNS[0] not in seen
    assert PATTERNS[12] in seen  # could match any text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(ALPHABET, max_size=6), max_size=8))
def test_a_pattern_that_matches_is_a_candidate(pieces: list[str]) -> None:
    text = " ".join(pieces)
    seen = PREFILTER.scan(text)
    for pattern in PATTERNS:
        if pattern.search(text):
            assert pattern in seen, (pattern.pattern, text)


@pytest.mark.parametrize(
    "text",
    ["Ketamine \u212aetamine", "\u017fafe", "R\u0130SKS", "stra\u1e9ee", "\u03a3\u03bf\u03a6"],
)
def test_case_folding_beyond_ascii_keeps_the_candidate(text: str) -> None:
    seen = PREFILTER.scan(text)
    for pattern in PATTERNS:
        if pattern.search(text):
            assert pattern in seen, (pattern.pattern, text)


def test_a_rule_matches_as_its_union_does_when_only_some_parts_are_candidates() -> None:
    rule = build_rule("r", {"patterns": ["later word", "\\bword\\b", "first"]}, "test")
    prefilter = Prefilter(groups={"rules": [(rule.pattern, rule.patterns)]})
    for text in ["a word, later word, first", "first word", "later word", "none"]:
        expected = rule.pattern.search(text)
        found = rule.search(text, prefilter.scan(text))
        assert (found and found.span()) == (expected and expected.span())


def test_without_hyperscan_every_pattern_is_a_candidate() -> None:
    seen = Prefilter(PATTERNS, enabled=False).scan("nothing")
    assert all(pattern in seen for pattern in PATTERNS)
