"""What change detection compares and what it stores: the claim and offer records of a state,
grouped by the sentence that carries them, and the change rows a diff produces."""

from dataclasses import dataclass, field
from typing import Any

from flows.changes.kinds import ChangeKind


@dataclass
class Record:
    stream: str  # claim or offer
    category: str
    values: dict[str, Any]
    evidence: str
    zone: str
    flags: list[str]
    page_id: str
    url: str


@dataclass
class Sentence:
    key: str
    evidence: str
    page_id: str
    url: str
    records: list[Record] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def categories(self) -> list[str]:
        return sorted({r.category for r in self.records})

    @property
    def flags(self) -> list[str]:
        return sorted({f for r in self.records for f in r.flags})

    def only(self, stream: str) -> "Sentence":
        """The same sentence with the records of one stream."""
        records = [r for r in self.records if r.stream == stream]
        return Sentence(self.key, self.evidence, self.page_id, self.url, records, self.start,
                        self.end)  # fmt: skip


@dataclass
class State:
    """What a clinic's site said in one run: its sentences by identity, and the pages the run
    read, so a sentence is only "removed" from a page that was read."""

    sentences: dict[str, Sentence] = field(default_factory=dict)
    checked_pages: set[str] = field(default_factory=set)
    # The version each page showed, and the URL it answered at.
    bodies: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)


@dataclass
class Change:
    clinic_id: str
    kind: str
    stream: str
    page_id: str | None = None
    url: str | None = None
    categories: list[str] = field(default_factory=list)
    before_value: str | None = None
    after_value: str | None = None
    before_evidence: str | None = None
    after_evidence: str | None = None
    risk_flags: list[str] = field(default_factory=list)
    # The identities of the sentences before and after, and the lineage both belong to.
    before_key: str | None = None
    after_key: str | None = None
    lineage_id: str | None = None

    def __post_init__(self) -> None:
        # Kinds are partly composed ("hedge" + "_added"); only listed ones may be stored.
        kind = ChangeKind(self.kind)
        if kind.stream != self.stream:
            raise ValueError(
                f"change kind {kind} belongs to stream {kind.stream}, not {self.stream}"
            )
