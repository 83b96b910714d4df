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

A pattern that cannot be reduced (a construct this module does not know) or could match with
none of its pieces present is always a candidate, and so is every pattern without hyperscan (it
ships wheels for x86-64 only): the same results, only slower.
"""

import array
import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
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

IGNORECASE = int(re.IGNORECASE)
CASE_FLAGS = IGNORECASE | int(re.ASCII)
# A class of more characters than this is written as a gap.
CLASS_CAP = 64
# Strings a run may stand for before it is split into runs needed apart.
SET_CAP = 256
# Runs joined while the strings they make stay this few.
JOIN_CAP = 16
# Strings this long are rare enough; past it, fewer strings count for more than longer ones.
LONG_ENOUGH = 6

Items = list[tuple[Any, Any]]


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


def _kept(need: _All | _Either) -> tuple[set[bytes], tuple[int, int]]:
    """The strings kept for what a match needs, with how good they are as a filter (the shortest
    string's length, up to LONG_ENOUGH, then the fewest strings): of parts all needed, the best;
    of alternatives, each."""
    if isinstance(need, _Either):
        chosen = [_kept(option) for option in need.options]
        strings = {s for kept, _ in chosen for s in kept}
        return strings, (min(score[0] for _, score in chosen), -len(strings))
    best: tuple[set[bytes], tuple[int, int]] = (set(), (0, 0))
    for part in need.parts:
        if isinstance(part, _Piece):
            kept = (set(part.strings), (min(part.least, LONG_ENOUGH), -len(part.strings)))
        else:
            kept = _kept(part)
        if kept[1] > best[1]:
            best = kept
    return best


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


def pieces(patterns: list[re.Pattern[str]]) -> list[list[bytes] | None]:
    """For each pattern, the pieces one of which any match contains, as hyperscan expressions
    over the folded UTF-8 text; None where the pattern must always be a candidate."""
    trees: list[tuple[Any, int] | None] = []
    written: set[str] = set()
    for pattern in patterns:
        try:
            tree = _parser.parse(pattern.pattern, pattern.flags)
            written.update(_written(list(tree)))
            trees.append((list(tree), int(tree.state.flags)))
        except (re.error, AttributeError, TypeError, ValueError):
            trees.append(None)
    reader = _Reader(_Folding(written))
    out: list[list[bytes] | None] = []
    for entry in trees:
        try:
            kept, (shortest, _) = (
                _kept(_needs(reader.sequence(*entry))) if entry else (set(), (0, 0))
            )
        except _Unsupported:
            kept, shortest = set(), 0
        out.append(_shortest_needed(kept) if shortest > 0 else None)
    return out


def _shortest_needed(strings: set[bytes]) -> list[bytes]:
    """The strings without those that contain another one: the shorter one is found wherever the
    longer is, so the longer adds nothing but compile time."""
    kept: list[bytes] = []
    for string in sorted(strings, key=len):
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return kept


def _on_match(pattern_id: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(pattern_id)


class Candidates:
    """What one scan found: `pattern in candidates` is False only when the pattern cannot match
    the scanned text. A pattern the prefilter was not built with is always a candidate."""

    __slots__ = ("_found", "_ids")

    def __init__(self, ids: dict[int, int | frozenset[int]], found: set[int] | None) -> None:
        self._ids = ids
        self._found = found

    def __contains__(self, pattern: re.Pattern[str] | None) -> bool:
        if pattern is None:
            return False
        if self._found is None:
            return True
        key = self._ids.get(id(pattern))
        if key is None:
            return True
        if isinstance(key, int):
            return key in self._found
        return not self._found.isdisjoint(key)  # a union: a candidate if one of its parts is


# What a caller that scanned nothing passes: every pattern is a candidate.
EVERYTHING = Candidates({}, None)
# A part that refers to a group by number or name may mean another group inside its union, so
# such a union is filtered whole. (Text that only looks like a reference just costs the split.)
GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


class Prefilter:
    """A compiled set of patterns scanned all at once (see the module docstring). A union
    (`unions`: the union and the patterns it is the alternation of, in order) is a candidate
    when one of its parts is; `enabled=False` makes every pattern a candidate, as on a machine
    without hyperscan."""

    def __init__(
        self,
        patterns: Iterable[re.Pattern[str]] = (),
        unions: Iterable[tuple[re.Pattern[str], Sequence[re.Pattern[str]]]] = (),
        enabled: bool = True,
    ) -> None:
        plain = list(patterns)
        split: list[tuple[re.Pattern[str], Sequence[re.Pattern[str]]]] = []
        for union, parts in unions:
            if any(GROUP_REFERENCE.search(p.pattern) for p in parts):
                plain.append(union)
            else:
                split.append((union, parts))
                plain.extend(parts)
        # Kept, so the ids of registered patterns cannot be taken by other objects.
        self._patterns = list({id(p): p for p in plain}.values())
        self._ids: dict[int, int | frozenset[int]] = {
            id(p): i for i, p in enumerate(self._patterns)
        }
        for union, parts in split:
            self._ids[id(union)] = frozenset(self._ids[id(p)] for p in parts)  # type: ignore[misc]
            self._patterns.append(union)
        self._always: frozenset[int] = frozenset()
        self._db: Any = None
        if enabled and hyperscan is not None and self._patterns:
            self._compile(pieces(self._patterns[: len(self._patterns) - len(split)]))

    @property
    def active(self) -> bool:
        return self._db is not None

    def _compile(self, kept: list[list[bytes] | None]) -> None:
        flags = hyperscan.HS_FLAG_SINGLEMATCH
        expressions = [(i, text) for i, texts in enumerate(kept) for text in texts or []]
        while expressions:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                db.compile(
                    expressions=[text for _, text in expressions],
                    ids=[i for i, _ in expressions],
                    flags=flags,
                    literal=True,
                )
            except hyperscan.error:
                # One expression hyperscan rejects fails the whole database: find it (only at
                # load; not seen with the shipped vocabularies) and let its pattern always be a
                # candidate.
                bad = next(i for i, text in expressions if not _compiles(text, flags))
                expressions = [(i, text) for i, text in expressions if i != bad]
                continue
            self._db = db
            break
        self._always = frozenset(range(len(kept))) - {i for i, _ in expressions}

    def scan(self, text: str) -> Candidates:
        if self._db is None:
            return Candidates(self._ids, None)
        found = set(self._always)
        self._db.scan(fold(text).encode("utf-8", "surrogatepass"), _on_match, context=found)
        return Candidates(self._ids, found)


def _compiles(text: bytes, flags: int) -> bool:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=[text], ids=[0], flags=flags, literal=True)
    except hyperscan.error:
        return False
    return True
