"""The identity of a claim- or offer-bearing sentence across page versions and clinics."""

import re

from flows.cleaning import comparable


def sentence_key(evidence: str) -> str:
    """The sentence without noise: dates, counters and copyright lines removed, the "Q:"/"A:"
    markers JSON-LD repeats dropped, case and spacing folded. Numbers stay, because a changed
    number is a changed claim."""
    text = re.sub(r"^\s*(?:Q|A)[:.]\s*", "", comparable(evidence))
    return " ".join(text.lower().split())
