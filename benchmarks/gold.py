"""How well does extraction find the claims and offers of the labelled gold set?

Each snippet in benchmarks/gold/snippets.yaml lists the claims (by category; conditions by
condition id) and offers (by type) a careful reader finds in it. A predicted label counts as a
true positive when the snippet expects it. Run from the repo root:
    .venv/bin/python benchmarks/gold.py [--errors CATEGORY]
"""

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from flows.extract import extract_snippet

GOLD = Path(__file__).parent / "gold" / "snippets.yaml"


def expected_labels(snippet: dict[str, Any]) -> set[tuple[str, str]]:
    labels = set()
    for claim in snippet.get("claims") or []:
        detail = claim.get("condition", "") if claim["category"] == "condition" else ""
        labels.add((claim["category"], detail))
    for offer in snippet.get("offers") or []:
        labels.add((f"offer:{offer['type']}", ""))
    return labels


def predicted_labels(text: str, kind: str) -> set[tuple[str, str]]:
    result = extract_snippet(text, kind)
    labels = {(c.category, c.condition or "") for c in result.claims}
    labels |= {(f"offer:{o.type}", "") for o in result.offers}
    return labels


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", help="print the misses and false alarms of one category")
    args = parser.parse_args()
    snippets = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for snippet in snippets:
        expected = expected_labels(snippet)
        predicted = predicted_labels(snippet["text"], snippet.get("kind", "sentence"))
        for label in predicted | expected:
            category = label[0]
            if label in predicted and label in expected:
                tp[category] += 1
            elif label in predicted:
                fp[category] += 1
                if args.errors == category:
                    print(f"FALSE ALARM {snippet['id']}: {snippet['text']}  {label[1]}")
            else:
                fn[category] += 1
                if args.errors == category:
                    print(f"MISS        {snippet['id']}: {snippet['text']}  {label[1]}")

    categories = sorted(set(tp) | set(fp) | set(fn), key=lambda c: (c.startswith("offer:"), c))
    print(f"{'category':<28} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
    scores = {}
    for category in categories:
        p, r, score = f1(tp[category], fp[category], fn[category])
        scores[category] = score
        print(
            f"{category:<28} {p:6.3f} {r:6.3f} {score:6.3f} "
            f"{tp[category]:5d} {fp[category]:5d} {fn[category]:5d}"
        )
    p, r, overall = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'overall (micro)':<28} {p:6.3f} {r:6.3f} {overall:6.3f}")
    worst = min(scores, key=lambda c: scores[c])
    print(f"lowest category: {worst}")
    print(f"gold: f1={overall:.3f} min_category_f1={scores[worst]:.3f} snippets={len(snippets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
