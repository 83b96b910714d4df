"""The diff of two states, on states built from keywords: no crawl, no database."""

from datetime import date
from typing import Any

from flows.changes.diff import diff_states
from flows.changes.model import Record, Sentence, State
from flows.extraction.identity import sentence_key


def sentence(text: str, category: str, stream: str = "claim", **values: Any) -> Sentence:
    record = Record(stream, category, values, text, "main", [], "p1", "http://x/")
    return Sentence(sentence_key(text), text, "p1", "http://x/", [record])


def state(*sentences: Sentence, checked: tuple[str, ...] = ("p1",)) -> State:
    return State({s.key: s for s in sentences}, set(checked))


def kinds(old: State, new: State, recent: set[str] | None = None, **kw: Any) -> list[str]:
    return [c.kind for c in diff_states("c", new, old, recent or set(), set(), **kw)]


def test_safe_becoming_completely_safe_is_strengthened() -> None:
    old = sentence("Ketamine is safe at the doses we use.", "safety")
    new = sentence("Ketamine is completely safe at the doses we use.", "safety")
    assert kinds(state(old), state(new)) == ["claim_strengthened"]


def test_dropping_a_hedge_strengthens_the_claim() -> None:
    old = sentence("Many patients may feel relief within hours.", "onset", hedged=True)
    new = sentence("Patients feel relief within hours.", "onset", hedged=False)
    assert kinds(state(old), state(new)) == ["claim_strengthened"]


def test_lower_statistic_is_weakened() -> None:
    old = sentence("80% of our patients respond.", "efficacy_statistic", percent=80.0)
    new = sentence("60% of our patients respond.", "efficacy_statistic", percent=60.0)
    assert kinds(state(old), state(new)) == ["claim_weakened"]


def test_same_claim_in_new_words_is_reworded() -> None:
    old = sentence("Our team uses ketamine to ease treatment-resistant depression.", "condition")
    new = sentence("Our team uses ketamine to ease stubborn treatment-resistant depression.",
                   "condition")  # fmt: skip
    assert kinds(state(old), state(new)) == ["claim_reworded"]


def test_a_claim_seen_recently_is_not_added_again() -> None:
    back = sentence("Voted best clinic in the city.", "authority")
    assert kinds(state(), state(back), recent={back.key}) == []


def test_a_claim_on_an_unchecked_page_is_not_removed() -> None:
    old = sentence("Ketamine is not addictive.", "addiction")
    assert kinds(state(old), state(checked=())) == []


def test_a_claim_gone_from_a_checked_page_is_removed() -> None:
    old = sentence("Ketamine is not addictive.", "addiction")
    assert kinds(state(old), state()) == ["claim_removed"]


def test_a_removed_hedge_is_a_hedge_event() -> None:
    old = sentence("Results vary and are not guaranteed.", "hedge")
    assert kinds(state(old), state()) == ["hedge_removed"]


def test_a_higher_price_is_price_up_with_both_amounts() -> None:
    old = sentence("One infusion is $450.", "price", "offer", amount=450.0)
    new = sentence("One infusion is $495.", "price", "offer", amount=495.0)
    [change] = diff_states("c", state(new), state(old), set(), set())
    assert (change.kind, change.before_value, change.after_value) == ("price_up", "450", "495")


def test_new_sentences_on_a_new_page_are_not_listed_one_by_one() -> None:
    new = sentence("We treat PTSD.", "condition")
    assert diff_states("c", state(new), state(), set(), {"p1"}) == []


def test_offer_taken_down_after_its_end_date_has_expired() -> None:
    old = sentence("New members save 40%, offer ends January 31.", "urgency", "offer",
                   expiry="January 31")  # fmt: skip
    [change] = diff_states("c", state(), state(old), set(), set(), date(2026, 2, 2))
    assert (change.kind, change.after_value) == ("offer_expired", "2026-01-31")


def test_offer_taken_down_before_its_end_date_was_removed() -> None:
    old = sentence("New members save 40%, offer ends January 31.", "urgency", "offer",
                   expiry="January 31")  # fmt: skip
    assert kinds(state(old), state(), as_of=date(2026, 1, 15)) == ["offer_removed"]


def test_a_stated_year_is_read_as_written() -> None:
    old = sentence("Save 40% until January 31, 2025.", "urgency", "offer",
                   expiry="January 31, 2025")  # fmt: skip
    [change] = diff_states("c", state(), state(old), set(), set(), date(2026, 1, 15))
    assert (change.kind, change.after_value) == ("offer_expired", "2025-01-31")


def price_change(old_values: dict[str, float], new_values: dict[str, float]) -> tuple[Any, ...]:
    old = sentence("A single infusion is priced as listed.", "price", "offer", **old_values)
    new = sentence("A single infusion is priced as listed here.", "price", "offer", **new_values)
    [change] = diff_states("c", state(new), state(old), set(), set())
    return change.kind, change.before_value, change.after_value


def test_a_price_that_becomes_a_range_rising_at_the_top_is_price_up() -> None:
    assert price_change({"amount": 750.0}, {"min_amount": 750.0, "max_amount": 1100.0}) == (
        "price_up", "750", "750-1100",
    )  # fmt: skip


def test_a_range_that_falls_at_the_bottom_is_price_down() -> None:
    before = {"min_amount": 750.0, "max_amount": 1100.0}
    after = {"min_amount": 695.0, "max_amount": 1100.0}
    assert price_change(before, after) == ("price_down", "750-1100", "695-1100")


def test_a_range_that_widens_both_ways_is_an_offer_change() -> None:
    before = {"min_amount": 750.0, "max_amount": 1100.0}
    after = {"min_amount": 695.0, "max_amount": 1200.0}
    assert price_change(before, after) == ("offer_changed", "750-1100", "695-1200")


def test_a_removed_side_effect_list_naming_dissociation_is_a_disclosure_removed() -> None:
    text = "Side effects can include brief dissociation, nausea and raised blood pressure."
    old = sentence(text, "disclosure")
    old.records.append(Record("claim", "experience", {}, text, "main", [], "p1", "http://x/"))
    assert kinds(state(old), state()) == ["disclosure_removed"]


def offer_change(old: Sentence, new: Sentence) -> tuple[Any, ...]:
    [change] = diff_states("c", state(new), state(old), set(), set())
    return change.kind, change.before_value, change.after_value


def test_a_free_consultation_that_gets_a_price_is_one_offer_change() -> None:
    old = sentence("Your first consultation with our nurse is free.", "free_offer", "offer")
    new = sentence("Your first consultation with our nurse is $95.", "price", "offer",
                   amount=95.0)  # fmt: skip
    assert offer_change(old, new) == ("offer_changed", "free", "95")


def test_a_price_dropped_for_free_is_one_offer_change() -> None:
    old = sentence("The screening call costs $50.", "price", "offer", amount=50.0)
    new = sentence("The screening call is now free.", "free_offer", "offer")
    assert offer_change(old, new) == ("offer_changed", "50", "free")


def test_the_same_amount_for_another_unit_is_an_offer_change() -> None:
    old = sentence("Infusions are $400 per session.", "price", "offer", amount=400.0,
                   unit="session")  # fmt: skip
    new = sentence("Infusions are $400 per series.", "price", "offer", amount=400.0,
                   unit="series")  # fmt: skip
    assert offer_change(old, new) == ("offer_changed", "session", "series")


def test_a_discount_opened_to_another_audience_is_a_discount_change() -> None:
    old = sentence("Veterans save 15% on every infusion.", "discount", "offer", percent=15.0,
                   audience=["veterans"])  # fmt: skip
    new = sentence("Veterans and first responders save 15% on every infusion.", "discount",
                   "offer", percent=15.0, audience=["veterans", "first_responders"])  # fmt: skip
    assert offer_change(old, new) == (
        "discount_changed", "veterans", "first_responders, veterans",
    )  # fmt: skip


def test_a_promotion_with_a_later_end_date_is_an_offer_change() -> None:
    old = sentence("Spring pricing ends March 31.", "urgency", "offer", expiry="March 31")
    new = sentence("Spring pricing ends April 30.", "urgency", "offer", expiry="April 30")
    assert offer_change(old, new) == ("offer_changed", "March 31", "April 30")


def test_insurance_no_longer_accepted_is_an_offer_change() -> None:
    old = sentence("We accept Aetna and Cigna for Spravato.", "insurance", "offer",
                   status="accepted")  # fmt: skip
    new = sentence("We no longer accept Aetna or Cigna for Spravato.", "insurance", "offer",
                   status="not_accepted")  # fmt: skip
    assert offer_change(old, new) == ("offer_changed", "accepted", "not_accepted")


def test_a_promotion_taken_down_with_its_terms_is_one_expired_offer() -> None:
    lines = [
        ("Winter special: 25% off your first infusion.", "discount", {"percent": 25.0}),
        ("Book by February 15, 2026 to claim it.", "urgency", {"expiry": "February 15, 2026"}),
        ("Cannot be combined with other offers.", "discount", {}),
    ]
    promo = []
    start = 0
    for text, category, values in lines:
        item = sentence(text, category, "offer", **values)
        item.start, item.end = start, start + len(text)
        start = item.end + 1
        promo.append(item)
    changes = diff_states("c", state(), state(*promo), set(), set(), date(2026, 3, 1))
    assert [(c.kind, c.after_value) for c in changes] == [("offer_expired", "2026-02-15")]


def test_a_typo_fixed_in_a_claim_is_a_text_change_not_a_rewording() -> None:
    old = sentence("Our infusions are safe and closely monitered by an anesthesiologist.", "safety")
    new = sentence("Our infusions are safe and closely monitored by an anesthesiologist.", "safety")
    assert kinds(state(old), state(new)) == ["text_changed"]


def test_a_sentence_cut_in_two_with_the_same_claims_is_no_change() -> None:
    old = sentence("Most patients feel better within a week, and many stay well for months.",
                   "efficacy")  # fmt: skip
    new = sentence("Most patients feel better within a week.", "efficacy")
    assert kinds(state(old), state(new)) == []


def test_an_offer_sentence_taken_down_with_its_claims_is_one_offer_row() -> None:
    text = "We accept credit cards and offer payment plans through a lender."
    old = sentence(text, "financing", "offer")
    old.records.append(Record("claim", "protocol", {}, text, "main", [], "p1", "http://x/"))
    changes = diff_states("c", state(), state(old), set(), set())
    assert [(c.stream, c.kind, c.categories) for c in changes] == [
        ("offer", "offer_removed", ["financing", "protocol"]),
    ]  # fmt: skip


def test_a_share_that_falls_at_both_ends_of_its_range_is_weakened() -> None:
    old = sentence("Roughly half of people respond.", "efficacy_statistic", share_percent=50.0)
    new = sentence("Roughly 40 to 45 percent of people respond.", "efficacy_statistic",
                   percent_min=40.0, percent_max=45.0)  # fmt: skip
    [change] = diff_states("c", state(new), state(old), set(), set())
    assert (change.kind, change.before_value, change.after_value) == (
        "claim_weakened", "50", "40-45",
    )  # fmt: skip


def test_terms_in_figures_no_field_holds_are_an_offer_change() -> None:
    old = sentence("Pay over 12 months at 0% interest.", "financing", "offer")
    new = sentence("Pay over 18 months at 0% interest.", "financing", "offer")
    assert offer_change(old, new) == ("offer_changed", "12 0%", "18 0%")


def test_a_share_in_words_raised_in_a_testimonial_is_strengthened() -> None:
    old = sentence("In our survey, 4 out of 5 members said they felt better.", "testimonial")
    new = sentence("In our survey, 9 out of 10 members said they felt better.", "testimonial")
    assert kinds(state(old), state(new)) == ["claim_strengthened"]


def test_most_people_instead_of_many_is_strengthened() -> None:
    old = sentence("Many people enjoy relief for months after a series.", "durability")
    new = sentence("Most people enjoy relief for months after a series.", "durability")
    assert kinds(state(old), state(new)) == ["claim_strengthened"]


def test_an_offer_taken_down_after_the_deadline_in_its_words_expired() -> None:
    old = sentence("Book a series by April 30, 2026 and save $200.", "discount", "offer")
    kept = sentence("New patients receive 15% off their first infusion.", "discount", "offer")
    changes = diff_states("c", state(kept), state(old, kept), set(), set(), date(2026, 5, 4))
    assert [(c.kind, c.after_value) for c in changes] == [("offer_expired", "2026-04-30")]


def multi(text: str, *categories: str) -> Sentence:
    first = sentence(text, categories[0])
    for category in categories[1:]:
        first.records.append(Record("claim", category, {}, text, "main", [], "p1", "http://x/"))
    return first


def rows(old: State, new: State, recent: set[str] | None = None) -> list[tuple[str, list[str]]]:
    return [(c.kind, c.categories) for c in diff_states("c", new, old, recent or set(), set())]


def test_a_removed_sentence_that_claims_and_discloses_is_one_change_of_each() -> None:
    old = multi("Ketamine is safe, though nausea and dizziness can occur.", "safety", "disclosure")
    assert sorted(rows(state(old), state())) == [
        ("claim_removed", ["safety"]),
        ("disclosure_removed", ["disclosure"]),
    ]


def test_an_added_sentence_with_a_claim_and_a_hedge_is_one_change_of_each() -> None:
    new = multi("Most patients feel better in days, but results vary.", "onset", "hedge")
    assert sorted(rows(state(), state(new))) == [
        ("claim_added", ["onset"]),
        ("hedge_added", ["hedge"]),
    ]


def test_a_hedge_cut_from_a_reworded_sentence_is_a_hedge_removed_not_a_rewording() -> None:
    old = multi("Relief often comes within hours, although results vary by person.",
                "onset", "hedge")  # fmt: skip
    new = sentence("Relief often comes within hours for people.", "onset")
    assert rows(state(old), state(new)) == [("hedge_removed", ["hedge"])]


def test_a_claim_joined_onto_a_reworded_sentence_is_that_claim_added() -> None:
    old = sentence("Our infusions bring relief from depression within hours.", "onset")
    new = multi("Our infusions bring relief from depression within hours and are not addictive.",
                "onset", "addiction")  # fmt: skip
    assert rows(state(old), state(new)) == [("claim_added", ["addiction"])]


def test_a_typo_made_then_fixed_is_an_edit_of_the_text_not_a_claim_removed() -> None:
    fixed = sentence("Some medications, such as benzodiazepines, can blunt ketamine.",
                     "medication_compatibility")  # fmt: skip
    typo = sentence("Some medications, such as benzodiazapines, can blunt ketamine.",
                    "medication_compatibility")  # fmt: skip
    # The fixed wording was seen two states ago, so it comes back rather than being added.
    assert kinds(state(typo), state(fixed), recent={fixed.key}) == ["text_changed"]


def test_two_claims_joined_into_one_sentence_are_no_change() -> None:
    first = sentence("Relief often comes within hours", "onset")
    second = sentence("ketamine is not addictive at the doses we use.", "addiction")
    joined = multi("Relief often comes within hours, and ketamine is not addictive at the doses "
                   "we use.", "onset", "addiction")  # fmt: skip
    assert rows(state(first, second), state(joined)) == []


def test_a_sentence_with_two_claims_cut_in_two_is_no_change() -> None:
    whole = multi("Relief often comes within hours and ketamine is not addictive at the doses "
                  "we use.", "onset", "addiction")  # fmt: skip
    first = sentence("Relief often comes within hours.", "onset")
    second = sentence("Ketamine is not addictive at the doses we use.", "addiction")
    assert rows(state(whole), state(first, second)) == []


def test_a_name_changed_in_a_claim_is_an_edit_of_the_text() -> None:
    old = sentence("Your infusion is overseen by Tamika Jordan, FNP-C.", "credentials")
    new = sentence("Your infusion is overseen by Tamika Jordan-Hayes, FNP-C.", "credentials")
    assert kinds(state(old), state(new)) == ["text_changed"]


def test_not_addictive_becoming_a_low_risk_is_weakened() -> None:
    old = sentence("At the doses we use, ketamine is not addictive.", "addiction")
    new = sentence("At the doses we use, the risk of addiction is low.", "addiction")
    assert kinds(state(old), state(new)) == ["claim_weakened"]


def test_an_answer_softened_from_no_to_a_low_risk_is_one_weakened_row() -> None:
    def at(text: str, category: str, start: int) -> Sentence:
        found = sentence(text, category)
        found.start, found.end = start, start + len(text)
        return found

    no = at("No.", "addiction", 0)
    denial = at("At the doses we use, ketamine is not addictive.", "addiction", 4)
    misuse = at("Ketamine can be misused, so we take the question seriously.", "disclosure", 0)
    low = at("At the doses we use, the risk of addiction is low.", "addiction", 61)
    assert rows(state(no, denial), state(misuse, low)) == [
        ("claim_weakened", ["addiction", "disclosure"])
    ]


def test_a_same_length_rewording_read_as_one_more_claim_stays_one_rewording() -> None:
    old = sentence("Ketamine used this way has a low potential for abuse.", "addiction")
    new = multi("When taken as prescribed, ketamine carries a low risk of abuse.",
                "addiction", "safety")  # fmt: skip
    assert rows(state(old), state(new)) == [("claim_reworded", ["addiction", "safety"])]
