"""How many pages per second does cleaning plus extraction handle on one core, beside
trafilatura's text extraction alone on the same pages?

Pages: every HTML page of every sample-web edition, rendered in-process (no network).
Both sides run warm (code, vocabularies and compiled patterns loaded by a first page outside the
clock), in the same process on one core, timed the same way: rounds over all pages in which the
two sides take turns page by page, so that load from other processes falls on both alike; the
best round of each counts.
Each round starts with both sides' caches of page text cleared (our sentence splits,
trafilatura's line and trim caches), as a process staging these pages once would: otherwise
every round after the first would find each page's sentences already split.
Run from the repo root:  .venv/bin/python benchmarks/extract_speed.py
"""

import os
import sys
import time
from collections.abc import Callable

import trafilatura
import trafilatura.utils

from flows.cleaning import clean_html
from flows.extraction import segment
from flows.extraction.extract import extract_blocks
from sampleweb.model import clinics_at, editions
from sampleweb.server import SampleWeb

ROUNDS = 5


def sample_pages() -> list[tuple[bytes, str]]:
    pages = []
    for edition in editions():
        web = SampleWeb()
        clinics = clinics_at(edition.number)
        web.ports = dict.fromkeys(clinics, 9)  # rendered, never served
        web.edition_number = edition.number
        for clinic_id, clinic in clinics.items():
            for path in [*clinic.pages, "/privacy/"]:
                reply = web.reply(clinic_id, path)
                if reply.status == 200 and "html" in reply.content_type:
                    pages.append((reply.body, reply.content_type))
    return pages


Run = Callable[[bytes, str], None]


def fresh_caches() -> None:
    """Forget the page text both sides have cached (not their code or vocabularies)."""
    segment._sentences.cache_clear()
    trafilatura.utils.line_processing.cache_clear()
    trafilatura.utils.trim.cache_clear()


def best_rates(work: list[tuple[bytes, str]], runs: list[Run]) -> list[tuple[float, float]]:
    """Pages per second and ms per page of each run, best of ROUNDS rounds. Within a round the
    runs take turns page by page (in turn order rotating from page to page), so that load from
    other processes on a shared machine falls on all of them alike."""
    totals: list[list[float]] = [[] for _ in runs]
    for _ in range(ROUNDS):
        fresh_caches()
        spent = [0.0] * len(runs)
        for number, (body, ctype) in enumerate(work):
            for turn in range(len(runs)):
                which = (number + turn) % len(runs)
                started = time.perf_counter()
                runs[which](body, ctype)
                spent[which] += time.perf_counter() - started
        for times, total in zip(totals, spent, strict=True):
            times.append(total)
    return [(len(work) / min(t), min(t) / len(work) * 1000) for t in totals]


def ours(body: bytes, ctype: str) -> None:
    cleaned = clean_html(body, ctype)
    extract_blocks(list(cleaned.blocks))


def theirs(body: bytes, ctype: str) -> None:
    trafilatura.extract(body.decode("utf-8", errors="replace"))


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the question asks
    pages = sample_pages()
    ours(*pages[0])  # load vocabularies and splitter outside the clock
    theirs(*pages[0])
    (our_rate, our_ms), (their_rate, their_ms) = best_rates(pages, [ours, theirs])
    avg_kb = sum(len(b) for b, _ in pages) / len(pages) / 1024
    print(
        f"{len(pages)} sample-web pages, {avg_kb:.1f} KB on average, "
        f"best of {ROUNDS} rounds taking turns page by page, caches of page text cleared per "
        "round, 1 core"
    )
    print(f"{'pipeline':<42} {'pages/s':>8} {'ms/page':>8}")
    print(f"{'clean + extract claims and offers (ours)':<42} {our_rate:8.1f} {our_ms:8.2f}")
    print(f"{'trafilatura.extract (text only)':<42} {their_rate:8.1f} {their_ms:8.2f}")
    print(f"extract_speed: pages_per_s={our_rate:.1f} trafilatura_pages_per_s={their_rate:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
