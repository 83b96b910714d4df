"""Plain text read as page blocks, and the structure segmentation keeps around each sentence:
the heading above it, the question an answer answers, and whether it opens that answer."""

import shutil
from pathlib import Path

import pytest

from flows.cleaning.plain import blocks_from_text
from flows.extraction.segment import segment_blocks
from flows.extraction.vocabulary import VOCAB_DIR, VocabularyError, load_vocabulary

PAGE = """Ketamine Therapy FAQ
Is ketamine addictive?
Under medical supervision, no.
Our team screens every patient first.
Who should not have ketamine
- Active psychosis
- Pregnancy
Spravato may be an option if you:
- Have tried two antidepressants
"""


def test_plain_text_blocks_slice_back_to_the_text() -> None:
    for block in blocks_from_text(PAGE):
        assert PAGE[block.start : block.end] == block.text


def test_plain_text_kinds() -> None:
    kinds = [(b.kind, b.text) for b in blocks_from_text(PAGE)]
    assert kinds[0] == ("heading", "Ketamine Therapy FAQ")
    assert kinds[1] == ("question", "Is ketamine addictive?")
    assert kinds[2] == ("answer", "Under medical supervision, no.")
    assert ("list_item", "Active psychosis") in kinds


def test_markdown_markers_are_read_and_dropped() -> None:
    blocks = blocks_from_text("# Side effects\n- Nausea\nQ: Is it safe?\nA: Yes.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Side effects"),
        ("list_item", "Nausea"),
        ("question", "Is it safe?"),
        ("answer", "Yes."),
    ]


def test_an_answer_carries_its_question() -> None:
    segments = segment_blocks(blocks_from_text(PAGE))
    answer = next(s for s in segments if s.text.startswith("Under medical"))
    assert answer.question == "Is ketamine addictive?"
    assert answer.lead


def test_only_the_first_block_opens_an_answer() -> None:
    segments = segment_blocks(blocks_from_text(PAGE))
    later = next(s for s in segments if s.text.startswith("Our team screens"))
    assert later.question == "Is ketamine addictive?"
    assert not later.lead


def test_list_items_carry_the_heading_above_them() -> None:
    segments = segment_blocks(blocks_from_text(PAGE))
    item = next(s for s in segments if s.text == "Pregnancy")
    assert item.heading == "Who should not have ketamine"


def test_a_line_ending_in_a_colon_heads_the_list_below() -> None:
    segments = segment_blocks(blocks_from_text(PAGE))
    item = next(s for s in segments if s.text.startswith("Have tried"))
    assert item.heading == "Spravato may be an option if you:"


def test_heading_senses() -> None:
    context = load_vocabulary().context
    assert context.heading_sense("Who should not have ketamine") == "exclusion"
    assert context.heading_sense("Possible side effects") == "side_effects"
    assert context.heading_sense("Conditions we treat") == "conditions"
    assert context.heading_sense("Before your infusion") == "preparation"
    assert context.heading_sense("Our story") is None


def test_an_faq_topic_naming_an_unknown_category_is_refused(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, vocab)
    context = vocab / "context.yaml"
    context.write_text(
        context.read_text(encoding="utf-8").replace("negative: addiction", "negative: addicton"),
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError, match=r"context\.yaml faq_topics\.addiction.*addicton"):
        load_vocabulary(vocab)
