-- Every claim or offer sentence of every clinic: first and last seen, backed by stored checks;
-- the one timeline claim_timeline and offer_timeline select from. Observations are first
-- folded per page version (version_sightings), then joined to that version's rows, so the
-- view scales with versions, not with daily checks. lineage_id follows a claim through its
-- rewordings (table lineages). A sentence was provably live on a date
-- when a check of that date observed a version carrying it (`observations` has each check).
CREATE OR REPLACE VIEW sentence_timeline AS
WITH sentences AS (
    SELECT 'claim' AS stream, body_sha256, evidence_key, category AS kind, condition, evidence,
           context, flags
    FROM current_claims
    UNION ALL BY NAME
    SELECT 'offer' AS stream, body_sha256, evidence_key, type AS kind, amount, min_amount,
           max_amount, unit, percent, evidence, context, flags
    FROM current_offers
)
SELECT
    s.clinic_id,
    c.stream,
    c.evidence_key,
    coalesce(l.lineage_id, lineage_of(s.clinic_id, c.stream, c.evidence_key)) AS lineage_id,
    c.kind,
    c.condition,
    c.amount,
    c.min_amount,
    c.max_amount,
    c.unit,
    c.percent,
    min(s.first_seen)                                AS first_seen,
    max(s.last_seen)                                 AS last_seen,
    arg_max(s.last_run_id, s.last_seen)              AS last_run_id,
    sum(s.checks)                                    AS checks,
    arg_max(c.evidence, s.last_seen)                 AS evidence,
    arg_max(c.context, s.last_seen)                  AS context,
    arg_min(p.url, s.first_seen)                     AS first_url,
    list_sort(list_distinct(flatten(list(c.flags)))) AS flags
FROM version_sightings s
JOIN sentences c USING (body_sha256)
JOIN pages p ON p.page_id = s.page_id
LEFT JOIN lineages l
    ON l.clinic_id = s.clinic_id AND l.stream = c.stream AND l.evidence_key = c.evidence_key
GROUP BY ALL
