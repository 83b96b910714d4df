"""Plain text (a page saved as text for the real-page benchmark, a gold `section` snippet) as the
blocks the HTML cleaner would have given, so extraction reads headings, lists and FAQ pairs in
it too.

A line is a heading when it is short and reads like a title (no closing full stop), a question
when it ends with "?", a list item when it starts with a bullet; answers are the paragraphs
that follow a question until the next heading or question. Markdown-style markers
("# ", "- ", "Q: ", "A: ") are read the same way and removed from the block text.
"""

import re

from flows.cleaning.blocks import Block, Kind

BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u2013]|\d{1,2}[.)])\s+")
HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
QUESTION_MARK = re.compile(r"^\s*Q[:.]\s*")
ANSWER_MARK = re.compile(r"^\s*A[:.]\s*")
MAX_HEADING_CHARS = 90
PRICE = re.compile(r"[$\u00a3\u20ac]\s?\d")


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or text[-1] in ".,;:!\u201d\"'":
        return False
    if PRICE.search(text):
        return False  # "Single infusion (60 minutes) $365": a price row, not a title
    words = text.split()
    # A short title-like line; one long clause without a stop is more likely a fragment.
    return len(words) <= 12 and not text[0].islower()


def blocks_from_text(text: str, zone: str = "main") -> list[Block]:
    blocks: list[Block] = []
    offset = 0
    in_answer = False
    for raw in text.split("\n"):
        start = offset
        offset += len(raw) + 1
        line = raw.rstrip()
        if not line.strip():
            continue
        kind: Kind
        marker = (
            HEADING_MARK.match(line)
            or QUESTION_MARK.match(line)
            or ANSWER_MARK.match(line)
            or BULLET.match(line)
        )
        body_start = start + (marker.end() if marker else len(line) - len(line.lstrip()))
        body = raw[body_start - start : len(line)]
        if not body.strip():
            continue
        if HEADING_MARK.match(line):
            kind, in_answer = "heading", False
        elif QUESTION_MARK.match(line) or (
            body.endswith("?") and len(body) < 200 and not BULLET.match(line)
        ):
            kind, in_answer = "question", True
        elif ANSWER_MARK.match(line):
            kind, in_answer = "answer", True
        elif BULLET.match(line):
            kind = "list_item"
        elif _looks_like_heading(body):
            kind, in_answer = "heading", False
        else:
            kind = "answer" if in_answer else "paragraph"
        zone_name = "faq" if kind in ("question", "answer") else zone
        blocks.append(Block(zone_name, kind, body, body_start, body_start + len(body)))  # type: ignore[arg-type]
    return blocks
