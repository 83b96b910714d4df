"""Noise between crawls: dates, "last updated" phrases, copyright notices and counters, which
change while the offer does not."""

import re

from flows.cleaning.dates import MONTH as _MONTH
from flows.cleaning.decode import squash

_SP = r"[^\S\n]"  # white space within a line: the patterns run over the whole text at once
_DATE = "\x00"  # stands for a date found by DATE_PATTERNS
DATE_PATTERNS = (
    # 2026-03-03, 2026-03-03T10:00:00Z
    re.compile(
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    # 03/03/2026, 3.3.26
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"),
    # March 3, 2026 / Mar. 3rd 2026
    re.compile(rf"\b{_MONTH}{_SP}+\d{{1,2}}(?:st|nd|rd|th)?,?{_SP}+\d{{4}}\b", re.I),
    # 3 March 2026 / 3rd of March, 2026
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?{_SP}+(?:of{_SP}+)?{_MONTH},?{_SP}+\d{{4}}\b", re.I),
    # March 2026
    re.compile(rf"\b{_MONTH}{_SP}+\d{{4}}\b", re.I),
    # 3 days ago, an hour ago
    re.compile(
        rf"\b(?:\d+|an?|one){_SP}+(?:second|minute|hour|day|week|month|year)s?{_SP}+ago\b", re.I
    ),
)
_COUNTED = (
    r"(?:patients|clients|customers|people|reviews|ratings|members|infusions|treatments|"
    r"sessions|visitors|families)\b"
    rf"(?:{_SP}+(?:treated|served|helped|and{_SP}+counting|so{_SP}+far|and{_SP}+growing))?"
)
_ABOUT = rf"(?:over|more{_SP}+than|nearly|almost|about|around|upwards{_SP}+of)"
NOISE_PATTERNS = (
    # "Page last reviewed <date>", "Last updated: <date>", "Posted on <date>"
    re.compile(
        rf"\b(?:page{_SP}+)?(?:last{_SP}+)?(?:updated|reviewed|modified|revised|published|posted)"
        rf"(?:{_SP}+(?:on|at))?{_SP}*:?{_SP}*\x00",
        re.I,
    ),
    # "© 2025 Clinic Name. All rights reserved." (the notice up to its sentence end)
    re.compile(
        rf"(?:©|\(c\)|\bcopyright\b){_SP}*(?:©{_SP}*)?(?:\d{{4}}(?:{_SP}*[-\u2013]{_SP}*\d{{4}})?)?"
        rf"[^\n.]*\.?(?:{_SP}*all{_SP}+rights{_SP}+reserved\.?)?",
        re.I,
    ),
    re.compile(rf"\ball{_SP}+rights{_SP}+reserved\.?", re.I),
    # Counters: "Over 2,140 patients treated", "5,000+ happy clients", "1200 reviews"; a small
    # number needs a qualifier ("over 40 families"), so "4 out of 5 patients" stays.
    re.compile(
        rf"(?:\b{_ABOUT}{_SP}+)?(?:\b\d{{1,3}}(?:,\d{{3}})+|\b\d{{3,}})\+?{_SP}+(?:[a-z]+{_SP}+)?"
        + _COUNTED,
        re.I,
    ),
    re.compile(rf"\b{_ABOUT}{_SP}+\d[\d,]*\+?{_SP}+(?:[a-z]+{_SP}+)?" + _COUNTED, re.I),
    re.compile("\x00"),
)
# Every pattern above matches within one line and needs one of these in it (a digit for the dates
# and counters, "ago", "rights" or a copyright sign, as the patterns spell them and with their
# flags); a line with none of them is left as it is by every substitution.
_MAY_HOLD_NOISE = re.compile(r"\d|ago|rights|©|\(c\)|copyright", re.I)
_LEFTOVER = " .,;:|-\u2013\u2014\u00b7\u2022"  # separators a removal leaves dangling
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
_PUNCTUATION_RUN = re.compile(r"([.,;:])(?:\s*[.,;:])+")


def comparable(text: str) -> str:
    """`text` without what changes between crawls while the offer does not: dates ("March 3,
    2026", "2026-03-03", "03/03/2026", "3 days ago"), "last updated/reviewed <date>" phrases,
    copyright notices ("© 2025 ... All rights reserved.") and counters ("Over 2,140 patients
    treated", "5,000+ happy clients"). Lines that only held noise are dropped; changed lines
    lose the punctuation the removal left dangling."""
    lines = text.replace(_DATE, "").split("\n")
    # The substitutions run once, over the lines that may hold noise joined with "\n": no
    # pattern matches across a line end, and "\n" is a word boundary as a text's ends are, so
    # each line comes out as it would from running them over the whole text.
    noisy = [i for i, line in enumerate(lines) if _MAY_HOLD_NOISE.search(line)]
    if noisy:
        part = "\n".join([lines[i] for i in noisy])
        for pattern in DATE_PATTERNS:
            part = pattern.sub(_DATE, part)
        for pattern in NOISE_PATTERNS:
            part = pattern.sub("", part)
        for i, line in zip(noisy, part.split("\n"), strict=True):
            lines[i] = line
    cleaned = "\n".join(lines)
    if cleaned == text:
        return text
    lines = []
    for before, after in zip(text.split("\n"), cleaned.split("\n"), strict=True):
        if after != before:
            after = _PUNCTUATION_RUN.sub(r"\1", _SPACE_BEFORE_PUNCTUATION.sub(r"\1", after))
            after = squash(after).strip(_LEFTOVER)
        if after:
            lines.append(after)
    return "\n".join(lines)
