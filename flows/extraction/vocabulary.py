"""Load the versioned vocabularies in flows/extraction/vocab/ and compile their patterns once."""

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_DIR = Path(__file__).parent / "vocab"
FILES = ("claims.yaml", "conditions.yaml", "offers.yaml", "risk_rules.yaml", "context.yaml")


# Flags raised by checks in Python (claims.py, offers.py beside this module) rather than by a
# category in claims.yaml; risk_rules.yaml must define them too.
CODE_FLAGS = frozenset(
    {
        "fda_status_misstatement",
        "spravato_conflation",
        "side_effect_minimisation",
        "at_home_safety_framing",
        "board_unnamed",
        "indication_beyond_evidence",
        "free_or_discount_offer",
    }
)


SEVERITIES = ("high", "medium")
SEVERITY_LINE = re.compile(r"(?m)^\s*severity:.*\n")


class VocabularyError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """One category or offer type: when it fires and when it must not. Each list of patterns
    is compiled into one alternation, so a sentence costs one search per list."""

    name: str
    pattern: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]
    needs: re.Pattern[str] | None = None
    suppress: re.Pattern[str] | None = None
    in_questions: bool = False
    flags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def first_match(self, text: str, is_question: bool = False) -> re.Match[str] | None:
        if is_question and not self.in_questions:
            return None
        # The pattern first: it rarely matches, so the guards are rarely searched.
        match = self.pattern.search(text)
        if match is None:
            return None
        if self.suppress is not None and self.suppress.search(text):
            return None
        if self.needs is not None and not self.needs.search(text):
            return None
        return match


def _union(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    parts = [f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})" for p in patterns]
    return re.compile("|".join(parts))


def _compile(raw: list[str], where: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    if isinstance(raw, str):  # one pattern written without the list around it
        raw = [raw]
    compiled = []
    for i, text in enumerate(raw or []):
        try:
            compiled.append(re.compile(text, flags))
        except re.error as exc:
            raise VocabularyError(f"{where}, pattern #{i + 1} {text!r}: {exc}") from exc
    return tuple(compiled)


def _rule(name: str, spec: dict[str, Any], where: str) -> Rule:
    patterns = _compile(spec.get("patterns", []), f"{where}.{name}.patterns")
    patterns += _compile(spec.get("patterns_cs", []), f"{where}.{name}.patterns_cs", 0)
    if not patterns:
        raise VocabularyError(f"{where}.{name}: no patterns")
    known = {"patterns", "patterns_cs", "needs", "suppress", "in_questions", "flags"}
    if "confidence" in spec and not 0.0 < float(spec["confidence"]) <= 1.0:
        raise VocabularyError(f"{where}.{name}.confidence: a share between 0 and 1")
    union = _union(patterns)
    assert union is not None
    return Rule(
        name=name,
        pattern=union,
        patterns=patterns,
        needs=_union(_compile(spec.get("needs", []), f"{where}.{name}.needs")),
        suppress=_union(_compile(spec.get("suppress", []), f"{where}.{name}.suppress")),
        in_questions=bool(spec.get("in_questions", False)),
        flags=tuple(spec.get("flags", [])),
        extra={k: v for k, v in spec.items() if k not in known},
    )


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
    strong_ties: re.Pattern[str] | None = None
    weak_ties: re.Pattern[str] | None = None
    condition_mentions: re.Pattern[str] | None = None
    condition_never: re.Pattern[str] | None = None
    condition_negations: re.Pattern[str] | None = None
    treat_questions: re.Pattern[str] | None = None
    instructions: re.Pattern[str] | None = None
    hypotheticals: re.Pattern[str] | None = None

    def answer_polarity(self, answer: str) -> tuple[str, str] | None:
        """Whether an answer denies ("No.", "Under supervision, no.") or affirms ("Yes, ..."), with
        the words that say so; a denial wins over words that also affirm."""
        if self.negative is not None and (m := self.negative.search(answer)):
            return "negative", m[0]
        if self.positive is not None and (m := self.positive.search(answer)):
            return "positive", m[0]
        return None

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


def _context(raw: dict[str, Any]) -> Context:
    where = "context.yaml"
    topics = []
    for name, spec in (raw.get("faq_topics") or {}).items():
        question = _union(_compile(spec.get("question", []), f"{where}.faq_topics.{name}"))
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
                answer_needs=_union(
                    _compile(spec.get("answer_needs", []), f"{where}.faq_topics.{name}")
                ),
            )
        )
    senses = []
    for name, patterns in (raw.get("heading_senses") or {}).items():
        union = _union(_compile(patterns, f"{where}.heading_senses.{name}"))
        if union is not None:
            senses.append((name, union))
    polarity = raw.get("polarity") or {}
    ties = raw.get("condition_ties") or {}

    def one(key: str) -> re.Pattern[str] | None:
        return _union(_compile(raw.get(key) or [], f"{where}.{key}"))

    return Context(
        heading_senses=tuple(senses),
        faq_topics=tuple(topics),
        negative=_union(_compile([polarity["negative"]], f"{where}.polarity.negative")),
        positive=_union(_compile([polarity["positive"]], f"{where}.polarity.positive")),
        strong_ties=_union(_compile(ties.get("strong") or [], f"{where}.condition_ties.strong")),
        weak_ties=_union(_compile(ties.get("weak") or [], f"{where}.condition_ties.weak")),
        condition_mentions=one("condition_mentions"),
        condition_never=one("condition_never"),
        condition_negations=one("condition_negations"),
        treat_questions=one("treat_questions"),
        instructions=one("instructions"),
        hypotheticals=one("hypotheticals"),
    )


@dataclass(frozen=True)
class Vocabulary:
    version: str
    claims: tuple[Rule, ...]
    conditions: tuple[Rule, ...]
    offers: tuple[Rule, ...]
    audiences: tuple[tuple[str, re.Pattern[str]], ...]
    units: tuple[tuple[str, re.Pattern[str]], ...]
    insurance_status: tuple[tuple[str, re.Pattern[str]], ...]
    risk_rules: dict[str, str]
    risk_severity: dict[str, str]
    not_advertised: tuple[re.Pattern[str], ...] = ()
    context: Context = field(default_factory=Context)
    # How often a condition row is right, listed ("Conditions we treat: PTSD") or stated in a
    # sentence; measured on judged real pages (conditions.yaml).
    condition_confidence: dict[str, float] = field(default_factory=dict)
    price_confidence: float = 0.8

    def claim_rule(self, name: str) -> Rule:
        return next(r for r in self.claims if r.name == name)


def _named(raw: dict[str, str], where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, _compile([text], f"{where}.{name}")[0]) for name, text in raw.items())


def vocab_dir() -> Path:
    """The vocabularies in use: the ones shipped in flows/extraction/vocab/, or an analyst's own
    copy of that folder named by KAM_VOCAB_DIR."""
    return Path(os.environ.get("KAM_VOCAB_DIR") or VOCAB_DIR)


@cache
def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    """Parse and compile every vocabulary file (read once per process, i.e. per flow run); the
    version names the files' content, so any edit by an analyst shows on the rows extracted
    with it."""
    directory = directory or vocab_dir()
    raw: dict[str, Any] = {}
    digest = hashlib.sha256()
    versions = []
    for name in FILES:
        path = directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise VocabularyError(
                f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8."
            ) from exc
        except OSError as exc:
            raise VocabularyError(f"{path}: cannot read vocabulary file ({exc.strerror}).") from exc
        # Severities only steer reports and alerts; editing one must not re-extract every page.
        hashed = SEVERITY_LINE.sub("", text) if name == "risk_rules.yaml" else text
        digest.update(hashed.encode())
        try:
            raw[name] = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise VocabularyError(f"{path}: not valid YAML: {exc}") from exc
        _check_shape(path, raw[name], REQUIRED_SECTIONS.get(name, ()))
        versions.append(str(raw[name].get("version", "0")))
    try:
        return _build(directory, raw, f"{max(versions)}+{digest.hexdigest()[:8]}")
    except VocabularyError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise VocabularyError(
            f"{directory}: a vocabulary entry is not shaped as expected ({type(exc).__name__}: "
            f"{exc}); compare it with the same entry in the shipped flows/extraction/vocab/."
        ) from exc


# Top-level sections each vocabulary file must have, each a mapping.
REQUIRED_SECTIONS: dict[str, tuple[str, ...]] = {
    "claims.yaml": ("categories",),
    "conditions.yaml": ("conditions",),
    "offers.yaml": ("types", "audiences", "units", "insurance_status"),
    "risk_rules.yaml": ("flags",),
}


def _check_shape(path: Path, data: Any, sections: tuple[str, ...]) -> None:
    if not isinstance(data, dict):
        shape = "empty" if data is None else f"a {type(data).__name__}"
        raise VocabularyError(
            f"{path}: expected a mapping of sections at the top level, found {shape}; restore "
            "the file from flows/extraction/vocab/ or git and edit it there."
        )
    for section in sections:
        if not isinstance(data.get(section), dict):
            found = "missing" if section not in data else f"a {type(data[section]).__name__}"
            raise VocabularyError(
                f"{path}: section {section!r} must be a mapping of named entries ({found})."
            )


def _build(directory: Path, raw: dict[str, Any], version: str) -> Vocabulary:
    claims = raw["claims.yaml"]["categories"]
    conditions = raw["conditions.yaml"]["conditions"]
    offers = raw["offers.yaml"]
    flags = raw["risk_rules.yaml"]["flags"]
    vocab = Vocabulary(
        version=version,
        claims=tuple(_rule(n, s, "claims.yaml") for n, s in claims.items()),
        conditions=tuple(_rule(n, s, "conditions.yaml") for n, s in conditions.items()),
        offers=tuple(_rule(n, s, "offers.yaml") for n, s in offers["types"].items()),
        audiences=_named(offers["audiences"], "offers.yaml audiences"),
        units=_named(offers["units"], "offers.yaml units"),
        insurance_status=_named(offers["insurance_status"], "offers.yaml insurance_status"),
        risk_rules={name: spec["rule"] for name, spec in flags.items()},
        risk_severity={name: spec.get("severity", "") for name, spec in flags.items()},
        not_advertised=_compile(
            raw["conditions.yaml"].get("not_advertised", []), "conditions.yaml not_advertised"
        ),
        context=_context(raw["context.yaml"]),
        price_confidence=float(offers.get("price_confidence", 0.8)),
        condition_confidence={
            k: float(v) for k, v in (raw["conditions.yaml"].get("confidence") or {}).items()
        },
    )
    unknown = {f for rule in vocab.claims for f in rule.flags} - set(vocab.risk_rules)
    if unknown:
        raise VocabularyError(f"claims.yaml uses flags not defined in risk_rules.yaml: {unknown}")
    unrated = sorted(n for n, s in vocab.risk_severity.items() if s not in SEVERITIES)
    if unrated:
        raise VocabularyError(
            f"{directory / 'risk_rules.yaml'}: give each flag a severity "
            f"({', '.join(SEVERITIES)}): {', '.join(unrated)}"
        )
    categories = {r.name for r in vocab.claims}
    offer_types = {r.name for r in vocab.offers}
    for topic in vocab.context.faq_topics:
        for claim in (topic.negative, topic.positive, topic.any):
            if claim is not None and claim not in categories:
                raise VocabularyError(
                    f"context.yaml faq_topics.{topic.name}: unknown claim category {claim!r}"
                )
        if topic.offer is not None and topic.offer not in offer_types:
            raise VocabularyError(
                f"context.yaml faq_topics.{topic.name}: unknown offer type {topic.offer!r}"
            )
    missing = CODE_FLAGS - set(vocab.risk_rules)
    if missing:
        raise VocabularyError(
            f"{directory / 'risk_rules.yaml'} must define the flags the extractor raises itself: "
            f"{', '.join(sorted(missing))}"
        )
    return vocab


def high_risk_flags(vocab: Vocabulary) -> list[str]:
    return sorted(name for name, severity in vocab.risk_severity.items() if severity == "high")
