"""Where tests find the checkout and the stored fixtures, wherever the test file sits."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = REPO / "tests" / "files"


def stored_page(name: str) -> tuple[bytes, str]:
    """A stored page for the cleaner tests (tests/files/sample_pages/NAME) with the content type it
    was served with."""
    folder = FILES / "sample_pages"
    content_types = json.loads((folder / "content_types.json").read_text(encoding="utf-8"))
    return (folder / name).read_bytes(), content_types[name]
