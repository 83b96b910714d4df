-- Every claim sentence of every clinic: first and last seen, backed by stored checks.
-- Observations are first folded per page version, then joined to that version's claims, so
-- the view scales with versions, not with daily checks. A claim was provably live on a date
-- when a check of that date observed a version carrying it (`observations` has each check).
CREATE OR REPLACE VIEW claim_timeline AS
SELECT
    s.clinic_id,
    c.evidence_key,
    c.category,
    c.condition,
    min(s.first_seen)                          AS first_seen,
    max(s.last_seen)                           AS last_seen,
    arg_max(s.last_run_id, s.last_seen)        AS last_run_id,
    sum(s.checks)                              AS checks,
    arg_max(c.evidence, s.last_seen)           AS evidence,
    arg_max(c.context, s.last_seen)            AS context,
    arg_min(p.url, s.first_seen)               AS first_url,
    list_sort(list_distinct(flatten(list(c.flags)))) AS flags
FROM version_sightings s
JOIN current_claims c USING (body_sha256)
JOIN pages p ON p.page_id = s.page_id
GROUP BY ALL
