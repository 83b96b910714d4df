"""Process-wide defaults for running flows from the command line, set before Prefect loads."""

import atexit
import os
import typing

PREFECT_DEFAULTS = {
    # The first start of the embedded server migrates its SQLite database; 20 s is too tight
    # on a 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    # Runs offline by default; nothing should try to phone home.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def _clear_typing_caches() -> None:
    # Objects cached by `typing` outlive DuckDB's module at exit, and its bindings then print
    # a page of harmless "leaked instance" warnings.
    for clear in getattr(typing, "_cleanups", []):
        clear()


def configure() -> None:
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    atexit.register(_clear_typing_caches)
