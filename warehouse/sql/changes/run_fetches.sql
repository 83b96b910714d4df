-- Every page fetch of the run (not robots.txt or the sitemap file), for page events.
SELECT o.clinic_id, o.page_id, p.url, o.final_url, o.outcome, o.status,
       o.headers->>'location' AS location, o.found_via
FROM observations o
JOIN pages p USING (page_id)
WHERE o.run_id = $run_id
  AND is_page_fetch(o.found_via)
  AND coalesce(o.content_type, 'text/html') LIKE '%html%'
