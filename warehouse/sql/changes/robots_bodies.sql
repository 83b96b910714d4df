-- The robots.txt body each (run, clinic) pair read (decoded by warehouse.bodies.read_bodies).
WITH pairs AS (
    SELECT unnest($run_ids::VARCHAR[]) AS run_id, unnest($clinic_ids::VARCHAR[]) AS clinic_id
)
SELECT o.run_id, o.clinic_id, any_value(o.body_sha256) AS body_sha256
FROM observations o
JOIN pairs USING (run_id, clinic_id)
WHERE o.found_via = 'robots' AND o.outcome = 'ok' AND o.body_sha256 IS NOT NULL
GROUP BY o.run_id, o.clinic_id
