-- Bodies the run stores for the first time, each with the base a delta of it would use: the
-- stored body of its page's latest version from another run, or that body's own base when it
-- is itself a delta (so a base is always a body stored on its own).
WITH new AS (
    SELECT s.body_sha256, any_value(s.data_b64) AS data_b64
    FROM stg_bodies s
    ANTI JOIN bodies b USING (body_sha256)
    WHERE s.compression = 'zstd'
    GROUP BY s.body_sha256
),
new_pages AS (
    SELECT DISTINCT o.page_id, o.body_sha256
    FROM stg_observations o
    JOIN new USING (body_sha256)
),
earlier AS (
    SELECT p.body_sha256, coalesce(b.base_sha256, b.body_sha256) AS base_sha256, o.observed_at
    FROM new_pages p
    JOIN observations o ON o.page_id = p.page_id AND o.run_id <> $run_id
    JOIN bodies b ON b.body_sha256 = o.body_sha256
    WHERE o.body_sha256 <> p.body_sha256
)
SELECT e.body_sha256, e.base_sha256, n.data_b64
FROM earlier e
JOIN new n USING (body_sha256)
QUALIFY row_number() OVER (PARTITION BY e.body_sha256 ORDER BY e.observed_at DESC) = 1
ORDER BY e.body_sha256
