-- Every offer sentence of every clinic: first and last seen, with its parsed values.
CREATE OR REPLACE VIEW offer_timeline AS
WITH seen AS (
    SELECT o.clinic_id, o.page_id, o.body_sha256,
           min(o.observed_at) AS first_seen, max(o.observed_at) AS last_seen,
           arg_max(o.run_id, o.observed_at) AS last_run_id, count(*) AS checks
    FROM observations o
    WHERE o.outcome IN ('ok', 'not_modified') AND o.found_via NOT IN ('robots', 'sitemap_file')
    GROUP BY ALL
)
SELECT
    s.clinic_id,
    f.evidence_key,
    f.type,
    f.amount,
    f.min_amount,
    f.max_amount,
    f.unit,
    f.percent,
    min(s.first_seen)                   AS first_seen,
    max(s.last_seen)                    AS last_seen,
    arg_max(s.last_run_id, s.last_seen) AS last_run_id,
    sum(s.checks)                       AS checks,
    arg_max(f.evidence, s.last_seen)    AS evidence,
    arg_min(p.url, s.first_seen)        AS first_url
FROM seen s
JOIN current_offers f USING (body_sha256)
JOIN pages p ON p.page_id = s.page_id
GROUP BY ALL
