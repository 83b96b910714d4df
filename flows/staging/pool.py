"""The staging pool: new page versions are read (cleaned and extracted) in worker processes,
one per core, while the crawl is still running, so a cycle takes about as long as its crawl.

Workers come from a fork server that has imported the cleaner and the extractor once: a fresh
interpreter, so nothing of the flow's threads is forked, and each worker starts in
milliseconds. One worker means no pool at all: pages are read in this process."""

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from flows.staging.pages import PageRows, Unreadable, read_page


@dataclass(frozen=True)
class PageJob:
    body: bytes
    body_sha: str
    content_type: str | None
    language: str | None
    url: str


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Readers yield the processor to the crawl running beside them: its time limits are
# wall-clock, and on two cores a starved crawl timed out pages a quiet machine fetched fine.
WORKER_NICENESS = 10


def _warm() -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    # Free after the fork server's preload (preload.py); loads it here only if that failed
    # (a bad vocabulary stops the run at its check_vocabulary task before any page).
    from flows.extraction.vocabulary import load_vocabulary

    load_vocabulary()


def _read(job: PageJob) -> PageRows | Unreadable:
    return read_page(job.body, job.body_sha, job.content_type, job.language, job.url)


class PagePool:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or usable_cores()
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0
        self._started: dict[int, int] = {}  # id(future) -> generation of its pool

    def __enter__(self) -> "PagePool":
        self.start()
        return self

    def start(self) -> None:
        """Start the workers now, while the crawl starts, rather than at the first page."""
        if self.workers > 1:
            executor = self._executor()
            for _ in range(self.workers):
                executor.submit(os.getpid)

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, job: PageJob) -> Future[PageRows | Unreadable]:
        if self.workers <= 1:
            done: Future[PageRows | Unreadable] = Future()
            done.set_result(_read(job))
            return done
        future = self._executor().submit(_read, job)
        self._started[id(future)] = self._generation
        return future

    def result(self, job: PageJob, future: Future[PageRows | Unreadable]) -> PageRows | Unreadable:
        """The page's rows. A worker that died (a crash in a parser, an out-of-memory kill)
        takes its pool down: the page is tried once more in a fresh pool, then recorded as
        unreadable, and the run goes on."""
        generation = self._started.pop(id(future), self._generation)
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self._generation:
                self._restart()
        retry = self._executor().submit(_read, job)
        try:
            return retry.result()
        except BrokenProcessPool:
            self._restart()
            return Unreadable(
                "extract_error", "WorkerDied",
                f"{job.url}: the process reading this page died twice; the body is stored",
            )  # fmt: skip

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["flows.staging.preload"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm)
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        self._generation += 1
