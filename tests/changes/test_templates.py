"""Templates by meaning: copies of one claim across clinics, lightly reworded, are one template;
claims on one topic that say different things are not."""

from flows.changes.templates import assign_templates, same_template, template_id_of


def test_a_copy_with_the_clinic_and_city_swapped_is_the_same_template() -> None:
    assert same_template(
        "At Pinecrest Ketamine in Austin, most patients feel lighter after their first infusion.",
        "At Harbor Ketamine in Tampa, most patients feel lighter after their first infusion.",
    )


def test_words_reordered_is_the_same_template() -> None:
    assert same_template(
        "Ketamine is not habit forming at the doses given in our clinic.",
        "At the doses given in our clinic, ketamine is not habit forming.",
    )


def test_another_number_is_another_claim() -> None:
    assert not same_template(
        "About 80% of our patients respond to their first series.",
        "About 50% of our patients respond to their first series.",
    )


def test_a_denial_and_its_opposite_are_different_claims() -> None:
    assert not same_template(
        "Ketamine is not addictive when given in a medical setting.",
        "Ketamine can be addictive when given outside a medical setting.",
    )


def test_a_new_sentence_joins_the_template_it_copies() -> None:
    known = [("t1", "Our infusions in Dallas are safe, gentle and closely monitored.")]
    new = [
        ("k2", "safety", "Our infusions in Miami are safe, gentle and closely monitored."),
        ("k3", "safety", "Our infusions are given in a private, quiet and calm suite."),
    ]
    assert [t for _, _, t, _ in assign_templates(new, known)] == ["t1", template_id_of("k3")]


def test_the_same_copy_with_another_timeframe_is_another_template() -> None:
    assert not same_template(
        "Unlike pills that can take a month to work, our infusions often ease depression "
        "symptoms within a few hours.",
        "Unlike pills that can take a month to work, our infusions often ease depression "
        "symptoms within a few days.",
    )


def test_the_same_copy_about_another_condition_is_another_template() -> None:
    assert not same_template(
        "Unlike pills that can take a month to work, our infusions often ease depression "
        "within a few hours.",
        "Unlike pills that can take a month to work, our infusions often ease nerve pain "
        "within a few hours.",
    )


def test_a_short_sentence_whose_words_a_longer_one_holds_is_not_its_copy() -> None:
    assert not same_template(
        "Many patients feel better within the first week.",
        "Many patients feel better within the first week, and the effect can be a real turning "
        "point for people who also live with pain and poor sleep.",
    )


def test_copies_read_with_different_first_categories_still_join_one_template() -> None:
    known = [("t1", "At Blue Haven, ketamine is one of the safest medications a doctor can give.")]
    new = [
        ("k2", "at_home", "At Summit, ketamine is one of the safest medications a doctor can give.")
    ]
    assert [t for _, _, t, _ in assign_templates(new, known)] == ["t1"]
