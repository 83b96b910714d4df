-- Q7. Prevalence table laid out like Crane et al., JAMA Netw Open 2023: the share of clinics
-- with at least one instance of each item, in each clinic's latest readable run on or before a
-- date. Use: SELECT * FROM q7_prevalence_as_of(DATE '2026-03-31');
CREATE OR REPLACE MACRO q7_prevalence_as_of(as_of) AS TABLE
WITH runs AS (
    SELECT clinic_id, arg_max(run_id, observed_at) AS run_id
    FROM readable_observations
    WHERE observed_at < CAST(as_of AS DATE) + INTERVAL 1 DAY
    GROUP BY clinic_id
),
live AS (
    SELECT DISTINCT o.clinic_id, o.body_sha256
    FROM readable_observations o JOIN runs USING (clinic_id, run_id)
),
said AS (SELECT l.clinic_id, c.* EXCLUDE (body_sha256) FROM live l JOIN current_claims c USING (body_sha256)),
-- Each item once: its label and the test a clinic's claims must pass (a category, a condition,
-- a modality or a flag among the listed values, or no claim of a category at all).
labels AS (
    SELECT * FROM (VALUES
        (1, 'Offered IV ketamine', 'modality', ['iv']),
        (2, 'Offered at-home or telehealth ketamine', 'category', ['at_home']),
        (3, 'Advertised for depression', 'condition', ['depression', 'treatment_resistant_depression']),
        (4, 'Advertised for anxiety', 'condition', ['anxiety']),
        (5, 'Advertised for PTSD', 'condition', ['ptsd']),
        (6, 'Advertised for chronic pain', 'condition', ['chronic_pain', 'crps', 'fibromyalgia', 'neuropathic_pain', 'migraine']),
        (7, 'Mentioned no risk', 'lacks_category', ['disclosure']),
        (8, 'Said ketamine is not addictive', 'category', ['addiction']),
        (9, 'Said ketamine is FDA-approved for a psychiatric use', 'flag', ['fda_status_misstatement']),
        (10, 'Made an efficacy statistic claim', 'category', ['efficacy_statistic']),
        (11, 'Used cure or reset language', 'category', ['cure']),
        (12, 'Played down side effects', 'category', ['side_effect_minimisation']),
        (13, 'Described the treatment protocol', 'category', ['protocol']),
        (14, 'Stated who is eligible or excluded', 'category', ['eligibility']),
        (15, 'Addressed other medications', 'category', ['medication_compatibility'])
    ) AS v(ord, item, test, vals)
),
items AS (
    SELECT l.ord, s.clinic_id
    FROM labels l JOIN said s ON
        (l.test = 'category' AND list_contains(l.vals, s.category))
        OR (l.test = 'condition' AND list_contains(l.vals, s.condition))
        OR (l.test = 'modality' AND list_has_any(l.vals, s.modalities))
        OR (l.test = 'flag' AND list_has_any(l.vals, s.flags))
    UNION ALL
    SELECT l.ord, r.clinic_id
    FROM labels l, runs r
    WHERE l.test = 'lacks_category'
      AND NOT EXISTS (
          SELECT 1 FROM said s WHERE s.clinic_id = r.clinic_id AND list_contains(l.vals, s.category)
      )
)
SELECT l.item, count(DISTINCT i.clinic_id) AS clinics,
       (SELECT count(*) FROM runs) AS of_clinics,
       round(100.0 * count(DISTINCT i.clinic_id) / nullif((SELECT count(*) FROM runs), 0), 1) AS percent
FROM labels l LEFT JOIN items i USING (ord)
GROUP BY l.ord, l.item
ORDER BY l.ord
