-- Q2. What changed on clinic X since last week, claim by claim and offer by offer?
-- (Here X = northstar, and "last week" is counted back from its latest check.)
SELECT observed_at::DATE AS date, kind, categories, before_value, after_value,
       coalesce(after_evidence, before_evidence) AS evidence
FROM changes
WHERE clinic_id = 'northstar'
  AND observed_at >= (SELECT max(observed_at) FROM observations WHERE clinic_id = 'northstar')
                     - INTERVAL 7 DAY
ORDER BY observed_at, kind
