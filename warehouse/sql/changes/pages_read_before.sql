-- Pages of the run's clinics that some earlier run read: a page among them is not new.
SELECT DISTINCT o.clinic_id, o.page_id
FROM observations o
JOIN runs r USING (run_id)
WHERE o.clinic_id IN (SELECT DISTINCT clinic_id FROM observations WHERE run_id = $run_id)
  AND read_the_page(o.outcome)
  AND r.logical_date < (SELECT logical_date FROM runs WHERE run_id = $run_id)
