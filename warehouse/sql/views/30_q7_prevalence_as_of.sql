-- Q7. Prevalence table laid out like Crane et al., JAMA Netw Open 2023: the share of clinics
-- with at least one instance of each item, in each clinic's latest readable run on or before a
-- date. Use: SELECT * FROM q7_prevalence_as_of(DATE '2026-03-31');
CREATE OR REPLACE MACRO q7_prevalence_as_of(as_of) AS TABLE
-- The runs come from the per-run check summary (table run_clinic_checks): a clinic's run as of
-- the date is the one with its last readable check before the end of that day, where a run
-- that straddles the date counts from its first check (a clinic's runs do not overlap).
WITH runs AS (
    SELECT clinic_id,
           arg_max(run_id, CASE WHEN last_readable_at < CAST(as_of AS DATE) + INTERVAL 1 DAY
                                THEN last_readable_at ELSE first_readable_at END) AS run_id
    FROM run_clinic_checks
    WHERE readable_checks > 0 AND first_readable_at < CAST(as_of AS DATE) + INTERVAL 1 DAY
    GROUP BY clinic_id
),
-- Only the checks of the chosen runs are read: the time window they fall in lets DuckDB skip
-- the rest of the history (observations are stored in load order).
span AS (
    SELECT min(c.first_readable_at) AS lo, max(c.last_readable_at) AS hi
    FROM run_clinic_checks c JOIN runs USING (clinic_id, run_id)
),
live AS (
    SELECT DISTINCT o.clinic_id, o.body_sha256
    FROM readable_observations o JOIN runs USING (clinic_id, run_id)
    WHERE o.observed_at BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span)
),
said AS (
    SELECT l.clinic_id, c.category, c.condition, c.modalities, c.flags
    FROM live l JOIN current_claims c USING (body_sha256)
),
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
-- What each clinic said, as distinct (test, value) pairs, so each item is an equality join
-- on a few thousand rows rather than a test of every claim.
facts AS (
    SELECT DISTINCT clinic_id, test, value FROM (
        SELECT clinic_id, 'category' AS test, category AS value FROM said
        UNION ALL SELECT clinic_id, 'condition', condition FROM said
        UNION ALL SELECT clinic_id, 'modality', unnest(modalities) FROM said
        UNION ALL SELECT clinic_id, 'flag', unnest(flags) FROM said
    )
    WHERE value IS NOT NULL
),
label_values AS (SELECT ord, test, unnest(vals) AS value FROM labels),
items AS (
    SELECT l.ord, f.clinic_id
    FROM label_values l JOIN facts f USING (test, value)
    UNION ALL
    SELECT l.ord, r.clinic_id
    FROM labels l, runs r
    WHERE l.test = 'lacks_category'
      AND NOT EXISTS (
          SELECT 1 FROM facts f
          WHERE f.clinic_id = r.clinic_id AND f.test = 'category' AND list_contains(l.vals, f.value)
      )
)
SELECT l.item, count(DISTINCT i.clinic_id) AS clinics,
       (SELECT count(*) FROM runs) AS of_clinics,
       round(100.0 * count(DISTINCT i.clinic_id) / nullif((SELECT count(*) FROM runs), 0), 1) AS percent
FROM labels l LEFT JOIN items i USING (ord)
GROUP BY l.ord, l.item
ORDER BY l.ord
