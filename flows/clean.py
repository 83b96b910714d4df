"""Cleaning: from a fetched body to zoned text blocks, main text and a diff-friendly text.

The code lives in the ``flows.cleaning`` package (its docstring describes the steps); this module
keeps the names the pipeline, the tests and the benchmarks import.
"""

from flows.cleaning.decode import decode, is_html
from flows.cleaning.noise import comparable
from flows.cleaning.page import (
    CLEANER_VERSION,
    MAIN_TEXT_ZONES,
    MIN_CHARS_FOR_LANGUAGE_GUESS,
    CleanedPage,
    clean_html,
)

__all__ = [
    "CLEANER_VERSION",
    "MAIN_TEXT_ZONES",
    "MIN_CHARS_FOR_LANGUAGE_GUESS",
    "CleanedPage",
    "clean_html",
    "comparable",
    "decode",
    "is_html",
]
