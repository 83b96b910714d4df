"""Real-page traps: the extractor labels what a snippet asserts or sells, not which words it has.

Conventions: benchmarks/gold/LABELS.md. One behaviour per test.
"""

from typing import Any

import pytest

from flows.extraction.extract import extract_snippet


def categories(text: str, kind: str = "sentence") -> set[str]:
    return {c.category for c in extract_snippet(text, kind).claims}


def conditions(text: str, kind: str = "sentence") -> set[str]:
    return {c.condition for c in extract_snippet(text, kind).claims if c.condition}


def offers(text: str, kind: str = "sentence") -> set[str]:
    return {o.type for o in extract_snippet(text, kind).offers}


def claims_of(text: str, category: str, kind: str = "sentence") -> list[Any]:
    return [c for c in extract_snippet(text, kind).claims if c.category == category]


def offers_of(text: str, offer_type: str, kind: str = "sentence") -> list[Any]:
    return [o for o in extract_snippet(text, kind).offers if o.type == offer_type]


def flags(claim: Any) -> set[str]:
    return {f["flag"] for f in claim.flags}


def only(items: list[Any]) -> Any:
    assert items, "expected a match, found none"
    return items[0]


# 1. An FAQ answer is read with its question.


def test_faq_bare_no_to_addiction_question_is_a_denial() -> None:
    text = "Q: Is ketamine addictive? A: Under medical supervision, no."
    found = claims_of(text, "addiction", "faq")
    assert any("addiction_denial" in flags(c) for c in found)


def test_faq_bare_no_to_insurance_question_is_not_accepted() -> None:
    text = "Q: Do you take insurance? A: Unfortunately, no."
    statuses = {o.status for o in offers_of(text, "insurance", "faq")}
    assert statuses == {"not_accepted"}


def test_insurance_question_alone_offers_nothing() -> None:
    assert "insurance" not in offers("Are your services covered by insurance?")


# 2. A heading sets the sense of the list under it.

EXCLUSIONS = "\n".join(
    [
        "# Who should not have ketamine",
        "- Psychosis",
        "- Pregnancy",
        "- Uncontrolled high blood pressure",
        "- Suicidal ideation",
    ]
)


def test_exclusion_heading_makes_list_eligibility() -> None:
    assert "eligibility" in categories(EXCLUSIONS, "section")


def test_exclusion_heading_list_names_no_treated_conditions() -> None:
    assert conditions(EXCLUSIONS, "section") == set()
    assert "condition" not in categories(EXCLUSIONS, "section")


def test_conditions_heading_makes_list_treated_conditions() -> None:
    text = "# Conditions we treat\n- PTSD\n- Depression"
    assert conditions(text, "section") >= {"ptsd", "depression"}


SIDE_EFFECTS = "# Possible side effects\n- Nausea\n- Feeling detached"


def test_side_effect_heading_makes_list_disclosure() -> None:
    assert "disclosure" in categories(SIDE_EFFECTS, "section")


def test_side_effect_list_is_not_session_experience() -> None:
    assert "experience" not in categories(SIDE_EFFECTS, "section")


# 3. Facts about a disease, or another treatment's use, are not condition claims.


@pytest.mark.parametrize(
    "text",
    [
        "Lyme disease is spread by ticks.",
        "PTSD affects about 8 million adults each year.",
        "SSRIs are usually prescribed first for anxiety.",
    ],
)
def test_disease_fact_is_not_a_condition_claim(text: str) -> None:
    assert conditions(text) == set()


def test_treating_a_condition_with_ketamine_is_a_condition_claim() -> None:
    assert "ptsd" in conditions("We treat PTSD with ketamine infusions.")


# 4. Keywords in the wrong sense.


def test_no_concern_for_abuse_is_addiction() -> None:
    assert "addiction" in categories("There is virtually no concern for abuse.")


def test_no_concern_for_abuse_is_not_at_home() -> None:
    assert "at_home" not in categories("There is virtually no concern for abuse.")


def test_emergency_room_staff_is_not_disclosure() -> None:
    assert "disclosure" not in categories("Emergency room physicians are on staff.")


def test_not_uncommon_tiredness_is_not_onset() -> None:
    assert "onset" not in categories("Tiredness is not uncommon after treatment.")


def test_forever_grateful_is_not_cure() -> None:
    assert "cure" not in categories("We are forever grateful to our patients.")


def test_cannot_be_counted_on_to_cure_is_not_cure() -> None:
    assert "cure" not in categories("Ketamine can't be counted on to cure depression.")


def test_cannot_be_counted_on_to_cure_is_hedge() -> None:
    assert "hedge" in categories("Ketamine can't be counted on to cure depression.")


# 5. Offers that offer nothing.


def test_low_remission_rate_is_not_financing() -> None:
    found = offers("Remission rates can be as low as 20% in some studies.")
    assert "financing" not in found
    assert "price" not in found


def test_competitor_price_is_not_a_price() -> None:
    assert "price" not in offers("Hospital infusions elsewhere can cost $2,000.")


def test_feel_free_is_not_free_offer() -> None:
    assert "free_offer" not in offers("Feel free to call us.")


# 6. Instructions and hypotheticals.

EVALUATION = (
    "To find out whether ketamine is likely to be safe and effective for you, "
    "we start with an evaluation."
)


def test_evaluation_to_see_if_safe_is_eligibility() -> None:
    assert "eligibility" in categories(EVALUATION)


def test_evaluation_to_see_if_safe_is_not_safety_or_efficacy() -> None:
    found = categories(EVALUATION)
    assert "safety" not in found
    assert "efficacy" not in found


def test_instruction_to_plan_a_safe_space_is_not_safety() -> None:
    assert "safety" not in categories("Plan a safe, comfortable space for your session at home.")


# 7. Claims in plain words.


def test_highly_effective_is_efficacy() -> None:
    text = "Ketamine is highly effective even for the most severe depression."
    assert "efficacy" in categories(text)


def test_faster_than_pills_is_comparative() -> None:
    assert "comparative" in categories("It works faster than pills.")


def test_dreamlike_floating_is_experience() -> None:
    assert "experience" in categories("Many describe a dreamlike, floating feeling.")


def test_relief_lasting_months_is_durability() -> None:
    assert "durability" in categories("The relief lasts for months.")


# 8. Numbers.


def test_percent_range_of_responders() -> None:
    claim = only(claims_of("Studies show 60-70 percent of patients respond.", "efficacy_statistic"))
    assert claim.quantities.get("percent_min") == 60
    assert claim.quantities.get("percent_max") == 70


def test_share_in_words_of_responders() -> None:
    claim = only(claims_of("Two-thirds of our patients improve.", "efficacy_statistic"))
    assert claim.quantities.get("share_percent") == pytest.approx(66.7, abs=0.1)


def test_population_share_and_endpoint() -> None:
    text = "Of 215 veterans, 49% saw a 50% drop in symptoms."
    q = only(claims_of(text, "efficacy_statistic")).quantities
    assert q.get("population", {}).get("n") == 215
    assert q.get("percent") == 49
    assert q.get("endpoint", {}).get("percent") == 50


def test_price_range() -> None:
    price = only(offers_of("Infusions cost $400-$750.", "price"))
    assert price.min_amount == 400
    assert price.max_amount == 750


def test_series_count_is_protocol_sessions() -> None:
    text = "A series of six infusions over two to three weeks."
    claim = only(claims_of(text, "protocol"))
    assert claim.quantities.get("sessions", {}).get("value") == 6


# 9. Flags.


def test_off_label_statement_is_not_fda_misstatement() -> None:
    text = "Ketamine is FDA-approved as an anesthetic; its use for depression is off-label."
    found = claims_of(text, "fda_status")
    assert found
    assert not any("fda_status_misstatement" in flags(c) for c in found)


def test_no_drug_company_will_seek_approval_is_not_misstatement() -> None:
    text = (
        "No drug company will sponsor trials to get FDA approval of a cheap generic for depression."
    )
    found = extract_snippet(text, "sentence").claims
    assert not any("fda_status_misstatement" in flags(c) for c in found)


def test_fda_approved_for_depression_is_misstatement() -> None:
    text = "Our ketamine infusions are FDA approved for depression."
    found = claims_of(text, "fda_status")
    assert any("fda_status_misstatement" in flags(c) for c in found)


def test_unsourced_statistic_is_flagged_unqualified() -> None:
    text = "Clinical studies have shown 70% of patients respond."
    found = claims_of(text, "efficacy_statistic")
    assert any("unqualified_efficacy_statistic" in flags(c) for c in found)


def test_sourced_statistic_is_not_flagged_unqualified() -> None:
    text = "In a 2006 NIMH trial of 18 patients, 71% responded."
    found = extract_snippet(text, "sentence").claims
    assert not any("unqualified_efficacy_statistic" in flags(c) for c in found)


def test_safety_qualified_in_same_paragraph_is_not_unqualified() -> None:
    text = "Ketamine is safe. Side effects include nausea and a brief rise in blood pressure."
    found = claims_of(text, "safety", "section")
    assert found
    assert not any("unqualified_safety" in flags(c) for c in found)


# 10. Newer categories.


def test_keep_taking_antidepressant_is_medication_compatibility() -> None:
    text = "Keep taking your antidepressant as prescribed."
    assert "medication_compatibility" in categories(text)


def test_age_limit_is_eligibility() -> None:
    assert "eligibility" in categories("You must be 18 or older.")


def test_booster_schedule_is_protocol() -> None:
    assert "protocol" in categories("Boosters every 4 to 6 weeks keep the benefits going.")


def test_mild_passing_side_effects_is_minimisation() -> None:
    text = "Side effects are mild and fade within an hour."
    found = claims_of(text, "side_effect_minimisation")
    assert any("side_effect_minimisation" in flags(c) for c in found)


def test_mild_passing_side_effects_is_not_disclosure() -> None:
    assert "disclosure" not in categories("Side effects are mild and fade within an hour.")


# 8. Review findings: scope of market prices, ranges, lead-ins, negations and FAQ topics.


def test_market_price_clause_keeps_the_clinics_own_price() -> None:
    price = only(offers_of("Elsewhere infusions run $800; ours are $350.", "price"))
    assert price.amount == 350


def test_two_amounts_joined_by_and_are_not_a_range() -> None:
    price = only(offers_of("An infusion is $450 and $50 of that is the consultation.", "price"))
    assert price.max_amount is None


def test_between_and_is_a_range() -> None:
    price = only(offers_of("Infusions cost between $400 and $700.", "price"))
    assert (price.min_amount, price.max_amount) == (400, 700)


def test_colon_lead_in_heads_only_its_list() -> None:
    text = (
        "# About ketamine\nYou should not have ketamine if you have:\n- active psychosis\n"
        "Ketamine treats depression and PTSD in our clinic."
    )
    assert conditions(text, "section") == {"depression", "ptsd"}


def test_no_to_another_question_keeps_the_conditions_in_the_answer() -> None:
    text = "Q: Do I need a referral? A: No, we treat depression and PTSD directly."
    assert conditions(text, "faq") == {"depression", "ptsd"}


def test_condition_negation_stops_at_but() -> None:
    text = "We do not treat psychosis, but we treat depression with ketamine."
    assert conditions(text) == {"depression"}


def test_billing_an_employer_is_not_insurance() -> None:
    text = "Q: Can you bill my employer? A: Yes, we can send invoices to your employer."
    assert "insurance" not in offers(text, "faq")


def test_never_as_an_instruction_is_no_addiction_denial() -> None:
    text = "Q: Is ketamine addictive? A: Never use ketamine outside a clinic; it can be addictive."
    assert "addiction" not in categories(text, "faq")


def test_risk_free_heading_does_not_make_a_side_effects_list() -> None:
    text = "# Risk-Free Consultation\nKetamine helps depression quickly."
    assert {"efficacy", "onset"} <= categories(text, "section")


def test_price_row_in_plain_text_keeps_its_price() -> None:
    text = "# Fees\nSingle infusion (60 minutes) $365"
    assert only(offers_of(text, "price", "section")).amount == 365


def test_state_abbreviation_is_no_credential() -> None:
    assert "credentials" not in categories("IV ketamine infusions in Bethesda MD McLean VA")


def test_statistic_that_says_it_works_is_also_efficacy() -> None:
    text = "As many as 70% of patients respond positively and feel relief from their symptoms."
    assert {"efficacy_statistic", "efficacy"} <= categories(text)


def test_billing_guarantee_is_no_hedge() -> None:
    text = "A superbill does not guarantee reimbursement from your insurer."
    assert "hedge" not in categories(text)


# A promise about a named condition claims to treat it, though no treating verb is used.


@pytest.mark.parametrize(
    ("text", "kind", "condition"),
    [
        ("Put Your Anxiety Behind You for Good", "heading", "anxiety"),
        ("Our infusions end depression for good.", "sentence", "depression"),
    ],
)
def test_cure_promise_about_a_condition_claims_it(text: str, kind: str, condition: str) -> None:
    assert condition in conditions(text, kind)


def test_fact_about_a_condition_with_a_promise_word_elsewhere_is_not_claimed() -> None:
    text = "Depression affects millions of adults worldwide."
    assert conditions(text) == set()


# A patient's story of recovery says the treatment works.


def test_testimonial_telling_an_outcome_is_also_efficacy() -> None:
    text = "“Three infusions in, my fibromyalgia flare-ups are finally manageable.” — Rosa T."
    assert {"testimonial", "efficacy"} <= categories(text)


def test_testimonial_about_the_staff_is_not_efficacy() -> None:
    text = "“I was nervous walking in, but the staff were lovely.” — Ana"
    assert "efficacy" not in categories(text)


def test_hedged_durability_still_says_the_benefit_lasts() -> None:
    text = "Benefits usually hold for several months, though this differs from person to person."
    assert {"durability", "efficacy"} <= categories(text)


# Time words about getting started, or about how long relief lasted, are no onset claim.


@pytest.mark.parametrize(
    "text",
    [
        "Sign up online and you can begin treatment in as little as five days.",
        "In one trial, the relief from a single dose lasted roughly two weeks.",
        "Nine months after treatment, most of our patients are still well.",
    ],
)
def test_time_to_start_or_to_fade_is_no_onset(text: str) -> None:
    assert "onset" not in categories(text)


def test_reviewing_medications_at_intake_is_no_compatibility_claim() -> None:
    text = "At intake we go over your health history and the medications you take."
    assert "medication_compatibility" not in categories(text)


# A credit handed back is not what treatment costs.


@pytest.mark.parametrize(
    "text",
    [
        "Refer a friend and, after their first session, you'll receive a $60 credit.",
        "When a friend you referred finishes an infusion, we'll credit your account $40.",
    ],
)
def test_referral_credit_is_no_price(text: str) -> None:
    assert "price" not in offers(text)


def test_referral_credit_keeps_the_price_beside_it() -> None:
    text = "Infusions are $420 each; refer a friend and get a $50 credit."
    assert only(offers_of(text, "price")).amount == 420


@pytest.mark.parametrize(
    "text",
    [
        "Payment is due at each visit; payment plans are not available.",
        "We do not offer financing at this time.",
    ],
)
def test_financing_the_clinic_says_it_lacks_is_no_offer(text: str) -> None:
    assert "financing" not in offers(text)


# How treatment is given, not everything that names a route, a time or a setting.


@pytest.mark.parametrize(
    "text",
    [
        "The troches arrive by mail in unmarked packaging.",
        "Store the troches where children can't reach them.",
        "Our front desk answers calls every day of the week.",
        "Deposits are refundable if you cancel at least 24 hours ahead.",
        "Given under medical supervision at low doses, ketamine carries little risk of addiction.",
    ],
)
def test_route_time_or_setting_words_alone_are_no_protocol(text: str) -> None:
    assert "protocol" not in categories(text)


def test_booster_schedule_is_still_a_protocol() -> None:
    assert "protocol" in categories("Most patients return for a booster infusion every month.")


def test_comparing_a_price_with_something_else_is_no_superlative() -> None:
    assert "superlative" not in offers("One dose of the nasal spray costs less than a dinner out.")


def test_comparing_a_price_with_other_clinics_is_a_superlative() -> None:
    assert "superlative" in offers("Our infusions cost less than most clinics in the state.")


# The condition an FAQ question names is claimed by an answer that says yes or promises relief.


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Q: Do you treat PTSD? A: Yes, for adults referred by a therapist.", "ptsd"),
        ("Q: Is ketamine a cure for anxiety? A: No. It often brings real relief.", "anxiety"),
        ("Q: Will it cure my migraines? A: Many patients tell us the attacks ease for months.",
         "migraine"),
    ],
)  # fmt: skip
def test_answer_claims_the_condition_its_question_names(text: str, condition: str) -> None:
    assert condition in conditions(text, "faq")


def test_answer_declining_the_condition_does_not_claim_it() -> None:
    assert "ocd" not in conditions("Q: Do you treat OCD? A: Not at this time.", "faq")


def test_we_treat_it_under_a_condition_heading_claims_that_condition() -> None:
    text = "# Fibromyalgia\nIt is a long-term pain condition.\nOur infusion program helps with it."
    claim = only([c for c in extract_snippet(text, "section").claims if c.condition])
    assert (claim.condition, claim.context) == ("fibromyalgia", "Fibromyalgia")


def test_response_rate_among_people_with_a_condition_claims_it() -> None:
    text = "Close to 65 percent of people with PTSD report lasting relief after a series."
    assert "ptsd" in conditions(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Basic plan | $129/month | 3 sessions", "table_row"),
        ("Most people come back for a booster every five to nine weeks.", "sentence"),
        ("A nurse practitioner stays at your side from start to finish.", "sentence"),
        ("If nothing has shifted after four sessions, we stop and review the plan.", "sentence"),
        ("Our anesthesiologist watches over every session.", "sentence"),
    ],
)
def test_schedule_and_supervision_are_protocol(text: str, kind: str) -> None:
    assert "protocol" in categories(text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "Some people like to journal after a session.",
        "Step #1: Fill in the intake form.",
        "Studies on ketamine in older adults are still limited.",
        "Join our newsletter for the latest research updates.",
    ],
)
def test_research_as_a_topic_or_a_verb_is_no_appeal_to_authority(text: str) -> None:
    assert "authority" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine sparks a wave of glutamate that helps the brain build new links.",
        "On a first SSRI, only about a third of people reach remission.",
        "Compounded troches are not FDA-evaluated for safety or effectiveness.",
    ],
)
def test_mechanism_other_drugs_and_regulatory_facts_are_no_efficacy(text: str) -> None:
    assert "efficacy" not in categories(text)


def test_ketamine_working_where_antidepressants_failed_is_efficacy() -> None:
    text = "Ketamine often works for people whom antidepressants never helped."
    assert "efficacy" in categories(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Under medical supervision the chance of addiction is close to zero.", "sentence"),
        ("Abuse potential | Minimal", "table_row"),
        ("None of our patients has ever become dependent on it.", "sentence"),
        ("Ketamine has not been shown to cause addiction at clinical doses.", "sentence"),
    ],
)
def test_risk_of_addiction_played_down_is_a_denial(text: str, kind: str) -> None:
    found = claims_of(text, "addiction", kind)
    assert any("addiction_denial" in flags(c) for c in found)


def test_stating_the_risk_of_addiction_is_no_denial() -> None:
    assert "addiction" not in categories("Ketamine carries a real risk of misuse outside a clinic.")


@pytest.mark.parametrize(
    "text",
    [
        "As a Schedule III drug, ketamine can be prescribed by licensed clinicians.",
        "The nasal spray carries a boxed warning about sedation.",
        "Under current DEA rules, the first visit can happen by video.",
    ],
)
def test_scheduling_warnings_and_dea_rules_are_regulatory_status(text: str) -> None:
    assert "fda_status" in categories(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("4.9 stars across 380 reviews", "sentence"), ("- 96% patient satisfaction", "list_item")],
)
def test_ratings_patients_gave_are_testimonials(text: str, kind: str) -> None:
    assert "testimonial" in categories(text, kind)


def test_a_count_of_literature_reviews_is_no_testimonial() -> None:
    text = "Two systematic reviews found the evidence for ketamine in OCD thin."
    assert "testimonial" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Our patients' PHQ-9 scores fell by an average of 9 points over the series.",
        "Eight in ten of our patients feel markedly better by the third session.",
    ],
)
def test_a_fall_on_a_symptom_scale_or_feeling_better_is_efficacy(text: str) -> None:
    assert "efficacy" in categories(text)


def test_bare_response_rate_is_no_efficacy() -> None:
    text = "In trials, about two in three people with severe depression responded to ketamine."
    assert "efficacy" not in categories(text)


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Thoughts of taking your own life", "suicidal_ideation"),
        ("Endless worry that keeps you up at night", "anxiety"),
        ("Low mood that lingers after the baby is born", "postpartum_depression"),
        ("Cravings that make every evening a fight not to drink", "alcohol_use"),
    ],
)
def test_a_condition_named_by_its_symptoms_in_a_list_is_claimed(text: str, condition: str) -> None:
    assert condition in conditions(text, "list_item")


@pytest.mark.parametrize(
    "text",
    [
        "Lithium can blunt the response, so your psychiatrist may reduce the dose beforehand.",
        "Gabapentin is fine as long as the dose stays under 300 mg.",
    ],
)
def test_the_other_drugs_dose_is_no_protocol(text: str) -> None:
    assert "protocol" not in categories(text)


def test_a_compatible_drug_beside_a_session_schedule_keeps_the_protocol() -> None:
    text = "You can keep taking your SSRI; we usually give six infusions over two weeks."
    assert {"protocol", "medication_compatibility"} <= categories(text)


def test_what_to_do_if_a_symptom_comes_is_no_disclosure() -> None:
    text = "If you notice a headache afterwards, call the clinic and we'll advise you."
    assert "disclosure" not in categories(text)


def test_a_label_warning_about_dissociation_is_no_experience_claim() -> None:
    text = "The esketamine label warns of dissociation and sedation after each dose."
    assert "experience" not in categories(text)


def test_treatment_a_payer_covers_is_no_free_offer() -> None:
    text = "Eligible veterans can be seen at no cost once the VA approves the referral."
    assert "free_offer" not in offers(text)


def test_a_zero_price_is_a_free_offer() -> None:
    assert offers("Discovery call | $0", "table_row") == {"free_offer"}


def test_a_late_cancellation_charge_is_no_price() -> None:
    assert "price" not in offers("We charge $75 if you cancel on the day of your visit.")


@pytest.mark.parametrize(
    "text",
    [
        "In a modest 2021 study, most participants with CRPS reported less pain.",
        "Recommended by psychiatrists throughout the region.",
        "Our team belongs to the Infusion Therapy Physicians Society.",
    ],
)
def test_studies_endorsements_and_memberships_are_appeals_to_authority(text: str) -> None:
    assert "authority" in categories(text)


def test_education_that_never_replaces_your_doctor_is_a_hedge() -> None:
    text = "These articles inform only and never replace a conversation with your own doctor."
    assert "hedge" in categories(text)


# Edition-6 leftovers: readings a reader who wrote an edit expected.


def test_a_later_answer_sentence_playing_the_risk_down_denies_addiction() -> None:
    text = (
        "Q: Is ketamine addictive? A: Ketamine can be misused outside a clinic. In a supervised "
        "setting with infrequent doses, the risk appears to be low."
    )
    found = claims_of(text, "addiction", "faq")
    assert [c.evidence for c in found] == [
        "In a supervised setting with infrequent doses, the risk appears to be low."
    ]


def test_a_low_risk_outside_an_addiction_answer_is_no_addiction_claim() -> None:
    text = "Q: Do you take walk-ins? A: We book ahead. The risk of a long wait is low."
    assert "addiction" not in categories(text, "faq")


def test_a_share_of_members_who_felt_better_is_a_statistic_not_a_testimonial() -> None:
    text = "In our latest member survey, 4 out of 5 members said they felt less depressed."
    assert categories(text) == {"efficacy_statistic"}


def test_a_share_of_patients_who_would_recommend_us_stays_a_testimonial() -> None:
    assert categories("Nine out of ten patients say they would recommend us.") == {"testimonial"}


def test_a_review_byline_is_no_credentials_claim() -> None:
    assert "credentials" not in categories("Last reviewed May 2026 by Jane Doe, MD.")


@pytest.mark.parametrize(
    "text", ["Address: 12 Harbor Street, Annapolis, MD, US", "12 Main St, Bethesda, MD, USA"]
)
def test_maryland_in_an_address_is_no_medical_degree(text: str) -> None:
    assert "credentials" not in categories(text)


def test_a_doctor_named_with_her_degree_is_still_a_credentials_claim() -> None:
    assert "credentials" in categories("Your infusion is overseen by Jane Doe, MD, FACEP.")


# Edition-7 readings.


def test_an_iv_infusion_set_against_lozenges_and_sprays_is_comparative() -> None:
    assert "comparative" in categories(
        "Unlike lozenges or nasal sprays, an IV infusion delivers exactly the dose intended."
    )


def test_studies_called_small_and_short_are_a_hedge_not_an_appeal_to_authority() -> None:
    found = categories("Those studies were small and short, and the results may not apply to all.")
    assert found == {"hedge"}


def test_a_clinic_that_does_not_offer_home_dosing_claims_no_home_use() -> None:
    assert "at_home" not in categories("We do not currently offer at-home dosing.")


def test_two_thirds_of_patients_who_feel_better_is_a_statistic_not_a_testimonial() -> None:
    found = categories("Around two thirds of our patients tell us they feel better after a series.")
    assert "efficacy_statistic" in found and "testimonial" not in found
