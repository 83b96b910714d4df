"""The numbers a claim states: shares of people who respond (one value, a range, a fraction or
words such as "two-thirds"), the endpoint and population they are measured on, how soon and how
long, and a protocol's sessions, frequency, length and dose."""

import re
from typing import Any

# How far around a number or a name its qualifiers are looked for; also keeps long lines linear.
LOOK_BACK = 80

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
