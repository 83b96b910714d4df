-- The all-history definitions of the maintained tables (migration 009): the backfill fills the
-- tables with them and the load re-runs them for the few keys a re-load or a new reading
-- invalidates (warehouse/maintain.py). Analysts read the tables through the views.

-- Each run's checks of each clinic, from every stored observation.
CREATE OR REPLACE MACRO folded_run_checks() AS TABLE
SELECT run_id, clinic_id,
       count(*)                                                             AS checks,
       count(*) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via)) AS readable_checks,
       max(observed_at)                                                     AS last_observed_at,
       min(observed_at) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via))
                                                                            AS first_readable_at,
       max(observed_at) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via))
                                                                            AS last_readable_at
FROM observations
GROUP BY run_id, clinic_id;

-- Readable checks folded per clinic, page and version, from every stored observation.
CREATE OR REPLACE MACRO folded_sightings() AS TABLE
SELECT o.clinic_id, o.page_id, o.body_sha256,
       min(o.observed_at) AS first_seen, max(o.observed_at) AS last_seen,
       arg_max(o.run_id, o.observed_at) AS last_run_id, count(*) AS checks
FROM readable_observations o
GROUP BY ALL;

-- Claim and offer sentences folded from the sightings in table `sightings` (page_sightings, or
-- one run's sightings), each page version read as table timeline_readings records.
CREATE OR REPLACE MACRO folded_sentences(sightings) AS TABLE
WITH sentences AS (
    SELECT 'claim' AS stream, c.body_sha256, c.evidence_key, c.category AS kind, c.condition,
           c.evidence, c.context, c.flags
    FROM claims c JOIN timeline_readings USING (body_sha256, extractor_version)
    UNION ALL BY NAME
    SELECT 'offer' AS stream, o.body_sha256, o.evidence_key, o.type AS kind, o.amount,
           o.min_amount, o.max_amount, o.unit, o.percent, o.evidence, o.context, o.flags
    FROM offers o JOIN timeline_readings USING (body_sha256, extractor_version)
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
    min(s.first_seen)                                      AS first_seen,
    max(s.last_seen)                                       AS last_seen,
    arg_max(s.last_run_id, s.last_seen)                    AS last_run_id,
    sum(s.checks)::BIGINT                                  AS checks,
    -- Checks of one run can share a time (a replayed edition's logical date): ties go to the
    -- greatest wording and context and to the smallest URL, so every fold agrees.
    arg_max(c.evidence, struct_pack(t := s.last_seen, v := c.evidence)) AS evidence,
    arg_max(c.context, struct_pack(t := s.last_seen, v := c.context))   AS context,
    arg_min(p.url, struct_pack(t := s.first_seen, v := p.url))          AS first_url,
    list_sort(list_distinct(flatten(list(c.flags))))       AS flags,
    max(s.last_seen) FILTER (WHERE c.context IS NOT NULL)  AS context_seen
FROM query_table(sightings) s
JOIN sentences c USING (body_sha256)
JOIN pages p ON p.page_id = s.page_id
LEFT JOIN lineages l
    ON l.clinic_id = s.clinic_id AND l.stream = c.stream AND l.evidence_key = c.evidence_key
GROUP BY ALL;
