"""Imported once by the staging pool's fork server: the vocabulary is parsed and its matcher
compiled there, so every worker forked from it starts with them instead of compiling its own
copy (~0.7 s of processor each, taken from the crawl running beside them)."""

import contextlib

# The cleaner imports these on first use; the workers should not each pay for them.
import ftfy  # noqa: F401
import py3langid  # noqa: F401

from flows.extraction.extract import sentence_prefilter
from flows.extraction.vocabulary import load_vocabulary
from flows.staging import pages  # noqa: F401  (the workers' code, imported once too)

# The fork server must start whatever the vocabulary holds; each worker then loads it itself
# and reports the error on the page it was reading.
with contextlib.suppress(Exception):
    sentence_prefilter(load_vocabulary())
