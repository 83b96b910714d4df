"""The vocabularies are data an analyst edits; mistakes in them fail loudly and by name."""

import shutil
from pathlib import Path

import pytest

from flows.vocabulary import VOCAB_DIR, VocabularyError, load_vocabulary


@pytest.fixture
def vocab_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, folder)
    return folder


def test_bundled_vocabularies_load_with_a_version() -> None:
    vocab = load_vocabulary()
    assert vocab.version.startswith("2026") and "+" in vocab.version


def test_editing_a_file_changes_the_version(vocab_copy: Path) -> None:
    before = load_vocabulary(vocab_copy).version
    claims = vocab_copy / "claims.yaml"
    claims.write_text(claims.read_text() + "\n# an analyst's note\n")
    load_vocabulary.cache_clear()  # vocabularies are read once per process, i.e. per flow run
    assert load_vocabulary(vocab_copy).version != before


def test_broken_pattern_is_named(vocab_copy: Path) -> None:
    claims = vocab_copy / "claims.yaml"
    text = claims.read_text().replace("'\\bmiracl\\w+", "'\\bmiracl(\\w+", 1)
    claims.write_text(text)
    with pytest.raises(VocabularyError, match=r"claims\.yaml\.cure\.patterns, pattern #\d+"):
        load_vocabulary(vocab_copy)


def test_flag_raised_in_code_must_have_a_rule(vocab_copy: Path) -> None:
    rules = vocab_copy / "risk_rules.yaml"
    text = rules.read_text()
    start = text.index("  board_unnamed:")
    end = text.index("\n  free_or_discount_offer:")
    rules.write_text(text[:start] + text[end + 1 :])
    with pytest.raises(VocabularyError, match="board_unnamed"):
        load_vocabulary(vocab_copy)
