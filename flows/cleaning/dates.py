"""Dates as pages write them, for every stage that reads one: cleaning drops dates that change
between crawls (noise), extraction keeps the end date an offer states, change detection decides
whether an offer taken down had already ended. One month pattern, one reading of a date."""

import re
from datetime import date

# Month names and their usual abbreviations ("Sept.", "Jan").
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# An offer's end date: "January 31", "Jan. 31st, 2027", "3/31", "3/31/27".
OFFER_END = re.compile(
    rf"\b(?P<month>{MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?\b"
    r"|\b(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2,4}))?\b",
    re.I,
)


def offer_end_text(text: str) -> str | None:
    """The end date an offer's sentence states, as written."""
    found = OFFER_END.search(text)
    return found[0] if found else None


def offer_end_date(text: str, as_of: date) -> date | None:
    """The date an offer says it ends. A stated year is used as written; without one, the year
    that puts the date nearest `as_of` (a January date read in December is next year's)."""
    found = OFFER_END.search(text)
    if not found:
        return None
    if found["month"]:
        month = MONTH_NUMBER.get(found["month"][:3].lower())
        day, year = int(found["day"]), found["year"]
    else:
        month, day, year = int(found["m"]), int(found["d"]), found["y"]
    if not month or not 1 <= month <= 12:
        return None
    if year:
        stated = int(year) + (2000 if len(year) == 2 else 0)
        years = [stated] if len(year) in (2, 4) else []
    else:
        years = [as_of.year - 1, as_of.year, as_of.year + 1]
    candidates = []
    for candidate_year in years:
        try:
            candidates.append(date(candidate_year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - as_of).days)) if candidates else None
