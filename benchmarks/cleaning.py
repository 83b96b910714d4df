"""How well does the cleaner find the main content of a page, next to trafilatura, and how fast?

Two public data sets, kept outside the repo in ``../shared/benchmarks/`` (or in the folder the
``KAM_SHARED_DIR`` environment variable names: the shared folder or its ``benchmarks/``):

- ``wcxb-service``: 165 marketing "service" pages (WCXB v1.0 by Murrough Foley, CC-BY-4.0),
  scored by word-level F1 per page, averaged, plus the share of ``with`` snippets found and of
  ``without`` (boilerplate) snippets leaked.
- ``article-extraction``: 181 news and blog articles (Zyte / Scrapinghub benchmark, MIT),
  scored by 4-token shingles with per-page normalised counts.

Both extractors see the same pages in the same run. Ours is scored on ``main_text`` from
``flows.cleaning.clean_html``, the function the pipeline calls; trafilatura runs with its default
settings. Run from the repo root:  .venv/bin/python benchmarks/cleaning.py
"""

import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura

from flows.cleaning import clean_html

WORD = re.compile(r"\w+")
SHINGLE = 4
CONTENT_TYPE = "text/html; charset=utf-8"  # both sets are stored as UTF-8


def benchmarks_dir() -> Path:
    """``../shared/benchmarks`` next to the repo, or under ``$KAM_SHARED_DIR`` (the shared folder
    itself, or its ``benchmarks`` folder)."""
    override = os.environ.get("KAM_SHARED_DIR")
    if not override:
        return Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
    shared = Path(override)
    return shared / "benchmarks" if (shared / "benchmarks").is_dir() else shared


@dataclass(frozen=True)
class Page:
    page_id: str
    body: bytes
    reference: str
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


def _html_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html.gz"))


def load_service(root: Path) -> list[Page]:
    pages = []
    for path in _html_files(root / "html"):
        page_id = path.name.split(".")[0]
        truth = json.loads((root / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        ground = truth["ground_truth"]
        pages.append(
            Page(
                page_id,
                gzip.decompress(path.read_bytes()),
                ground["main_content"] or "",
                tuple(ground.get("with") or ()),
                tuple(ground.get("without") or ()),
            )
        )
    return pages


def load_articles(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    pages = []
    for path in _html_files(root / "html"):
        page_id = path.name.split(".")[0]
        pages.append(
            Page(page_id, gzip.decompress(path.read_bytes()), truth[page_id]["articleBody"])
        )
    return pages


# --- scoring -----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


@dataclass
class ServiceScore:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    with_found: float = 0.0
    without_leaked: float = 0.0


def score_service(pages: list[Page], outputs: list[str]) -> ServiceScore:
    """Word-level F1 per page, averaged; snippet shares pooled over all snippets."""
    p_sum = r_sum = f_sum = 0.0
    with_hits = with_total = without_hits = without_total = 0
    for page, output in zip(pages, outputs, strict=True):
        predicted = Counter(WORD.findall(output.lower()))
        reference = Counter(WORD.findall(page.reference.lower()))
        overlap = sum((predicted & reference).values())
        if predicted or reference:
            precision = _ratio(overlap, sum(predicted.values()))
            recall = _ratio(overlap, sum(reference.values()))
            f1 = _ratio(2 * precision * recall, precision + recall)
        else:  # nothing to find and nothing found: a perfect page
            precision = recall = f1 = 1.0
        p_sum, r_sum, f_sum = p_sum + precision, r_sum + recall, f_sum + f1
        flat = _norm(output)
        with_total += len(page.with_snippets)
        with_hits += sum(_norm(s) in flat for s in page.with_snippets)
        without_total += len(page.without_snippets)
        without_hits += sum(_norm(s) in flat for s in page.without_snippets)
    n = len(pages) or 1
    return ServiceScore(
        p_sum / n,
        r_sum / n,
        f_sum / n,
        _ratio(with_hits, with_total),
        _ratio(without_hits, without_total),
    )


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = WORD.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@dataclass
class ArticleScore:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0


def score_articles(pages: list[Page], outputs: list[str]) -> ArticleScore:
    """Shingle counts per page, normalised to sum to one so every page weighs the same; precision
    and recall from those averaged counts, F1 as their harmonic mean."""
    tp_sum = fp_sum = fn_sum = 0.0
    for page, output in zip(pages, outputs, strict=True):
        predicted, reference = _shingles(output), _shingles(page.reference)
        tp = sum((predicted & reference).values())
        fp = sum((predicted - reference).values())
        fn = sum((reference - predicted).values())
        total = tp + fp + fn
        if total:
            tp_sum, fp_sum, fn_sum = tp_sum + tp / total, fp_sum + fp / total, fn_sum + fn / total
    precision = _ratio(tp_sum, tp_sum + fp_sum)
    recall = _ratio(tp_sum, tp_sum + fn_sum)
    return ArticleScore(precision, recall, _ratio(2 * precision * recall, precision + recall))


# --- running -----------------------------------------------------------------------------------


def ours(body: bytes) -> str:
    return clean_html(body, CONTENT_TYPE).main_text


def theirs(body: bytes) -> str:
    return trafilatura.extract(body.decode("utf-8", "replace")) or ""


def run(extract: Callable[[bytes], str], pages: Iterable[Page]) -> tuple[list[str], float]:
    outputs = []
    started = time.perf_counter()
    for page in pages:
        outputs.append(extract(page.body))
    return outputs, time.perf_counter() - started


def main() -> int:
    root = benchmarks_dir()
    service = load_service(root / "wcxb-service")
    articles = load_articles(root / "article-extraction")
    if not service or not articles:
        print(f"no benchmark pages under {root}", file=sys.stderr)
        return 1

    our_service, our_service_s = run(ours, service)
    our_articles, our_articles_s = run(ours, articles)
    their_service, their_service_s = run(theirs, service)
    their_articles, their_articles_s = run(theirs, articles)

    s_ours, s_theirs = score_service(service, our_service), score_service(service, their_service)
    a_ours = score_articles(articles, our_articles)
    a_theirs = score_articles(articles, their_articles)
    pages_per_s = (len(service) + len(articles)) / (our_service_s + our_articles_s)

    print(
        f"wcxb-service: {len(service)} pages (WCXB v1.0, Murrough Foley, CC-BY-4.0; "
        "word-level F1 per page, averaged)"
    )
    header = ("extractor", "F1", "prec", "recall", "with", "without", "ms/page")
    print("  {:<12} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8}".format(*header))
    for name, score, seconds in (
        ("ours", s_ours, our_service_s),
        ("trafilatura", s_theirs, their_service_s),
    ):
        print(
            f"  {name:<12} {score.f1:6.3f} {score.precision:6.3f} {score.recall:6.3f} "
            f"{score.with_found:6.1%} {score.without_leaked:8.1%} "
            f"{1000 * seconds / len(service):8.1f}"
        )
    print(
        f"article-extraction: {len(articles)} pages (Zyte article-extraction-benchmark; "
        "4-token shingles)"
    )
    print(f"  {'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/page':>8}")
    for name, article_score, seconds in (
        ("ours", a_ours, our_articles_s),
        ("trafilatura", a_theirs, their_articles_s),
    ):
        print(
            f"  {name:<12} {article_score.f1:6.3f} {article_score.precision:6.3f} "
            f"{article_score.recall:6.3f} {1000 * seconds / len(articles):8.1f}"
        )
    print(f"ours: {pages_per_s:.1f} pages/s over both sets, one process")
    print(
        f"cleaning: service_f1={s_ours.f1:.3f} trafilatura_service_f1={s_theirs.f1:.3f} "
        f"with_found={s_ours.with_found:.3f} without_leaked={s_ours.without_leaked:.3f} "
        f"article_f1={a_ours.f1:.3f} trafilatura_article_f1={a_theirs.f1:.3f} "
        f"pages_per_s={pages_per_s:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
