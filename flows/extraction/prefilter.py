"""One pass over a sentence that tells which of many patterns can possibly match it, so the exact
`re` search runs only for those (issue 13: every rule was searched on every sentence, about a
million searches for a few hundred pages, nearly all of them misses).

Each pattern is read with Python's own regex parser and reduced to short pieces of text that any
match must contain: runs of literals and small classes, in case-folded UTF-8 bytes, between the
parts that are widened to "any text" (word boundaries, anchors and lookarounds are dropped;
repeats, optional parts, back references and classes with \\w, \\d, \\s or negation become gaps).
Under IGNORECASE a literal stands for every character Python's case folding matches to it (the
Kelvin sign for "k" too), found by asking `re` itself. Of the pieces a match needs all of, one is
kept, the longest; of alternatives, each. Every kept piece goes into one hyperscan database with
its pattern's id, and a text is scanned once: a pattern whose pieces all miss cannot match, and
the others are candidates that the caller's own `re` search still decides. So results are those
of searching every pattern; only the number of searches changes.

A pattern made of alternatives is searched as them, only the candidate ones (`_alternatives`).
A pattern that cannot be reduced (a construct this module does not know) or could match with
none of its pieces present is always a candidate, and so is every pattern without hyperscan
(pyproject.toml asks for it on x86-64 machines only): the same results, only slower.
"""

import array
import importlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

try:
    import hyperscan
except ImportError:  # no wheel for this machine: every pattern is a candidate
    hyperscan = None  # type: ignore[assignment]

# Python's own parser, so the pieces read every construct exactly as `re` does.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
_compiler: Any = importlib.import_module("re._compiler")

IGNORECASE = int(re.IGNORECASE)
CASE_FLAGS = IGNORECASE | int(re.ASCII)
# A class of more characters than this is written as a gap.
CLASS_CAP = 64
# Strings this long are rare enough; past it, fewer strings count for more than longer ones.
LONG_ENOUGH = 6
# Strings a run may stand for before it is split into runs needed apart.
SET_CAP = 256
# Runs joined while the strings they make stay this few.
JOIN_CAP = 16

Items = list[tuple[Any, Any]]
Union = tuple[re.Pattern[str], Sequence[re.Pattern[str]]]
# A pattern that refers to a group by number or name is searched whole: apart, an alternative
# could mean another group. (Text that only looks like a reference just costs the split.)
GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def fold(text: str) -> str:
    """The text hyperscan scans, and the form pieces are written in: case-folded, with the
    Turkish dotted and dotless i as plain i (Python's IGNORECASE matches both to "i"), so each
    ASCII letter of a pattern is one byte. Folding goes character by character, so the folded
    text holds the folded form of each character a match consumed, in order."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text or "\u0131" in text:
        text = text.replace("\u0130", "i").replace("\u0131", "i")
    return text.casefold()


@dataclass(frozen=True)
class _Piece:
    """A run of the text without gaps, as the folded UTF-8 strings it can be."""

    strings: frozenset[bytes]

    @property
    def least(self) -> int:
        return min(map(len, self.strings))


@dataclass(frozen=True)
class _Either:
    """Alternatives some of which have gaps inside; one of them must be present."""

    options: tuple["_All", ...]


@dataclass(frozen=True)
class _All:
    """What a match needs all of."""

    parts: tuple[_Piece | _Either, ...]


_GAP = None  # any text, possibly none
Part = _Piece | _Either | None


class _Unsupported(Exception):
    """A construct this module does not know: its pattern is always a candidate."""


class _Reader:
    """Reads a parsed pattern into the parts, in order, that a match is made of."""

    def __init__(self, folding: "_Folding") -> None:
        self.folding = folding
        self.literals: dict[tuple[int, int], Part] = {}

    def sequence(self, items: Items, flags: int) -> list[Part]:
        parts: list[Part] = []
        for op, av in items:
            for part in self.item(op, av, flags):
                last = parts[-1] if parts else _GAP
                if isinstance(part, _Piece) and isinstance(last, _Piece):
                    if len(last.strings) * len(part.strings) <= JOIN_CAP:
                        parts[-1] = _Piece(
                            frozenset(a + b for a in last.strings for b in part.strings)
                        )
                        continue
                    parts.append(_GAP)  # too many strings together: needed apart instead
                if not (part is _GAP and parts and last is _GAP):
                    parts.append(part)
        return parts

    def item(self, op: Any, av: Any, flags: int) -> list[Part]:
        if op is _c.LITERAL:
            key = (av, flags & CASE_FLAGS)
            if key not in self.literals:
                self.literals[key] = self.chars([(op, av)], flags)
            return [self.literals[key]]
        if op is _c.IN:
            return [self.chars(av, flags)]
        if op in (_c.ANY, _c.NOT_LITERAL):
            return [_GAP]
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return []  # a condition on the surroundings: dropping it only widens
        if op is _c.BRANCH:
            return [self.either([self.sequence(b, flags) for b in av[1]])]
        if op is _c.SUBPATTERN:
            _, add, remove, body = av
            return self.sequence(body, (flags | add) & ~remove)
        if op is _c.ATOMIC_GROUP:
            return self.sequence(av, flags)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = av
            inner = self.sequence(body, flags)
            if low == 0 and high == 1 and len(inner) == 1 and isinstance(inner[0], _Piece):
                return [_Piece(inner[0].strings | {b""})]  # "(?: the)?" stays in its run
            if low == 0:
                return [_GAP]
            # X{2,5} holds X, then anything.
            return inner if high == 1 else [*inner, _GAP]
        if op is _c.GROUPREF:
            return [_GAP]
        if op is _c.GROUPREF_EXISTS:
            _, yes, no = av
            return [self.either([self.sequence(yes, flags), self.sequence(no or [], flags)])]
        raise _Unsupported(op)

    def either(self, branches: list[list[Part]]) -> Part:
        if all(len(b) == 1 and isinstance(b[0], _Piece) for b in branches):
            strings = frozenset().union(*(b[0].strings for b in branches))  # type: ignore[union-attr]
            if len(strings) <= SET_CAP:
                return _Piece(strings)
        options = tuple(_needs(b) for b in branches)
        if any(not o.parts for o in options):
            return _GAP  # one branch needs nothing, so the whole needs nothing
        return _Either(options)

    def chars(self, items: Items, flags: int) -> Part:
        members = self.folding.members(items, flags)
        if members is None:
            return _GAP
        return _Piece(frozenset(m.encode("utf-8", "surrogatepass") for m in members))


def _needs(parts: list[Part]) -> _All:
    return _All(
        tuple(p for p in parts if p is not _GAP and not (isinstance(p, _Piece) and p.least == 0))
    )


# What a match needs: a string of the folded text, or all ("&") or one ("|") of several.
Formula = bytes | tuple[str, tuple["Formula", ...]]


def _formula(need: _All | _Either) -> Formula | None:
    """The presence test a match passes, or None when it needs nothing."""
    if isinstance(need, _Either):
        return _joined("|", [_formula(option) for option in need.options])
    return _joined(
        "&",
        [
            _joined("|", list(_shortest_needed(p.strings)))
            if isinstance(p, _Piece)
            else _formula(p)
            for p in need.parts
        ],
    )


def _joined(op: str, terms: list[Formula | None]) -> Formula | None:
    if op == "|" and None in terms:
        return None  # one alternative needs nothing
    flat: dict[Formula, None] = {}
    for term in terms:
        if term is None:
            continue  # a part that needs nothing adds nothing to what all need
        if isinstance(term, tuple) and term[0] == op:
            flat.update(dict.fromkeys(term[1]))
        else:
            flat[term] = None
    if not flat:
        return None
    return next(iter(flat)) if len(flat) == 1 else (op, tuple(flat))


def _class_members(items: Items) -> set[str] | None:
    """The characters a class (or one literal) names as written, or None for "too many to
    list" (negation, \\w, \\d, \\s, a wide range)."""
    members: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            members.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < CLASS_CAP:
            members.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return members if len(members) <= CLASS_CAP else None


def _written(items: Items) -> Iterator[str]:
    """Every character written in a literal or a small class, anywhere in a parsed pattern."""
    for op, av in items:
        if op in (_c.LITERAL, _c.IN):
            yield from _class_members([(op, av)] if op is _c.LITERAL else av) or ()
        elif op is _c.BRANCH:
            for branch in av[1]:
                yield from _written(branch)
        elif op is _c.SUBPATTERN:
            yield from _written(av[3])
        elif op is _c.ATOMIC_GROUP:
            yield from _written(av)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT, _c.ASSERT, _c.ASSERT_NOT):
            yield from _written(av[-1])
        elif op is _c.GROUPREF_EXISTS:
            yield from _written(av[1])
            yield from _written(av[2] or [])


@cache
def _all_characters() -> str:
    codes = array.array("I", range(0x110000))
    del codes[0xD800:0xE000]  # lone surrogates are never cased
    return codes.tobytes().decode("utf-32-le" if codes.itemsize == 4 else "utf-32")


class _Folding:
    """What a class or literal stands for in the folded text: the folded forms of every
    character it matches. Under IGNORECASE `re` itself says which characters those are: one
    search over all characters finds every one that matches any written character, then each
    class is tried on those few."""

    def __init__(self, written: set[str]) -> None:
        self.universe: set[str] = set(written)
        if written:
            merged = "[" + "".join(map(re.escape, sorted(written))) + "]"
            self.universe.update(re.findall(merged, _all_characters(), re.IGNORECASE))
        self.known: dict[tuple[frozenset[str], int], frozenset[str] | None] = {}

    def members(self, items: Items, flags: int) -> frozenset[str] | None:
        written = _class_members(items)
        if written is None:
            return None
        key = (frozenset(written), flags & CASE_FLAGS if flags & IGNORECASE else 0)
        if key not in self.known:
            matched: set[str] = written
            if key[1]:
                source = "[" + "".join(map(re.escape, sorted(written))) + "]"
                exact = re.compile(source, key[1])
                matched = {c for c in self.universe if exact.fullmatch(c)}
            self.known[key] = frozenset(map(fold, matched))
        return self.known[key]


@dataclass(frozen=True)
class _Alternative:
    """A top-level alternative of a registered pattern, compiled on its own so that it can be
    searched alone; `items` is its parse (None where the pattern could not be read)."""

    pattern: re.Pattern[str]
    items: Items | None
    flags: int


# Items that match in at most one way, so that X(A|B)Y finds what XAY|XBY finds.
ONE_WAY = frozenset({_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY, _c.AT})


def _alternatives(pattern: re.Pattern[str]) -> list[_Alternative]:
    """The pattern as alternatives searched apart: X(A|B)Y as XAY and XBY, where X matches in
    one way only (Python's parser moves a shared leading \\b out of "\\ba|\\bb"). The first
    match of the pattern is then the earliest match of any of them, the first on a tie."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):
        return [_Alternative(pattern, None, 0)]
    data, flags = list(tree.data), int(tree.state.flags)
    whole = [_Alternative(pattern, data, flags)]
    branches = [i for i, (op, _) in enumerate(data) if op is _c.BRANCH]
    if not branches or GROUP_REFERENCE.search(pattern.pattern):
        return whole
    at = branches[0]
    if any(op not in ONE_WAY for op, _ in data[:at]):
        return whole
    split = []
    try:
        for branch in data[at][1][1]:
            items = [*data[:at], *branch.data, *data[at + 1 :]]
            alone = _compiler.compile(_parser.SubPattern(tree.state, items), pattern.flags)
            split.append(_Alternative(alone, items, flags))
    except (re.error, TypeError, ValueError, AttributeError, IndexError):
        return whole
    return split


def formulas(alternatives: list[_Alternative]) -> list[Formula | None]:
    """For each alternative, the strings of the folded UTF-8 text any match contains, as a
    formula; None where it must always be a candidate."""
    written: set[str] = set()
    for alternative in alternatives:
        if alternative.items is not None:
            written.update(_written(alternative.items))
    reader = _Reader(_Folding(written))
    out: list[Formula | None] = []
    for alternative in alternatives:
        try:
            items = alternative.items
            out.append(
                _formula(_needs(reader.sequence(items, alternative.flags))) if items else None
            )
        except _Unsupported:
            out.append(None)
    return out


def _shortest_needed(strings: Iterable[bytes]) -> list[bytes]:
    """The strings without those that contain another one: the shorter one is found wherever the
    longer is, so the longer adds nothing but compile time."""
    kept: list[bytes] = []
    for string in sorted(strings, key=len):
        if not string:
            continue  # an optional run: what it needs is counted without it
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return kept


def _on_match(pattern_id: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(pattern_id)


class Candidates:
    """What one scan found: `pattern in candidates` is False only when the pattern cannot match
    the scanned text, and `search` searches a registered pattern's candidate alternatives only.
    A pattern the prefilter was not built with is always searched."""

    __slots__ = ("_found", "_hits", "_prefilter", "_scanned")

    def __init__(
        self, prefilter: "Prefilter | None", found: set[int] | None, scanned: bytes = b""
    ) -> None:
        self._prefilter = prefilter
        self._found = found
        self._scanned = scanned  # the folded text hyperscan scanned
        self._hits: dict[int, list[int]] | None = None

    def __contains__(self, pattern: re.Pattern[str] | None) -> bool:
        if pattern is None:
            return False
        if self._prefilter is None or self._found is None:
            return True
        index = self._prefilter._index_of.get(id(pattern))
        return index is None or index in self._by_pattern()

    def search(self, pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
        """`pattern.search(text)`, where `text` is the scanned text or a part of it (what a
        pattern finds in a part, it finds in the whole)."""
        if pattern is None:
            return None
        if self._prefilter is None or self._found is None:
            return pattern.search(text)
        index = self._prefilter._index_of.get(id(pattern))
        if index is None:
            return pattern.search(text)
        positions = self._by_pattern().get(index)
        if not positions:
            return None
        alternatives = self._prefilter._alternatives[index]
        if len(positions) == len(alternatives):
            return pattern.search(text)
        first = None
        for position in positions:
            match = alternatives[position].pattern.search(text)
            if match is not None and (first is None or match.start() < first.start()):
                first = match
        return first

    def among(self, group: str, size: int) -> list[int]:
        """The positions, in order, of a group's patterns that can match."""
        if self._prefilter is None or self._found is None:
            return list(range(size))
        start, end = self._prefilter._groups[group]
        return [index - start for index in sorted(self._by_pattern()) if start <= index < end]

    def _by_pattern(self) -> dict[int, list[int]]:
        """Registered pattern -> positions, in order, of its alternatives that can match."""
        if self._hits is None:
            hits: dict[int, list[int]] = {}
            owners = self._prefilter._owners  # type: ignore[union-attr]
            rest = self._prefilter._rest  # type: ignore[union-attr]
            scanned = self._scanned
            for slot in sorted(self._found):  # type: ignore[arg-type]
                # Hyperscan found one of the strings chosen for the slot; the slot's whole
                # formula (every string a match needs all of) is checked here, in the text.
                needed = rest[slot]
                if needed and not all(map(scanned.__contains__, needed)):
                    continue
                index, position = owners[slot]
                hits.setdefault(index, []).append(position)
            self._hits = hits
        return self._hits


# What a caller that scanned nothing passes: every pattern is searched.
EVERYTHING = Candidates(None, None)


class Prefilter:
    """A compiled set of patterns scanned all at once (see the module docstring).

    `patterns` are filtered each on its own. `groups` name ordered lists of unions, each a
    pattern and the patterns it is the alternation of, in order (a vocabulary rule); `among`
    tells which of a group can match. `enabled=False` searches every pattern, as on a machine
    without hyperscan."""

    def __init__(
        self,
        patterns: Iterable[re.Pattern[str]] = (),
        groups: Mapping[str, Sequence[Union]] | None = None,
        enabled: bool = True,
    ) -> None:
        # The registered patterns (kept, so their ids cannot be taken by other objects), the
        # alternatives each is searched as, and for each alternative (a slot of the database)
        # its pattern's index and its position there.
        self._registered: list[re.Pattern[str]] = []
        self._alternatives: list[list[_Alternative]] = []
        self._index_of: dict[int, int] = {}
        self._groups: dict[str, tuple[int, int]] = {}
        for pattern in patterns:
            if id(pattern) not in self._index_of:
                self._register(pattern, [pattern])
        for name, unions in (groups or {}).items():
            start = len(self._registered)
            for union, parts in unions:
                self._register(union, parts)
            self._groups[name] = (start, len(self._registered))
        self._owners = [
            (index, position)
            for index, alternatives in enumerate(self._alternatives)
            for position in range(len(alternatives))
        ]
        self._always: frozenset[int] = frozenset()
        # Per slot, more strings its candidates must hold than the ones hyperscan looks for
        # (see _also_needed).
        self._rest: list[tuple[bytes, ...]] = [()] * len(self._owners)
        self._db: Any = None
        if enabled and hyperscan is not None and self._owners:
            self._compile(formulas([a for alts in self._alternatives for a in alts]))

    def _register(self, pattern: re.Pattern[str], parts: Sequence[re.Pattern[str]]) -> None:
        self._index_of.setdefault(id(pattern), len(self._registered))
        self._registered.append(pattern)
        self._alternatives.append([a for part in parts for a in _alternatives(part)])

    @property
    def active(self) -> bool:
        return self._db is not None

    def _compile(self, needs: list[Formula | None]) -> None:
        flags = hyperscan.HS_FLAG_SINGLEMATCH
        expressions = [
            (slot, string)
            for slot, formula in enumerate(needs)
            if formula is not None
            for string in _chosen(formula)[0]
        ]
        while expressions:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                db.compile(
                    expressions=[string for _, string in expressions],
                    ids=[slot for slot, _ in expressions],
                    flags=flags,
                    literal=True,
                )
            except hyperscan.error:
                # One expression hyperscan rejects fails the whole database: find it (only at
                # load; not seen with the shipped vocabularies) and let its slot always be a
                # candidate.
                bad = next(slot for slot, string in expressions if not _compiles(string, flags))
                expressions = [(slot, string) for slot, string in expressions if slot != bad]
                continue
            self._db = db
            break
        self._always = frozenset(range(len(needs))) - {slot for slot, _ in expressions}
        self._rest = [
            _also_needed(formula) if slot not in self._always else ()
            for slot, formula in enumerate(needs)
        ]

    def scan(self, text: str) -> Candidates:
        if self._db is None:
            return Candidates(self, None)
        found = set(self._always)
        scanned = fold(text).encode("utf-8", "surrogatepass")
        self._db.scan(scanned, _on_match, context=found)
        return Candidates(self, found, scanned)


def _also_needed(formula: Formula | None) -> tuple[bytes, ...]:
    """The single strings a formula needs all of, when it needs several terms (hyperscan looks
    for the strings of one of them): testing a few `bytes in text` is far cheaper than a
    search, and terms left out (alternatives) only make the test let more through."""
    if not isinstance(formula, tuple) or formula[0] != "&":
        return ()
    return tuple(term for term in formula[1] if isinstance(term, bytes))


def _chosen(formula: Formula) -> tuple[list[bytes], tuple[int, int]]:
    """Strings one of which is in any text the formula holds for, and how good a filter they
    are (the shortest one's length up to LONG_ENOUGH, then the fewest strings): of terms all
    needed, the best one's; of alternatives, all of theirs. (Testing every needed term, with
    hyperscan's logical combinations, made a scan twenty times slower.)"""
    if isinstance(formula, bytes):
        return [formula], (min(len(formula), LONG_ENOUGH), -1)
    chosen = [_chosen(term) for term in formula[1]]
    if formula[0] == "&":
        return max(chosen, key=lambda c: c[1])
    strings = _shortest_needed(s for kept, _ in chosen for s in kept)
    return strings, (min(score[0] for _, score in chosen), -len(strings))


def _compiles(string: bytes, flags: int) -> bool:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=[string], ids=[0], flags=flags, literal=True)
    except hyperscan.error:
        return False
    return True
