"""The editions' answer keys: what each edition changed on purpose."""

import pytest

from sampleweb import model


def test_a_patch_without_expect_is_a_deliberate_non_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patches = [
        {"clinic": "northstar", "page": "/faq/", "replace": {"a": "b"}},  # a typo fix
        {"clinic": "clearpath", "page": "/", "expect": {"kind": "claim_added"}},
    ]
    edition = model.Edition(9, "2026-09-01", 2026, "", {}, patches, [])
    monkeypatch.setattr(model, "edition", lambda number: edition)
    assert model.answer_key(9) == [{"clinic": "clearpath", "page": "/", "kind": "claim_added"}]
