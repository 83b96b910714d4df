-- Each clinic the run checked, with the runs before it that checked the same clinic, newest
-- first and at most $depth of them (none for a clinic seen for the first time).
WITH this_run AS (SELECT logical_date FROM runs WHERE run_id = $run_id),
checked AS (SELECT DISTINCT clinic_id FROM observations WHERE run_id = $run_id),
earlier AS (
    SELECT DISTINCT o.clinic_id, o.run_id, r.logical_date
    FROM observations o
    JOIN runs r USING (run_id)
    WHERE o.clinic_id IN (SELECT clinic_id FROM checked)
      AND r.logical_date < (SELECT logical_date FROM this_run)
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY clinic_id ORDER BY logical_date DESC, run_id DESC
    ) AS age
    FROM earlier
)
SELECT c.clinic_id, e.run_id
FROM checked c
LEFT JOIN ranked e ON e.clinic_id = c.clinic_id AND e.age <= $depth
ORDER BY c.clinic_id, e.age
