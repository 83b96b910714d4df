"""How right are claims and offers on real provider pages, judged sentence by sentence?

Real pages are third-party text, so they never enter the repo. The judgements do:
benchmarks/real_pages/judgements.jsonl holds, per page, its URL, its split (dev pages are tuned
on, held pages are kept aside), the SHA-256 of the text that was judged and each unit's offsets
and labels, written by readers who had not seen the extractor's patterns. To score, point the
script at a folder holding the page texts as pages/ID.txt (KAM_REAL_PAGES or --pages); a page
whose text is not byte-for-byte the judged one is skipped and named.

A folder that also holds manifest.jsonl, splits.json, segments/ID.json (from --prepare) and
labels/ID.json ({segment id: {"claims": [{"category", "condition"?}], "offers": [{"type"}]}})
is a new judging round: it is scored from there, and --save writes it into the repo file.

Each extracted row is matched to the judged unit it overlaps most and counts as right when
that unit carries its label (category, plus the condition id for conditions; offer type).
Labels no row produced are misses. Run from the repo root:

    .venv/bin/python benchmarks/real_pages.py --pages DIR [--split dev|held|all] [--errors CAT]
    .venv/bin/python benchmarks/real_pages.py --pages DIR --prepare   # cut pages into units
    .venv/bin/python benchmarks/real_pages.py --pages DIR --save      # keep a judging round
"""

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from gold import f1, table

from flows.cleaning.plain import blocks_from_text
from flows.extraction.extract import extract_blocks
from flows.extraction.segment import segment_blocks

Label = tuple[str, str]
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
JUDGED = Path(__file__).parent / "real_pages" / "judgements.jsonl"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def judging_round(root: Path) -> bool:
    return (root / "labels").is_dir() and (root / "manifest.jsonl").exists()


def load_judged(root: Path, split: str) -> list[dict[str, Any]]:
    """Pages with their text, units and labels, from a judging round in root or from the repo's
    judgements with the texts in root/pages."""
    if judging_round(root):
        rows = []
        for page in load_pages(root, "all"):
            labels_path = root / "labels" / f"{page['id']}.json"
            if not labels_path.exists():
                continue
            splits = json.loads((root / "splits.json").read_text(encoding="utf-8"))
            page["split"] = "held" if page["domain"] in splits["held"] else "dev"
            page["text"] = (root / "pages" / f"{page['id']}.txt").read_text(encoding="utf-8")
            units = json.loads((root / "segments" / f"{page['id']}.json").read_text("utf-8"))
            labels = json.loads(labels_path.read_text(encoding="utf-8"))
            for unit in units:
                unit.update(labels.get(unit["sid"], {"claims": [], "offers": []}))
            page["units"] = units
            rows.append(page)
    else:
        rows = [json.loads(line) for line in JUDGED.open(encoding="utf-8")]
        for page in rows:
            path = root / "pages" / f"{page['id']}.txt"
            text = path.read_text(encoding="utf-8") if path.exists() else None
            if text is None or sha256(text) != page["text_sha256"]:
                print(
                    f"real_pages: skipped {page['id']} ({page['url']}): {path} is missing or "
                    "is not the text that was judged",
                    file=sys.stderr,
                )
                page["text"] = None
            else:
                page["text"] = text
                for unit in page["units"]:
                    unit["text"] = text[unit["start"] : unit["end"]]
        rows = [page for page in rows if page["text"] is not None]
    return [page for page in rows if split == "all" or page["split"] == split]


def save(root: Path, as_split: str | None = None) -> None:
    """Write a judging round into the repo file; with as_split, add it under that split name
    (a later round of unseen providers) and keep the pages already there."""
    pages = load_judged(root, "all")
    JUDGED.parent.mkdir(exist_ok=True)
    kept = []
    if as_split and JUDGED.exists():
        ids = {page["id"] for page in pages}
        kept = [line for line in JUDGED.open(encoding="utf-8") if json.loads(line)["id"] not in ids]
    with JUDGED.open("w", encoding="utf-8") as out:
        out.writelines(kept)
        for page in pages:
            units = [
                {
                    "sid": u["sid"],
                    "start": u["start"],
                    "end": u["end"],
                    "kind": u["kind"],
                    "claims": u.get("claims") or [],
                    "offers": u.get("offers") or [],
                }
                for u in page["units"]
            ]
            row = {k: page[k] for k in ("id", "url", "domain", "page_type", "split")}
            row["split"] = as_split or row["split"]
            row["text_sha256"] = sha256(page["text"])
            row["units"] = units
            out.write(json.dumps(row) + "\n")
    print(f"saved the judgements of {len(pages)} pages to {JUDGED}")


def load_pages(root: Path, split: str) -> list[dict[str, Any]]:
    manifest = [json.loads(line) for line in (root / "manifest.jsonl").open(encoding="utf-8")]
    splits = json.loads((root / "splits.json").read_text(encoding="utf-8"))
    # A round's splits.json names dev and held; a later round is saved under its own name.
    wanted = set().union(*splits.values()) if split == "all" else set(splits.get(split, []))
    return [page for page in manifest if page["domain"] in wanted]


def prepare(root: Path, pages: list[dict[str, Any]]) -> None:
    out = root / "segments"
    out.mkdir(exist_ok=True)
    for page in pages:
        text = (root / "pages" / f"{page['id']}.txt").read_text(encoding="utf-8")
        units = [
            {
                "sid": f"s{index:03d}",
                "start": seg.start,
                "end": seg.end,
                "kind": seg.kind,
                "heading": seg.heading,
                "question": seg.question,
                "text": seg.text,
            }
            for index, seg in enumerate(segment_blocks(blocks_from_text(text)))
        ]
        (out / f"{page['id']}.json").write_text(json.dumps(units, indent=1), encoding="utf-8")
    print(f"wrote segments for {len(pages)} pages to {out}")


def expected(labels: dict[str, Any]) -> set[Label]:
    found = set()
    for claim in labels.get("claims") or []:
        detail = (claim.get("condition") or "") if claim["category"] == "condition" else ""
        found.add((claim["category"], detail))
    for offer in labels.get("offers") or []:
        found.add((f"offer:{offer['type']}", ""))
    return found


def unit_of(start: int, end: int, units: list[dict[str, Any]]) -> str | None:
    best, best_overlap = None, 0
    for unit in units:
        overlap = min(end, unit["end"]) - max(start, unit["start"])
        if overlap > best_overlap:
            best, best_overlap = unit["sid"], overlap
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default=os.environ.get("KAM_REAL_PAGES"))
    parser.add_argument(
        "--split",
        default="dev",
        help="dev (tuned on), held (kept aside), held2 (a later round of unseen providers), all",
    )
    parser.add_argument("--prepare", action="store_true", help="write segments/ for judging")
    parser.add_argument("--save", action="store_true", help="keep a judging round in the repo")
    parser.add_argument("--as-split", help="with --save: add the round under this split name")
    parser.add_argument("--errors", help="print the misses and false alarms of one label")
    parser.add_argument(
        "--fit-confidence",
        action="store_true",
        help="print each label's share of right rows (smoothed), for the confidence: fields",
    )
    args = parser.parse_args()
    if not args.pages or not (Path(args.pages) / "pages").is_dir():
        print(
            "real_pages: give the folder that holds the judged pages' texts as pages/ID.txt with "
            "--pages DIR or KAM_REAL_PAGES (the URLs are in benchmarks/real_pages/"
            "judgements.jsonl; see the docstring of benchmarks/real_pages.py)",
            file=sys.stderr,
        )
        return 2
    root = Path(args.pages)
    if args.prepare:
        prepare(root, load_pages(root, args.split))
        return 0
    if args.save:
        save(root, args.as_split)
        return 0

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    calibration: list[tuple[float, bool]] = []
    by_kind: dict[str, list[bool]] = {}
    judged_pages, domains, units_total = 0, set(), 0
    for page in load_judged(root, args.split):
        judged_pages += 1
        domains.add(page["domain"])
        text = page["text"]
        units = page["units"]
        units_total += len(units)
        gold = {u["sid"]: expected(u) for u in units}
        result = extract_blocks(blocks_from_text(text))
        predicted: dict[str, set[Label]] = {}
        rows: list[tuple[str | None, Label, float]] = []
        kinds = {u["sid"]: u["kind"] for u in units}
        for claim in result.claims:
            label = (claim.category, claim.condition or "")
            rows.append((unit_of(claim.start, claim.end, units), label, claim.confidence))
        for offer in result.offers:
            label = (f"offer:{offer.type}", "")
            rows.append((unit_of(offer.start, offer.end, units), label, offer.confidence))
        for sid, label, confidence in rows:
            if sid is None:
                continue
            right = label in gold.get(sid, set())
            if label not in predicted.setdefault(sid, set()):
                calibration.append((confidence, right))
                key = label[0]
                if key == "condition":
                    listed = kinds.get(sid) in ("list_item", "heading", "table_row")
                    key = "condition:" + ("listed" if listed else "stated")
                by_kind.setdefault(key, []).append(right)
            predicted[sid].add(label)
        by_sid = {u["sid"]: u for u in units}
        for sid in set(gold) | set(predicted):
            want, got = gold.get(sid, set()), predicted.get(sid, set())
            for label in want | got:
                name = label[0]
                if label in want and label in got:
                    tp[name] += 1
                elif label in got:
                    fp[name] += 1
                    if args.errors == name:
                        print(f"FALSE ALARM {page['id']}/{sid} {label[1]}: {by_sid[sid]['text']}")
                else:
                    fn[name] += 1
                    if args.errors == name:
                        print(f"MISS        {page['id']}/{sid} {label[1]}: {by_sid[sid]['text']}")

    if not judged_pages:
        print("real_pages: no judged pages (labels/) in this split", file=sys.stderr)
        return 2
    names = sorted(set(tp) | set(fp) | set(fn), key=lambda c: (c.startswith("offer:"), c))
    table(
        f"split={args.split} pages={judged_pages} providers={len(domains)} units={units_total}",
        tp,
        fp,
        fn,
    )
    scores = {name: f1(tp[name], fp[name], fn[name])[2] for name in names}
    claim_names = [n for n in names if not n.startswith("offer:")]
    offer_names = [n for n in names if n.startswith("offer:")]
    for title, group in (("claims", claim_names), ("offers", offer_names), ("all", names)):
        p, r, score = f1(
            sum(tp[n] for n in group), sum(fp[n] for n in group), sum(fn[n] for n in group)
        )
        print(f"{title + ' (micro)':<28} {p:6.3f} {r:6.3f} {score:6.3f}")
    print("\ncalibration: rows by stated confidence, and how many were right")
    print(f"{'confidence':<14} {'rows':>5} {'right':>6} {'share right':>12}")
    for low, high in pairwise(BINS):
        inside = [right for conf, right in calibration if low <= conf < high]
        if inside:
            share = sum(inside) / len(inside)
            span = f"[{low:.2f}, {min(high, 1.0):.2f})"
            print(f"{span:<14} {len(inside):5d} {sum(inside):6d} {share:12.3f}")
    if args.fit_confidence:
        # Shrunk toward the overall share, so a label seen a few times does not claim 1.0.
        prior = sum(r for v in by_kind.values() for r in v) / max(
            1, sum(map(len, by_kind.values()))
        )
        print(f"\nconfidence fit (prior {prior:.2f}, weight 4)")
        for key in sorted(by_kind):
            judged = by_kind[key]
            share = (sum(judged) + 4 * prior) / (len(judged) + 4)
            print(
                f"  {key:<30} rows={len(judged):4d} right={sum(judged):4d} confidence={share:.2f}"
            )
    p, r, overall = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    supported = {n: s for n, s in scores.items() if tp[n] + fn[n] >= 5}
    worst = min(supported or scores, key=lambda n: (supported or scores)[n])
    print(
        f"real_pages: split={args.split} f1={overall:.3f} precision={p:.3f} recall={r:.3f} "
        f"min_category_f1={scores[worst]:.3f} min_category={worst} pages={judged_pages} "
        f"providers={len(domains)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
