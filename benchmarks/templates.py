"""Are copies of one claim across clinics grouped as one template, and different claims kept
apart? Scores flows/changes/templates.py on benchmarks/templates/pairs.yaml: pairs of claim
sentences from two clinics, either one piece of copy lightly reworded (words reordered, a name
or city swapped, a clause added) or two claims on one topic that say different things.

Run from the repo root:  .venv/bin/python benchmarks/templates.py [--errors]
"""

import argparse
import sys
from pathlib import Path

import yaml

from flows.changes.templates import same_template

PAIRS = Path(__file__).parent / "templates" / "pairs.yaml"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print the pairs judged wrongly")
    args = parser.parse_args()
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    tp = fp = fn = tn = 0
    for pair in pairs:
        found = same_template(pair["a"], pair["b"])
        if found and pair["same"]:
            tp += 1
        elif found:
            fp += 1
        elif pair["same"]:
            fn += 1
        else:
            tn += 1
        if args.errors and found != pair["same"]:
            print(f"{'FALSE MATCH' if found else 'MISSED'}: {pair['a']} | {pair['b']}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{'':<22}{'judged same':>12}{'judged different':>18}")
    print(f"{'copies (same)':<22}{tp:>12}{fn:>18}")
    print(f"{'different claims':<22}{fp:>12}{tn:>18}")
    print(f"templates: pairs={len(pairs)} precision={precision:.3f} recall={recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
