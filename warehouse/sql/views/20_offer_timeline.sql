-- Every offer sentence of every clinic: first and last seen, with its parsed values.
CREATE OR REPLACE VIEW offer_timeline AS
SELECT
    o.clinic_id,
    f.evidence_key,
    f.type,
    f.amount,
    f.min_amount,
    f.max_amount,
    f.unit,
    f.percent,
    min(o.observed_at)                 AS first_seen,
    max(o.observed_at)                 AS last_seen,
    arg_max(o.run_id, o.observed_at)   AS last_run_id,
    count(DISTINCT o.run_id)           AS runs_seen,
    arg_max(f.evidence, o.observed_at) AS evidence,
    arg_min(p.url, o.observed_at)      AS first_url
FROM observations o
JOIN current_offers f USING (body_sha256)
JOIN pages p USING (page_id)
WHERE o.outcome IN ('ok', 'not_modified') AND o.found_via NOT IN ('robots', 'sitemap_file')
GROUP BY ALL
