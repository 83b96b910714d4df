"""Back-fill: extract stored page versions that have no rows at the current extractor version,
so two states are always compared as read by the same rules. The rows take the crawl's write
path (staged, then the load statements)."""

import logging

import duckdb

from flows.cleaning.blocks import stored_blocks
from flows.extraction.extract import PageExtraction, extract_blocks
from flows.extraction.rows import claim_rows, facts_row, offer_rows
from warehouse.db import sql
from warehouse.staging import insert_rows

logger = logging.getLogger(__name__)


def ensure_extracted(con: duckdb.DuckDBPyConnection, bodies: set[str], version: str) -> int:
    """Extract, at `version`, the page versions among `bodies` that have no rows for it yet;
    returns how many were missing. A page that fails is logged and skipped, not the run."""
    if not bodies:
        return 0
    missing = con.execute(
        sql("changes", "unextracted_texts.sql"), {"bodies": sorted(bodies), "version": version}
    ).fetchall()
    results: list[tuple[str, PageExtraction]] = []
    for body_sha, text, blocks_json in missing:
        try:
            results.append((body_sha, extract_blocks(stored_blocks(text, blocks_json))))
        except Exception as exc:  # RecursionError included: one page, not the run
            logger.warning(
                "page version %s not re-extracted: %s: %s", body_sha, type(exc).__name__, exc
            )
    tables = (
        ("claims", "09_insert_claims.sql", [r for s, x in results for r in claim_rows(s, x)]),
        ("offers", "10_insert_offers.sql", [r for s, x in results for r in offer_rows(s, x)]),
        ("page_facts", "11_insert_page_facts.sql", [facts_row(s, x) for s, x in results]),
    )
    for table, statement, rows in tables:
        insert_rows(con, table, rows, sql("load", statement))
    return len(missing)
