"""Lineage: one id per claim or offer, kept through its rewordings, so a timeline follows one
claim through its wordings and pages. A sentence's own lineage is a hash of its clinic, stream
and identity (the SQL macro lineage_of computes the same); a sentence that replaced another as
the same claim reworded takes the lineage of the one it replaced, and only those links are
stored (table lineages)."""

import hashlib

from flows.changes.model import Change

Known = dict[tuple[str, str, str], str]


def lineage_of(clinic_id: str, stream: str, key: str) -> str:
    return hashlib.md5(f"{clinic_id}|{stream}|{key}".encode()).hexdigest()[:16]


def _lineage(known: Known, clinic_id: str, stream: str, key: str) -> str:
    return known.get((clinic_id, stream, key)) or lineage_of(clinic_id, stream, key)


def assign_lineages(changes: list[Change], known: Known) -> Known:
    """Set each claim or offer change's lineage id; return the new links (a wording that
    continues another's lineage) to store. `known` holds the links stored so far."""
    links: Known = {}
    for change in changes:
        if change.stream not in ("claim", "offer"):
            continue
        clinic, stream = change.clinic_id, change.stream
        if change.before_key:
            change.lineage_id = _lineage(known, clinic, stream, change.before_key)
            if change.after_key and change.lineage_id != lineage_of(
                clinic, stream, change.after_key
            ):
                links[(clinic, stream, change.after_key)] = change.lineage_id
                known[(clinic, stream, change.after_key)] = change.lineage_id
        elif change.after_key:
            change.lineage_id = _lineage(known, clinic, stream, change.after_key)
    return links
