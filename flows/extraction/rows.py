"""One page version's extraction as warehouse rows: the same rows whether staged by a crawl
or written by reprocessing."""

from typing import Any

from flows.extraction.extract import PageExtraction
from flows.extraction.identity import sentence_key


def claim_rows(body_sha: str, result: PageExtraction) -> list[dict[str, Any]]:
    return [
        {
            "body_sha256": body_sha,
            "extractor_version": result.version,
            "claim_index": index,
            "category": claim.category,
            "subtype": claim.condition or " ".join(claim.matched.lower().split()),
            "evidence_key": sentence_key(claim.evidence),
            "condition": claim.condition,
            "modalities": claim.modalities,
            "quantities": claim.quantities,
            "hedged": claim.hedged,
            "qualifier": claim.qualifier,
            "source": claim.source,
            "flags": [f["flag"] for f in claim.flags],
            "flag_rules": claim.flags,
            "board_named": claim.board_named,
            "evidence": claim.evidence,
            "matched": claim.matched,
            "span_start": claim.start,
            "span_end": claim.end,
            "zone": claim.zone,
            "confidence": claim.confidence,
            "context": claim.context,
        }
        for index, claim in enumerate(result.claims)
    ]


def offer_rows(body_sha: str, result: PageExtraction) -> list[dict[str, Any]]:
    rows = []
    for index, offer in enumerate(result.offers):
        row = offer.fields()
        row["flags"] = [f["flag"] for f in offer.flags]
        row["span_start"], row["span_end"] = row.pop("start"), row.pop("end")
        row["evidence_key"] = sentence_key(offer.evidence)
        rows.append(
            {"body_sha256": body_sha, "extractor_version": result.version, "offer_index": index}
            | row
        )
    return rows


def facts_row(body_sha: str, result: PageExtraction) -> dict[str, Any]:
    return {"body_sha256": body_sha, "extractor_version": result.version, **result.facts}
