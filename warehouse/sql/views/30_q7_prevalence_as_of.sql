-- Q7. Prevalence table laid out like Crane et al., JAMA Netw Open 2023: the share of clinics
-- with at least one instance of each item, in each clinic's latest readable run on or before a
-- date. Use: SELECT * FROM q7_prevalence_as_of(DATE '2026-03-31');
CREATE OR REPLACE MACRO q7_prevalence_as_of(as_of) AS TABLE
WITH runs AS (
    SELECT clinic_id, arg_max(run_id, observed_at) AS run_id
    FROM observations
    WHERE outcome IN ('ok', 'not_modified') AND found_via NOT IN ('robots', 'sitemap_file')
      AND observed_at < CAST(as_of AS DATE) + INTERVAL 1 DAY
    GROUP BY clinic_id
),
live AS (
    SELECT DISTINCT o.clinic_id, o.body_sha256
    FROM observations o JOIN runs USING (clinic_id, run_id)
    WHERE o.outcome IN ('ok', 'not_modified') AND o.found_via NOT IN ('robots', 'sitemap_file')
),
said AS (SELECT l.clinic_id, c.* EXCLUDE (body_sha256) FROM live l JOIN current_claims c USING (body_sha256)),
items AS (
    SELECT 1 AS ord, 'Offered IV ketamine' AS item, clinic_id FROM said WHERE list_contains(modalities, 'iv')
    UNION ALL SELECT 2, 'Offered at-home or telehealth ketamine', clinic_id FROM said WHERE category = 'at_home'
    UNION ALL SELECT 3, 'Advertised for depression', clinic_id FROM said WHERE condition IN ('depression', 'treatment_resistant_depression')
    UNION ALL SELECT 4, 'Advertised for anxiety', clinic_id FROM said WHERE condition = 'anxiety'
    UNION ALL SELECT 5, 'Advertised for PTSD', clinic_id FROM said WHERE condition = 'ptsd'
    UNION ALL SELECT 6, 'Advertised for chronic pain', clinic_id FROM said WHERE condition IN ('chronic_pain', 'crps', 'fibromyalgia', 'neuropathic_pain', 'migraine')
    UNION ALL SELECT 7, 'Mentioned no risk', clinic_id FROM runs WHERE clinic_id NOT IN (SELECT clinic_id FROM said WHERE category = 'disclosure')
    UNION ALL SELECT 8, 'Said ketamine is not addictive', clinic_id FROM said WHERE category = 'addiction'
    UNION ALL SELECT 9, 'Said ketamine is FDA-approved for a psychiatric use', clinic_id FROM said WHERE list_contains(flags, 'fda_status_misstatement')
    UNION ALL SELECT 10, 'Made an efficacy statistic claim', clinic_id FROM said WHERE category = 'efficacy_statistic'
    UNION ALL SELECT 11, 'Used cure or reset language', clinic_id FROM said WHERE category = 'cure'
),
labels AS (
    SELECT * FROM (VALUES
        (1, 'Offered IV ketamine'), (2, 'Offered at-home or telehealth ketamine'),
        (3, 'Advertised for depression'), (4, 'Advertised for anxiety'), (5, 'Advertised for PTSD'),
        (6, 'Advertised for chronic pain'), (7, 'Mentioned no risk'),
        (8, 'Said ketamine is not addictive'),
        (9, 'Said ketamine is FDA-approved for a psychiatric use'),
        (10, 'Made an efficacy statistic claim'), (11, 'Used cure or reset language')
    ) AS v(ord, item)
)
SELECT l.item, count(DISTINCT i.clinic_id) AS clinics,
       (SELECT count(*) FROM runs) AS of_clinics,
       round(100.0 * count(DISTINCT i.clinic_id) / nullif((SELECT count(*) FROM runs), 0), 1) AS percent
FROM labels l LEFT JOIN items i USING (ord)
GROUP BY l.ord, l.item
ORDER BY l.ord
