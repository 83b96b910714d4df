"""The context vocabulary (context.yaml), compiled: how headings set the sense of what is under
them, which FAQ questions an answer's "yes" or "no" answers, and the cues for mentions,
instructions, hypotheticals and negated conditions."""

import re
from dataclasses import dataclass
from typing import Any

from flows.extraction.prefilter import EVERYTHING, Candidates
from flows.extraction.rules import VocabularyError, any_of, compile_patterns


@dataclass(frozen=True)
class FaqTopic:
    """What an FAQ answer asserts when its question names this topic (see context.yaml)."""

    name: str
    question: re.Pattern[str]
    negative: str | None = None
    positive: str | None = None
    any: str | None = None
    offer: str | None = None
    answer_needs: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Context:
    """How structure changes what a sentence asserts: heading senses, FAQ topics, condition
    ties and mentions, instructions and hypotheticals."""

    heading_senses: tuple[tuple[str, re.Pattern[str]], ...] = ()
    faq_topics: tuple[FaqTopic, ...] = ()
    negative: re.Pattern[str] | None = None
    positive: re.Pattern[str] | None = None
    downplay: re.Pattern[str] | None = None
    strong_ties: re.Pattern[str] | None = None
    weak_ties: re.Pattern[str] | None = None
    condition_mentions: re.Pattern[str] | None = None
    condition_never: re.Pattern[str] | None = None
    condition_negations: re.Pattern[str] | None = None
    treat_questions: re.Pattern[str] | None = None
    instructions: re.Pattern[str] | None = None
    hypotheticals: re.Pattern[str] | None = None

    def answer_polarity(self, answer: str, seen: Candidates = EVERYTHING) -> tuple[str, str] | None:
        """Whether an answer denies ("No.", "Under supervision, no.") or affirms ("Yes, ..."), with
        the words that say so; a denial wins over words that also affirm. `seen` is the
        prefilter's scan of the answer, when there is one."""
        if m := seen.search(self.negative, answer):
            return "negative", m[0]
        if m := seen.search(self.positive, answer):
            return "positive", m[0]
        return None

    def sentence_patterns(self) -> list[re.Pattern[str]]:
        """The patterns searched on a sentence's own text, for the prefilter."""
        cues = [self.negative, self.positive, self.downplay, self.strong_ties, self.weak_ties,
                self.condition_mentions, self.condition_never, self.instructions,
                self.hypotheticals, *(t.answer_needs for t in self.faq_topics)]  # fmt: skip
        return [p for p in cues if p is not None]

    def heading_sense(self, heading: str) -> str | None:
        if not heading:
            return None
        # In a run of headings the nearest one decides; an outer one decides only if it alone has
        # a sense ("Ketamine Therapy / Who should not have it").
        for part in reversed(heading.split(" / ")):
            for name, pattern in self.heading_senses:
                if pattern.search(part):
                    return name
        return None


def build_context(raw: dict[str, Any]) -> Context:
    where = "context.yaml"
    topics = []
    for name, spec in (raw.get("faq_topics") or {}).items():
        question = any_of(compile_patterns(spec.get("question", []), f"{where}.faq_topics.{name}"))
        if question is None:
            raise VocabularyError(f"{where}.faq_topics.{name}: no question patterns")
        topics.append(
            FaqTopic(
                name=name,
                question=question,
                negative=spec.get("negative"),
                positive=spec.get("positive"),
                any=spec.get("any"),
                offer=spec.get("offer"),
                answer_needs=any_of(
                    compile_patterns(spec.get("answer_needs", []), f"{where}.faq_topics.{name}")
                ),
            )
        )
    senses = []
    for name, patterns in (raw.get("heading_senses") or {}).items():
        union = any_of(compile_patterns(patterns, f"{where}.heading_senses.{name}"))
        if union is not None:
            senses.append((name, union))
    polarity = raw.get("polarity") or {}
    ties = raw.get("condition_ties") or {}

    def one(key: str) -> re.Pattern[str] | None:
        return any_of(compile_patterns(raw.get(key) or [], f"{where}.{key}"))

    return Context(
        heading_senses=tuple(senses),
        faq_topics=tuple(topics),
        negative=any_of(compile_patterns([polarity["negative"]], f"{where}.polarity.negative")),
        positive=any_of(compile_patterns([polarity["positive"]], f"{where}.polarity.positive")),
        downplay=any_of(compile_patterns([polarity["downplay"]], f"{where}.polarity.downplay")),
        strong_ties=any_of(
            compile_patterns(ties.get("strong") or [], f"{where}.condition_ties.strong")
        ),
        weak_ties=any_of(compile_patterns(ties.get("weak") or [], f"{where}.condition_ties.weak")),
        condition_mentions=one("condition_mentions"),
        condition_never=one("condition_never"),
        condition_negations=one("condition_negations"),
        treat_questions=one("treat_questions"),
        instructions=one("instructions"),
        hypotheticals=one("hypotheticals"),
    )
