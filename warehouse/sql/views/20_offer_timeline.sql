-- Every offer sentence of every clinic: first and last seen, with its parsed values.
CREATE OR REPLACE VIEW offer_timeline AS
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
FROM version_sightings s
JOIN current_offers f USING (body_sha256)
JOIN pages p ON p.page_id = s.page_id
GROUP BY ALL
