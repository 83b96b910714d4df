-- The readable HTML pages of each (run, clinic) pair, with the page version each showed and
-- the URL it answered at (after a redirect, the new one: change rows name the page as it is
-- now); the first page fetched that showed a version stands for it.
WITH pairs AS (
    SELECT unnest($run_ids::VARCHAR[]) AS run_id, unnest($clinic_ids::VARCHAR[]) AS clinic_id
)
SELECT o.run_id, o.clinic_id, o.page_id, coalesce(o.final_url, p.url) AS url, o.body_sha256
FROM readable_observations o
JOIN pairs USING (run_id, clinic_id)
JOIN pages p USING (page_id)
WHERE o.body_sha256 IS NOT NULL
  AND coalesce(o.content_type, 'text/html') LIKE '%html%'
ORDER BY o.run_id, o.clinic_id, o.fetched_at, o.page_id
