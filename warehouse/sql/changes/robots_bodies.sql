-- The robots.txt body each (run, clinic) pair read, compressed as stored.
WITH pairs AS (
    SELECT unnest($run_ids::VARCHAR[]) AS run_id, unnest($clinic_ids::VARCHAR[]) AS clinic_id
)
SELECT o.run_id, o.clinic_id, any_value(b.data) AS data
FROM observations o
JOIN pairs USING (run_id, clinic_id)
JOIN bodies b USING (body_sha256)
WHERE o.found_via = 'robots' AND o.outcome = 'ok'
GROUP BY o.run_id, o.clinic_id
