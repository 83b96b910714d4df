-- Every claim sentence of every clinic: first and last seen, backed by stored checks.
-- A claim was provably live on a date when a run of that date observed it (runs_seen counts
-- those runs; `observations` has each one).
CREATE OR REPLACE VIEW claim_timeline AS
SELECT
    o.clinic_id,
    c.evidence_key,
    c.category,
    c.condition,
    min(o.observed_at)                         AS first_seen,
    max(o.observed_at)                         AS last_seen,
    arg_max(o.run_id, o.observed_at)           AS last_run_id,
    count(DISTINCT o.run_id)                   AS runs_seen,
    arg_max(c.evidence, o.observed_at)         AS evidence,
    arg_min(p.url, o.observed_at)              AS first_url,
    list_sort(list_distinct(flatten(list(c.flags)))) AS flags
FROM observations o
JOIN current_claims c USING (body_sha256)
JOIN pages p USING (page_id)
WHERE o.outcome IN ('ok', 'not_modified') AND o.found_via NOT IN ('robots', 'sitemap_file')
GROUP BY ALL
