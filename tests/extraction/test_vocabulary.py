"""The vocabularies are data an analyst edits; mistakes in them fail loudly and by name."""

import re
import shutil
from pathlib import Path

import pytest

from flows.extraction.vocabulary import VOCAB_DIR, VocabularyError, load_vocabulary


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


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("", "claims.yaml: expected a mapping of sections at the top level, found empty"),
        ("- a list\n- not a mapping\n", "found a list"),
        ("version: 3\n", "section 'categories' must be a mapping of named entries (missing)"),
        ("version: 3\ncategories: [cure]\n", "section 'categories' must be a mapping"),
    ],
)
def test_empty_or_wrong_shaped_file_is_named(vocab_copy: Path, content: str, named: str) -> None:
    (vocab_copy / "claims.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=re.escape(named)):
        load_vocabulary(vocab_copy)


def test_wrong_shaped_entry_is_named_with_its_folder(vocab_copy: Path) -> None:
    offers = vocab_copy / "offers.yaml"
    offers.write_text(offers.read_text(encoding="utf-8") + "\nprice_confidence: high\n")
    with pytest.raises(VocabularyError, match=f"{re.escape(str(vocab_copy))}: a vocabulary entry"):
        load_vocabulary(vocab_copy)


def test_file_not_in_utf8_is_named(vocab_copy: Path) -> None:
    (vocab_copy / "conditions.yaml").write_bytes(b"conditions:\n  caf\xe9: {}\n")
    with pytest.raises(VocabularyError, match=r"conditions\.yaml: not UTF-8 text \(byte 17\)"):
        load_vocabulary(vocab_copy)
