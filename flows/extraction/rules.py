"""Compiled vocabulary rules: one category, offer type or condition, when it fires and when it
must not; and the pattern compilation every vocabulary file shares, with errors that name the
file, the entry and the pattern."""

import re
from dataclasses import dataclass, field
from typing import Any

from flows.extraction.prefilter import EVERYTHING, Candidates


class VocabularyError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """One category or offer type: when it fires and when it must not. Each list of patterns
    is compiled into one alternation; given the prefilter's scan of a sentence, only the patterns
    that can match there are searched (`search`), with the alternation's result."""

    name: str
    pattern: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]
    needs: re.Pattern[str] | None = None
    suppress: re.Pattern[str] | None = None
    in_questions: bool = False
    flags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def first_match(
        self, text: str, is_question: bool = False, seen: Candidates = EVERYTHING
    ) -> re.Match[str] | None:
        """The pattern's first match where the guards allow it; `seen` is the prefilter's scan
        of `text`, when there is one."""
        if is_question and not self.in_questions:
            return None
        # The pattern first: it rarely matches, so the guards are rarely searched.
        match = self.search(text, seen)
        if match is None:
            return None
        if seen.search(self.suppress, text):
            return None
        if self.needs is not None and not seen.search(self.needs, text):
            return None
        return match

    def search(self, text: str, seen: Candidates = EVERYTHING) -> re.Match[str] | None:
        """`self.pattern.search(text)`, searching only what the prefilter's scan `seen` left."""
        return seen.search(self.pattern, text)


def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    parts = [f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})" for p in patterns]
    return re.compile("|".join(parts))


def compile_patterns(
    raw: list[str], where: str, flags: int = re.IGNORECASE
) -> tuple[re.Pattern[str], ...]:
    if isinstance(raw, str):  # one pattern written without the list around it
        raw = [raw]
    compiled = []
    for i, text in enumerate(raw or []):
        try:
            compiled.append(re.compile(text, flags))
        except re.error as exc:
            raise VocabularyError(f"{where}, pattern #{i + 1} {text!r}: {exc}") from exc
    return tuple(compiled)


def build_rule(name: str, spec: dict[str, Any], where: str) -> Rule:
    patterns = compile_patterns(spec.get("patterns", []), f"{where}.{name}.patterns")
    patterns += compile_patterns(spec.get("patterns_cs", []), f"{where}.{name}.patterns_cs", 0)
    if not patterns:
        raise VocabularyError(f"{where}.{name}: no patterns")
    known = {"patterns", "patterns_cs", "needs", "suppress", "in_questions", "flags"}
    if "confidence" in spec and not 0.0 < float(spec["confidence"]) <= 1.0:
        raise VocabularyError(f"{where}.{name}.confidence: a share between 0 and 1")
    union = any_of(patterns)
    assert union is not None
    return Rule(
        name=name,
        pattern=union,
        patterns=patterns,
        needs=any_of(compile_patterns(spec.get("needs", []), f"{where}.{name}.needs")),
        suppress=any_of(compile_patterns(spec.get("suppress", []), f"{where}.{name}.suppress")),
        in_questions=bool(spec.get("in_questions", False)),
        flags=tuple(spec.get("flags", [])),
        extra={k: v for k, v in spec.items() if k not in known},
    )
