-- Deltas first stored by the run whose base is not stored: the load must not commit them.
SELECT b.body_sha256, b.base_sha256
FROM bodies b
WHERE b.first_run_id = $run_id AND b.base_sha256 IS NOT NULL
  AND b.base_sha256 NOT IN (SELECT body_sha256 FROM bodies)
ORDER BY b.body_sha256
