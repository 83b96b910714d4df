"""Extraction on sample-web pages: each claim category and offer type, found where the page
says it, with evidence that points back into the stored text."""

from functools import cache

import pytest

from flows.cleaning import clean_html
from flows.extraction.extract import PageExtraction, extract_blocks
from sampleweb.model import clinics_at
from sampleweb.server import SampleWeb


@cache
def page(clinic: str, path: str, edition: int = 1) -> tuple[str, PageExtraction]:
    web = SampleWeb()
    web.ports = dict.fromkeys(clinics_at(edition), 9)  # rendered offline, never served
    web.edition_number = edition
    reply = web.reply(clinic, path)
    cleaned = clean_html(reply.body, reply.content_type)
    return cleaned.text, extract_blocks(list(cleaned.blocks))


CLAIMS = [
    ("northstar", "/faq/", "addiction", "ketamine is not addictive"),
    ("northstar", "/", "cure", "reset button for the mind"),
    ("bluehaven", "/", "efficacy_statistic", "70% of our patients report relief"),
    ("bluehaven", "/faq/", "onset", "shortly after their first infusion"),
    ("bluehaven", "/treatments/", "durability", "relief that lasts for months"),
    ("bluehaven", "/faq/", "safety", "long safety record"),
    ("bluehaven", "/", "fda_status", "FDA-approved ketamine infusions"),
    ("bluehaven", "/faq/", "experience", "slightly dreamy feeling"),
    ("bluehaven", "/faq/", "disclosure", "mild nausea or dizziness"),
    ("bluehaven", "/about/", "authority", "American Society of Ketamine"),
    ("bluehaven", "/", "testimonial", "After two tours"),
    ("clearpath", "/", "comparative", "different pathway than traditional antidepressants"),
    ("clearpath", "/", "hedge", "does not work for everyone"),
    ("clearpath", "/", "mechanism", "target serotonin"),
    ("novamind", "/", "at_home", "lozenges"),
    ("harborlight", "/about/", "credentials", "American Board of Psychiatry and Neurology"),
    ("summit", "/", "efficacy", ""),
]


@pytest.mark.parametrize(("clinic", "path", "category", "evidence"), CLAIMS)
def test_claim_category_found_on_sample_page(
    clinic: str, path: str, category: str, evidence: str
) -> None:
    _, result = page(clinic, path)
    found = [c for c in result.claims if c.category == category and evidence in c.evidence]
    assert found, f"{category} with {evidence!r} not found on {clinic}{path}"


@pytest.mark.parametrize(
    ("clinic", "path", "condition"),
    [
        ("clearpath", "/treatments/", "ocd"),
        ("summit", "/", "crps"),
        ("bluehaven", "/treatments/", "treatment_resistant_depression"),
        ("bluehaven", "/treatments/", "postpartum_depression"),
        ("riverbend", "/treatments/", "fibromyalgia"),
    ],
)
def test_conditions_are_normalised(clinic: str, path: str, condition: str) -> None:
    _, result = page(clinic, path)
    assert condition in result.facts["conditions"]


def test_condition_added_in_edition_two_is_extracted() -> None:
    _, before = page("clearpath", "/treatments/", 1)
    _, after = page("clearpath", "/treatments/", 2)
    assert "ptsd" not in before.facts["conditions"]
    assert "ptsd" in after.facts["conditions"]


def test_statistic_is_parsed_and_flagged_without_a_source() -> None:
    _, result = page("bluehaven", "/")
    stat = next(c for c in result.claims if c.category == "efficacy_statistic")
    assert stat.quantities["percent"] == 70.0
    assert "unqualified_efficacy_statistic" in [f["flag"] for f in stat.flags]


def test_addiction_denial_carries_its_rule() -> None:
    _, result = page("northstar", "/faq/")
    claim = next(c for c in result.claims if c.category == "addiction")
    assert claim.flags[0]["flag"] == "addiction_denial"
    assert "abuse" in claim.flags[0]["rule"]


def test_hedge_is_not_counted_as_the_claim_it_negates() -> None:
    _, result = page("evergreen", "/")
    hedges = [c for c in result.claims if "not a cure" in c.evidence]
    assert hedges and all(c.category != "cure" for c in hedges)
    assert any(c.category == "hedge" for c in hedges)


def test_every_evidence_span_points_into_the_stored_text() -> None:
    for clinic, path in [("northstar", "/pricing/"), ("harborlight", "/faq/"), ("novamind", "/")]:
        text, result = page(clinic, path)
        for record in [*result.claims, *result.offers]:
            assert text[record.start : record.end] == record.evidence


OFFERS = [
    ("northstar", "/pricing/", "price", "Single IV ketamine infusion"),
    ("northstar", "/pricing/", "discount", "10% off your first infusion"),
    ("bluehaven", "/pricing/", "package", "Six-infusion package"),
    ("bluehaven", "/", "free_offer", "free phone screening"),
    ("novamind", "/", "membership", "monthly membership"),
    ("bluehaven", "/pricing/", "financing", "outside lender"),
    ("harborlight", "/pricing/", "insurance", ""),
    ("riverbend", "/", "guarantee", "match any advertised price"),
    ("novamind", "/", "urgency", "Limited spots this month"),
    ("novamind", "/", "superlative", "Most Affordable"),
    ("riverbend", "/", "referral", "Referral credit"),
]


@pytest.mark.parametrize(("clinic", "path", "kind", "evidence"), OFFERS)
def test_offer_type_found_on_sample_page(clinic: str, path: str, kind: str, evidence: str) -> None:
    _, result = page(clinic, path)
    found = [o for o in result.offers if o.type == kind and evidence in o.evidence]
    assert found, f"{kind} with {evidence!r} not found on {clinic}{path}"


def test_price_row_is_parsed_with_amount_currency_and_unit() -> None:
    _, result = page("northstar", "/pricing/")
    price = next(o for o in result.offers if o.type == "price" and "Single IV" in o.evidence)
    assert (price.amount, price.currency, price.unit) == (450.0, "USD", "infusion")


def test_discount_percent_and_audience() -> None:
    _, result = page("northstar", "/pricing/")
    discount = next(o for o in result.offers if o.type == "discount" and o.percent)
    assert discount.percent == 10.0
    assert "new_patients" in discount.audience


def test_raised_discount_in_edition_two() -> None:
    _, later = page("northstar", "/pricing/", 2)
    assert 20.0 in {o.percent for o in later.offers if o.type == "discount"}


def test_page_facts_record_risk_disclosure() -> None:
    _, careful = page("harborlight", "/faq/")
    assert careful.facts["discloses_risk"] is True


def test_every_record_names_the_extractor_and_vocabulary_version() -> None:
    _, result = page("northstar", "/")
    assert result.version.startswith("extract-") and "/vocab-" in result.version
