"""Offers: what a sentence sells, with parsed amounts, units, percentages and audiences."""

import re
from dataclasses import dataclass, field
from typing import Any

from price_parser import Price

from flows.cleaning.dates import offer_end_text
from flows.extraction.prefilter import EVERYTHING, Candidates
from flows.extraction.segment import Segment
from flows.extraction.vocabulary import Vocabulary

MONEY = re.compile(
    r"(?:US\s?)?\$\s?(?P<a>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?)"
    r"(?:\s?(?:-|\u2013|\u2014|to|and)\s?\$\s?(?P<b>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?)"
    r"|\s?(?:-|\u2013|\u2014|to)\s?(?P<c>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?))?"
    r"|\b(?P<w>\d{1,3}(?:,\d{3})+|\d+) dollars\b",
    re.I,
)
PERCENT = re.compile(r"(\d{1,2}(?:\.\d+)?)\s?(?:%|percent)", re.I)
COUNT = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)[- ]?(?:infusion|session|"
    r"treatment|injection|visit|dose)s?\b|\b(?:series|package|bundle|course|block|set) of "
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\b",
    re.I,
)
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12}  # fmt: skip
OFF_AFTER = re.compile(r"^\s*(?:off|discount|savings|less)\b", re.I)
SAVE_BEFORE = re.compile(r"\b(?:save|saving|savings of|discount of|take|get|receive)\s*$", re.I)
PER_MONTH_AFTER = re.compile(
    r"^\s*(?:/\s?mo(?:nth)?\b|per month\b|a month\b|monthly\b|each month)", re.I
)
PACKAGE_WORDS = re.compile(r"\b(?:package|bundle|pack|prepay|price of)\b", re.I)
WAS_BEFORE = re.compile(r"\b(?:regularly|normally|usually|originally|was|reg\.)\s*$", re.I)
CREDIT_NEAR = re.compile(r"\b(?:credit|bonus|reward|gift card|refer\w*)\b", re.I)
# An amount handed back rather than charged: "a $100 credit", "$75 toward your next visit",
# "we'll credit your account $50".
REWARD_AFTER = re.compile(
    r"^\s*(?:in )?(?:credits?|bonus|reward|gift cards?|toward|towards|off your next)\b", re.I
)
REWARD_BEFORE = re.compile(r"\bcredit (?:your|you|the referrer\W?s?)(?: account)?\s*$", re.I)
NON_PRICE = re.compile(
    r"\b(?:copay|co-pay|deductible|parking|deposit)\b|\bfee of\b|\bno[- ]show\b|\bif you cancel\b|"
    r"\b(?:cancellation|late|returned[- ]check|rescheduling) fee\b|\breserve the right to charge\b",
    re.I,
)
# Prices of the market or of other clinics, not of this provider: "some clinics charge $1,000".
MARKET_PRICE = re.compile(
    r"\b(?:some|many|most) (?:(?:clinics|providers|practices|places) )?charge\b|"
    r"\b(?:elsewhere|nationally|on average|the average cost|national average|"
    r"in the (?:us|u\.s\.|united states))\b|"
    r"\b(?:typically|usually|generally|often|can) (?:cost|costs|run|runs|range|ranges)\b|"
    r"\bprices? (?:range|vary)\b|"
    r"\b(?:hospital|other clinics?|competitors?)\b.{0,30}\b(?:charge|cost|run)\b",
    re.I,
)
# Where one clause ends and the next, possibly about this provider, begins: "Elsewhere infusions
# run $800; ours are $350" prices the clinic at $350.
CLAUSE_BREAK = re.compile(
    r"[.;!?]\s|\b(?:but|while|whereas|however)\b|,\s*(?=(?:ours|we|our)\b)", re.I
)
BETWEEN_BEFORE = re.compile(r"\bbetween\s*$", re.I)
AND_JOINED = re.compile(r"\band\s?\$", re.I)
# What this module searches on every sentence, for the prefilter (extract.sentence_prefilter).
SENTENCE_PATTERNS = (MONEY, PERCENT, COUNT, PACKAGE_WORDS)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], bounded so long lines stay linear."""
    before = text[max(0, start - 160) : start]
    after = text[end : end + 160]
    breaks = list(CLAUSE_BREAK.finditer(before))
    head = before[breaks[-1].end() :] if breaks else before
    stop = CLAUSE_BREAK.search(after)
    return head + text[start:end] + (after[: stop.start()] if stop else after)


@dataclass
class Offer:
    type: str
    start: int
    end: int
    zone: str
    evidence: str
    matched: str
    amount: float | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    currency: str | None = None
    unit: str | None = None
    percent: float | None = None
    audience: list[str] = field(default_factory=list)
    treatment_count: int | None = None
    period: str | None = None
    status: str | None = None
    expiry: str | None = None
    flags: list[dict[str, str]] = field(default_factory=list)
    confidence: float = 0.8
    # The question that decided the row ("Do you take insurance?" for "Unfortunately, no.").
    context: str | None = None

    def fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], {})}


def _amount(text: str) -> float | None:
    price = Price.fromstring(text)
    return float(price.amount) if price.amount is not None else None


def _unit(window: str, vocab: Vocabulary) -> str | None:
    for name, pattern in vocab.units:
        if pattern.search(window):
            return name
    return None


# What a question may still sell ("Ready for a free consultation?"); a question about insurance,
# prices or financing asks, and its answer says what is offered.
OFFERS_IN_QUESTIONS = frozenset({"free_offer", "discount", "urgency", "referral"})
# A heading such as "Insurance & Payment" names a section; what it offers is said below it.
OFFERS_IN_HEADINGS = frozenset(
    {
        "free_offer",
        "discount",
        "urgency",
        "referral",
        "price",
        "package",
        "guarantee",
        "superlative",
    }
)


def _faq_offers(segment: Segment, vocab: Vocabulary, seen: Candidates) -> dict[str, str | None]:
    """Offers an answer makes through its question, with the status its polarity gives:
    "Do you take insurance?" / "Unfortunately, no." is insurance not accepted."""
    ctx = vocab.context
    polarity = ctx.answer_polarity(segment.text, seen) if segment.opens_answer else None
    if polarity is None:
        return {}
    status = "not_accepted" if polarity[0] == "negative" else "accepted"
    return {
        topic.offer: status
        for topic in ctx.faq_topics
        if topic.offer and topic.question.search(segment.question)
    }


def extract_offers(
    segment: Segment, vocab: Vocabulary, seen: Candidates = EVERYTHING
) -> list[Offer]:
    """The offers of one sentence; `seen` is the prefilter's scan of its text."""
    text = segment.text
    fired: dict[str, re.Match[str]] = {}
    question = segment.is_question
    for rule in vocab.candidates("offers", seen):
        if question and rule.name not in OFFERS_IN_QUESTIONS:
            continue
        if segment.kind == "heading" and rule.name not in OFFERS_IN_HEADINGS:
            continue
        match = rule.first_match(text, seen=seen)
        if match:
            fired[rule.name] = match
    implied = _faq_offers(segment, vocab, seen)
    audience = [name for name, pattern in vocab.audiences if seen.search(pattern, text)]
    offers: dict[str, Offer] = {}

    def offer(kind: str, matched: str) -> Offer:
        if kind not in offers:
            offers[kind] = Offer(kind, segment.start, segment.end, segment.zone, text, matched)
        return offers[kind]

    confidence = {r.name: r.extra.get("confidence") for r in vocab.offers} if fired else {}
    for kind, match in fired.items():
        item = offer(kind, match[0])
        item.confidence = float(confidence.get(kind) or item.confidence)
        if kind == "discount":
            item.audience = audience
            if m := seen.search(PERCENT, text):
                item.percent = float(m[1])
        elif kind == "package":
            if m := seen.search(COUNT, text):
                raw = (m[1] or m[2]).lower()
                item.treatment_count = WORD_NUMBERS.get(raw) or int(raw)
        elif kind == "insurance":
            item.status = next((n for n, p in vocab.insurance_status if seen.search(p, text)), None)
            if item.status is None and "insurance" in implied:
                item.status, item.context = implied["insurance"], segment.question
        elif kind == "urgency":
            if ends := offer_end_text(text):
                item.expiry = ends
        elif kind == "membership":
            item.period = (
                "year" if re.search(r"\b(?:annual|yearly|per year|/yr)\b", text, re.I) else "month"
            )
    for kind, status in implied.items():
        if kind not in offers:
            item = offer(kind, text[:40])
            item.status, item.context = status, segment.question
    if MONEY in seen:
        _assign_money(segment, vocab, fired, offer)
    # A series named with no price and no count is a mention ("your infusion series").
    package = offers.get("package")
    # "Six infusions over two weeks" is a protocol; a package is sold (a price or sale words).
    if package and package.amount is None and not seen.search(PACKAGE_WORDS, text):
        del offers["package"]
    # "A free booster for every referral" is the referral's reward, "the sixth one is free"
    # the package's price; neither is a free offer of its own.
    if "free_offer" in offers and ("referral" in offers or "package" in offers):
        del offers["free_offer"]
    if "referral" in offers and "discount" in offers and offers["discount"].percent is None:
        del offers["discount"]
    for kind in ("free_offer", "discount"):
        if kind in offers:
            offers[kind].flags = [
                {
                    "flag": "free_or_discount_offer",
                    "rule": vocab.risk_rules["free_or_discount_offer"],
                }
            ]
    return list(offers.values())


PER_UNIT_AFTER = re.compile(
    r"^\s*(?:per|/|an?|each|for (?:one|a|each|the)) ([\w-]+(?: [\w-]+)?)", re.I
)


def _price_unit(before: str, after: str, vocab: Vocabulary) -> str | None:
    """ "$450 per infusion" names its unit after the amount; "Consultation | $199" and
    "A single infusion is $425" name it before."""
    if m := PER_UNIT_AFTER.search(after):
        unit = _unit(m[1], vocab)
        if unit:
            return unit
    clause = re.split(r"[.;!?]\s", before)[-1][-60:]
    return _unit(clause, vocab) or _unit(after[:40], vocab)


def _near(match: re.Match[str] | None, money: re.Match[str], reach: int = 60) -> bool:
    return match is not None and (
        abs(money.start() - match.end()) <= reach or abs(match.start() - money.end()) <= reach
    )


def _assign_money(
    segment: Segment,
    vocab: Vocabulary,
    fired: dict[str, re.Match[str]],
    offer: Any,
) -> None:
    """Give each dollar amount to the offer its surrounding words describe. Credits, savings and
    monthly instalments are not prices; what a package or membership costs is one."""
    text = segment.text
    for money in MONEY.finditer(text):
        # Only the nearby words describe an amount; bounded windows keep long lines linear.
        before = text[max(0, money.start() - 120) : money.start()]
        after = text[money.end() : money.end() + 120]
        low = _amount(money["a"] or money["w"])
        top = money["b"] or money["c"]
        high = _amount(top) if top else None
        joined_by_and = money["b"] and AND_JOINED.search(money[0])
        if high is not None and (
            high <= (low or 0) or (joined_by_and and not BETWEEN_BEFORE.search(before))
        ):
            # "$450 and $50 for parking" are two amounts, not a range.
            high = None
        window = text[max(0, money.start() - 40) : money.end() + 40]
        monthly = bool(PER_MONTH_AFTER.search(after))
        reward = bool(REWARD_AFTER.search(after) or REWARD_BEFORE.search(before))
        clause = _clause(text, money.start(), money.end())
        if "referral" in fired and (CREDIT_NEAR.search(clause) or reward):
            offer("referral", money[0]).amount = low
            continue
        if reward:
            continue  # a credit outside a referral programme is a saving, not a price
        if "discount" in fired and (
            OFF_AFTER.search(after) or SAVE_BEFORE.search(before) or WAS_BEFORE.search(before)
        ):
            offer("discount", money[0]).amount = low
            continue
        if "financing" in fired and (monthly or _near(fired["financing"], money)):
            offer("financing", money[0]).amount = low
            continue
        if low == 0 and high is None:
            offer("free_offer", money[0])  # "Initial consultation | $0" gives it away
            continue
        if MARKET_PRICE.search(clause) or NON_PRICE.search(window):
            continue
        if monthly or ("membership" in fired and _near(fired["membership"], money)):
            item = offer("membership", money[0])
            item.amount = item.amount or low
        elif "package" in fired and _near(fired["package"], money):
            item = offer("package", money[0])
            item.amount = item.amount or low
        price = offer("price", money[0])
        price.confidence = vocab.price_confidence
        if price.amount is not None or price.min_amount is not None:
            continue  # the first amount of a sentence is its price; the rest are details
        if high is not None:
            price.min_amount, price.max_amount = low, high
        else:
            price.amount = low
        price.currency = "USD"
        price.unit = "month" if monthly else _price_unit(before, after, vocab)
