"""Are copies of one claim across clinics grouped as one template, and different claims kept
apart?

Two parts. The sample web: its clinics carry pieces of agency copy, lightly reworded from clinic
to clinic, and near misses (same topic, another claim); sampleweb/content/templates.yaml says
which sentence is which. Every edition is crawled through the monitor flow, and the templates
the warehouse assigned (table claim_templates) are scored pair by pair: a pair of copies on two
clinics is found when both sit under one template; a near miss grouped with the copy it
resembles, or any other two clinics' sentences grouped that the key does not list as copies, is
a false match. Pairs of shared boilerplate (crisis lines, off-label notes, side-effect lists)
that an independent reader judged are scored apart: many are paraphrases, beyond the light
edits a template is. Second, benchmarks/templates/pairs.yaml: pairs of sentences written for this
benchmark, scored with the matcher alone (flows/changes/templates.py).

Run from the repo root:  .venv/bin/python benchmarks/templates.py [--errors]
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from flows.ops import runtime

runtime.configure()

from changes import run_editions  # noqa: E402

from flows.changes.templates import same_template  # noqa: E402
from warehouse.db import WarehousePaths, connect, sql  # noqa: E402

PAIRS = Path(__file__).parent / "templates" / "pairs.yaml"
KEY = Path(__file__).parents[1] / "sampleweb" / "content" / "templates.yaml"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, same: bool, found: bool, what: str) -> None:
        if found and same:
            self.tp += 1
        elif found:
            self.fp += 1
            self.errors.append(f"FALSE MATCH: {what}")
        elif same:
            self.fn += 1
            self.errors.append(f"MISSED: {what}")
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def stored_templates() -> list[tuple[str, str, str]]:
    """(clinic, sentence, template id) of every sentence that can be copy, after crawling every
    edition of the sample web."""
    with tempfile.TemporaryDirectory(prefix="kam-templates-") as tmp:
        data = Path(tmp) / "data"
        run_editions(data)
        with connect(WarehousePaths(data).published, read_only=True) as con:
            return con.execute(sql("queries", "template_members.sql")).fetchall()


def find(rows: list[tuple[str, str, str]], clinic: str, contains: str) -> tuple[str, str] | None:
    """The (sentence, template) of the key entry, or None when no claim row holds it."""
    hits = {(s, t) for c, s, t in rows if c == clinic and contains in s}
    # A heading is also the start of its page title ("Heading | Clinic"): the whole sentence wins.
    hits = {hit for hit in hits if hit[0] == contains} or hits
    if len(hits) > 1:
        raise SystemExit(f"{KEY}: '{contains}' matches {len(hits)} sentences of {clinic}")
    return next(iter(hits), None)


def score_sample_web(
    rows: list[tuple[str, str, str]],
) -> tuple[Score, Score, Score, list[str]]:
    """Copy pairs and near-miss pairs from the key, then every other pair the warehouse grouped."""
    key: dict[str, Any] = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    listed = Score()
    unread: list[str] = []
    members: dict[str, list[tuple[str, str, str]]] = {}  # template name -> (clinic, sentence, id)
    keyed: set[tuple[str, str]] = set()
    for copy in key["copies"]:
        for entry in copy["sentences"]:
            hit = find(rows, entry["clinic"], entry["contains"])
            if hit is None:
                unread.append(f"{entry['clinic']}: {entry['contains']}")
                continue
            members.setdefault(copy["template"], []).append((entry["clinic"], *hit))
            keyed.add((entry["clinic"], hit[0]))
        # A copy the extractor never read as a claim cannot be grouped: each of its pairs is a miss.
        read = len(members.get(copy["template"], []))
        for _ in range(len(copy["sentences"]) * (len(copy["sentences"]) - 1) // 2 - _pairs(read)):
            listed.add(True, False, f"{copy['template']}: a copy was never read as a claim")
        for (c1, s1, t1), (c2, s2, t2) in combinations(members.get(copy["template"], []), 2):
            listed.add(True, t1 == t2, f"{c1}: {s1} | {c2}: {s2}")
    for miss in key["near_misses"]:
        hit = find(rows, miss["clinic"], miss["contains"])
        if hit is None:
            unread.append(f"{miss['clinic']}: {miss['contains']}")
            continue
        keyed.add((miss["clinic"], hit[0]))
        for _, sentence, template in members.get(miss["resembles"], []):
            listed.add(False, hit[1] == template, f"{miss['clinic']}: {hit[0]} | {sentence}")
    # Pairs an independent reader judged, from a pool of pairs that any of several matchers
    # grouped (boilerplate the clinics share: crisis lines, off-label notes, side-effect lists).
    judged = Score()
    judged_pairs: set[frozenset[tuple[str, str]]] = set()
    for pair in key.get("judged_pairs") or []:
        a = find(rows, pair["a"]["clinic"], pair["a"]["contains"])
        b = find(rows, pair["b"]["clinic"], pair["b"]["contains"])
        if a is None or b is None:
            unread.append(f"judged pair: {pair['a']['contains']} | {pair['b']['contains']}")
            continue
        judged_pairs.add(frozenset({(pair["a"]["clinic"], a[0]), (pair["b"]["clinic"], b[0])}))
        what = f"{pair['a']['clinic']}: {a[0]} | {pair['b']['clinic']}: {b[0]}"
        judged.add(pair["same"], a[1] == b[1], what)
    # Pairs the key does not list: two clinics' sentences grouped as one copy are false matches.
    others = Score()
    by_template: dict[str, list[tuple[str, str]]] = {}
    for clinic, sentence, template in rows:
        by_template.setdefault(template, []).append((clinic, sentence))
    same_copy = {
        frozenset({(c1, s1), (c2, s2)})
        for group in members.values()
        for (c1, s1, _), (c2, s2, _) in combinations(group, 2)
    }
    for group in by_template.values():
        for (c1, s1), (c2, s2) in combinations(group, 2):
            pair = frozenset({(c1, s1), (c2, s2)})
            listed_pair = pair in same_copy or pair in judged_pairs or pair <= keyed
            if c1 != c2 and not listed_pair:
                others.add(False, True, f"{c1}: {s1} | {c2}: {s2}")
    return listed, judged, others, unread


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_own_pairs() -> tuple[Score, int]:
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    score = Score()
    for pair in pairs:
        score.add(pair["same"], same_template(pair["a"], pair["b"]), f"{pair['a']} | {pair['b']}")
    return score, len(pairs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print the pairs judged wrongly")
    args = parser.parse_args()
    listed, judged, others, unread = score_sample_web(stored_templates())
    own, own_count = score_own_pairs()
    print(f"{'':<46}{'grouped':>10}{'apart':>10}")
    print(f"{'sample web key: copies on two clinics':<46}{listed.tp:>10}{listed.fn:>10}")
    print(f"{'sample web key: near misses':<46}{listed.fp:>10}{listed.tn:>10}")
    print(f"{'sample web: pairs nobody listed or judged':<46}{others.fp:>10}{'':>10}")
    print(f"{'shared boilerplate, judged the same claim':<46}{judged.tp:>10}{judged.fn:>10}")
    print(f"{'shared boilerplate, judged different':<46}{judged.fp:>10}{judged.tn:>10}")
    print(f"{'own pairs: copies':<46}{own.tp:>10}{own.fn:>10}")
    print(f"{'own pairs: different claims':<46}{own.fp:>10}{own.tn:>10}")
    if unread:
        print(f"key sentences no claim row holds ({len(unread)}):")
        for entry in unread:
            print(f"   {entry}")
    if args.errors:
        for line in listed.errors + others.errors + judged.errors + own.errors:
            print(f"   {line}")
    # The goal is read on the key (copies edited the ways agencies edit them) and on pairs nobody
    # listed; the judged boilerplate also holds paraphrases (synonyms, another lead clause), which
    # is reported beside it.
    total = Score(listed.tp, listed.fp + others.fp, listed.fn, listed.tn)
    pairs = listed.tp + listed.fn + listed.fp + listed.tn
    judged_count = judged.tp + judged.fn + judged.fp + judged.tn
    print(
        f"templates: pairs={pairs} precision={total.precision:.3f} recall={total.recall:.3f} "
        f"copy_pairs={listed.tp + listed.fn} near_miss_pairs={listed.fp + listed.tn} "
        f"unlisted_matches={others.fp} judged_pairs={judged_count} "
        f"judged_precision={judged.precision:.3f} judged_recall={judged.recall:.3f} "
        f"own_pairs={own_count} own_precision={own.precision:.3f} own_recall={own.recall:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
