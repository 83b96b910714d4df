-- The latest run per clinic: fetches by outcome, and the failures seen.
WITH last AS (SELECT run_id FROM runs ORDER BY logical_date DESC LIMIT 1)
SELECT clinic_id, count(*),
       count(*) FILTER (WHERE outcome = 'ok'),
       count(*) FILTER (WHERE outcome = 'not_modified'),
       count(*) FILTER (WHERE NOT read_the_page(outcome)),
       string_agg(DISTINCT CASE WHEN NOT read_the_page(outcome)
                  THEN outcome || coalesce(' ' || status, '') END, ', ')
FROM observations WHERE run_id IN (SELECT run_id FROM last)
GROUP BY ALL ORDER BY 1
