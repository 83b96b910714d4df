INSERT INTO pages
SELECT DISTINCT ON (page_id) page_id, clinic_id, requested_url, path, $run_id
FROM stg_observations s
ANTI JOIN pages p USING (page_id)
