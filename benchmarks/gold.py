"""How well does extraction find the claims and offers of the labelled gold set?

Each snippet in benchmarks/gold/*.yaml lists the claims (by category; conditions by condition
id) and offers (by type) a careful reader finds in it (benchmarks/gold/LABELS.md says how they
are labelled). A predicted label counts as a true positive when the snippet expects it.
snippets.yaml is the first set, written with the first patterns; the r2_*.yaml files were
written afterwards by readers who had not seen the patterns, to reproduce the structures and
traps of real provider pages, and were labelled before the extractor was tuned on them. The
table is printed for the whole set and for each part. Run from the repo root:
    .venv/bin/python benchmarks/gold.py [--errors CATEGORY] [--part old|new]
"""

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from flows.extraction.extract import extract_snippet

GOLD_DIR = Path(__file__).parent / "gold"
OLD_PART = "snippets.yaml"


def load_gold() -> list[dict[str, Any]]:
    snippets = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        items = yaml.safe_load(text) or []
        part = "old" if path.name == OLD_PART else "new"
        # The first file marks its traps with a "# hn:" comment line above the snippet.
        commented = {
            line.split("id:", 1)[1].strip()
            for prev, line in zip(text.splitlines(), text.splitlines()[1:], strict=False)
            if prev.startswith("# hn:") and "id:" in line
        }
        for item in items:
            item["part"] = part
            item["file"] = path.name
            item["hard_negative"] = bool(item.get("trap")) or item["id"] in commented
            snippets.append(item)
    ids = Counter(s["id"] for s in snippets)
    repeated = sorted(i for i, n in ids.items() if n > 1)
    if repeated:
        raise SystemExit(f"gold: snippet ids used twice: {', '.join(repeated[:10])}")
    return snippets


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


def numbers_right(snippets: list[dict[str, Any]]) -> tuple[int, int]:
    """How many stated figures come out right: a statistic's number or range (percent, share in
    words, fraction) and a price's amount or range."""
    checked = right = 0
    for snippet in snippets:
        expected_numbers = [
            c for c in snippet.get("claims") or [] if c["category"] == "efficacy_statistic"
        ]
        expected_prices = [o for o in snippet.get("offers") or [] if o["type"] == "price"]
        wanted = [c for c in expected_numbers if "number" in c or "range" in c]
        wanted += [o for o in expected_prices if "amount" in o or "range" in o]
        if not wanted:
            continue
        result = extract_snippet(snippet["text"], snippet.get("kind", "sentence"))
        stated = [c.quantities for c in result.claims if c.category == "efficacy_statistic"]
        priced = [o for o in result.offers if o.type == "price"]
        for item in wanted:
            checked += 1
            if "category" in item:
                right += any(_statistic_matches(item, q) for q in stated)
            else:
                right += any(_price_matches(item, o) for o in priced)
    return checked, right


def _close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1.0


def _statistic_matches(item: dict[str, Any], found: dict[str, Any]) -> bool:
    if "range" in item:
        low, high = item["range"]
        return _close(found.get("percent_min"), low) and _close(found.get("percent_max"), high)
    value = float(item["number"])
    shares = [found.get("percent"), found.get("share_percent")]
    if fraction := found.get("fraction"):
        shares.append(100.0 * fraction[0] / fraction[1])
    return any(_close(share, value) for share in shares)


def _price_matches(item: dict[str, Any], offer: Any) -> bool:
    if "range" in item:
        low, high = item["range"]
        return _close(offer.min_amount, low) and _close(offer.max_amount, high)
    return _close(offer.amount, float(item["amount"])) or _close(
        offer.min_amount, float(item["amount"])
    )


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def score(
    snippets: list[dict[str, Any]], errors: str | None = None
) -> tuple[Counter[str], Counter[str], Counter[str]]:
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
                if errors == category:
                    print(f"FALSE ALARM {snippet['id']}: {snippet['text']}  {label[1]}")
            else:
                fn[category] += 1
                if errors == category:
                    print(f"MISS        {snippet['id']}: {snippet['text']}  {label[1]}")
    return tp, fp, fn


def table(
    title: str, tp: Counter[str], fp: Counter[str], fn: Counter[str]
) -> tuple[float, str, float]:
    """Print P, R and F1 per category and overall; return overall F1 and the lowest category."""
    categories = sorted(set(tp) | set(fp) | set(fn), key=lambda c: (c.startswith("offer:"), c))
    print(f"\n{title}")
    print(f"{'category':<28} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
    scores = {}
    for category in categories:
        p, r, value = f1(tp[category], fp[category], fn[category])
        scores[category] = value
        print(
            f"{category:<28} {p:6.3f} {r:6.3f} {value:6.3f} "
            f"{tp[category]:5d} {fp[category]:5d} {fn[category]:5d}"
        )
    p, r, overall = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'overall (micro)':<28} {p:6.3f} {r:6.3f} {overall:6.3f}")
    worst = min(scores, key=lambda c: scores[c])
    print(f"lowest category: {worst} ({scores[worst]:.3f})")
    return overall, worst, scores[worst]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", help="print the misses and false alarms of one category")
    parser.add_argument("--part", choices=("old", "new"), help="score one part only")
    args = parser.parse_args()
    snippets = load_gold()
    if args.part:
        snippets = [s for s in snippets if s["part"] == args.part]
    parts = {}
    for part in ("old", "new"):
        chosen = [s for s in snippets if s["part"] == part]
        if chosen:
            counts = score(chosen, args.errors)
            hard = sum(s["hard_negative"] for s in chosen)
            parts[part] = table(
                f"{part} part: {len(chosen)} snippets, {hard} hard negatives", *counts
            )
    overall, _, worst_f1 = table(f"whole set: {len(snippets)} snippets", *score(snippets))
    hard = sum(s["hard_negative"] for s in snippets)
    new = parts.get("new", (0.0, "", 0.0))
    checked, right = numbers_right(snippets)
    print(f"\nstated figures (statistics and prices) parsed right: {right} of {checked}")
    print(
        f"gold: f1={overall:.3f} min_category_f1={worst_f1:.3f} snippets={len(snippets)} "
        f"hard_negatives={hard} new_f1={new[0]:.3f} new_min_category_f1={new[2]:.3f} "
        f"numbers_right={right}/{checked}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
