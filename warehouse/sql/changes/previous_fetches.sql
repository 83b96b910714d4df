-- The fetches of each clinic's previous successful run, and the links those pages carried.
WITH pairs AS (
    SELECT unnest($run_ids::VARCHAR[]) AS run_id, unnest($clinic_ids::VARCHAR[]) AS clinic_id
)
SELECT o.clinic_id, o.page_id, o.final_url, o.outcome, o.links
FROM observations o
JOIN pairs USING (run_id, clinic_id)
