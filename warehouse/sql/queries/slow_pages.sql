-- Pages whose last fetch took at least $slow_ms or timed out, with the depth they were found at.
-- The crawl asks for them first, so their wait overlaps the site's other pages instead of ending
-- the crawl.
SELECT requested_url, coalesce(depth, 1) AS depth
FROM observations
WHERE clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
  AND is_page_fetch(found_via)
QUALIFY row_number() OVER (PARTITION BY requested_url ORDER BY observed_at DESC) = 1
    AND (outcome = 'timeout' OR elapsed_ms >= $slow_ms)
