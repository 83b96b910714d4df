"""Load the versioned vocabularies in flows/extraction/vocab/ and compile their patterns once."""

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from flows.extraction.context import Context, build_context
from flows.extraction.prefilter import Candidates
from flows.extraction.rules import (
    Rule,
    VocabularyError,
    build_rule,
    compile_patterns,
)

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
# The kinds of rule searched on every sentence, as the Vocabulary's fields are named.
RuleKind = Literal["claims", "conditions", "offers"]
RULE_KINDS: tuple[RuleKind, ...] = get_args(RuleKind)
SEVERITY_LINE = re.compile(r"(?m)^\s*severity:.*\n")


# Compared by identity: extraction keeps each vocabulary's prefilter beside it.
@dataclass(frozen=True, eq=False)
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
    # False searches every pattern on every sentence, as on a machine without hyperscan; the
    # results are the same (tests compare the two).
    prefilter_enabled: bool = True

    def claim_rule(self, name: str) -> Rule:
        return self._claims_by_name[name]

    @cached_property
    def _claims_by_name(self) -> dict[str, Rule]:
        return {r.name: r for r in self.claims}

    def rule_groups(self) -> dict[str, list[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]]]:
        """Each kind of rule as the prefilter takes it: every rule's alternation with its
        patterns, in order (`candidates` then names the rules that can match)."""
        return {kind: [(r.pattern, r.patterns) for r in getattr(self, kind)] for kind in RULE_KINDS}

    def sentence_patterns(self) -> list[re.Pattern[str]]:
        """The other vocabulary patterns searched on a sentence's own text, for the prefilter."""
        named = (*self.audiences, *self.insurance_status)
        rules = (*self.claims, *self.conditions, *self.offers)
        guards = [g for r in rules for g in (r.needs, r.suppress) if g is not None]
        return [
            *(p for _, p in named),
            *self.not_advertised,
            *guards,
            *self.context.sentence_patterns(),
        ]

    def candidates(self, kind: RuleKind, seen: Candidates) -> list[Rule]:
        """The rules of a kind, in order, that can match the sentence `seen` was scanned from."""
        rules: tuple[Rule, ...] = getattr(self, kind)
        return [rules[i] for i in seen.among(kind, len(rules))]


def _named(raw: dict[str, str], where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (name, compile_patterns([text], f"{where}.{name}")[0]) for name, text in raw.items()
    )


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
        claims=tuple(build_rule(n, s, "claims.yaml") for n, s in claims.items()),
        conditions=tuple(build_rule(n, s, "conditions.yaml") for n, s in conditions.items()),
        offers=tuple(build_rule(n, s, "offers.yaml") for n, s in offers["types"].items()),
        audiences=_named(offers["audiences"], "offers.yaml audiences"),
        units=_named(offers["units"], "offers.yaml units"),
        insurance_status=_named(offers["insurance_status"], "offers.yaml insurance_status"),
        risk_rules={name: spec["rule"] for name, spec in flags.items()},
        risk_severity={name: spec.get("severity", "") for name, spec in flags.items()},
        not_advertised=compile_patterns(
            raw["conditions.yaml"].get("not_advertised", []), "conditions.yaml not_advertised"
        ),
        context=build_context(raw["context.yaml"]),
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
