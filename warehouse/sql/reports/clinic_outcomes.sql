-- Per clinic over the given runs: fetches, pages with a version first seen in those runs, and
-- failed fetches with their outcomes, the last of the runs that checked it, and how its site
-- answered in that run (as change detection stored it; NULL for runs stored before states were).
WITH per_clinic AS (
SELECT
    o.clinic_id,
    any_value(c.name)                                                     AS name,
    count(*)                                                              AS fetches,
    count(DISTINCT o.page_id) FILTER (WHERE b.first_run_id = o.run_id)    AS new_versions,
    count(*) FILTER (WHERE NOT read_the_page(o.outcome))       AS failed,
    string_agg(DISTINCT CASE WHEN NOT read_the_page(o.outcome)
                             THEN o.outcome || coalesce(' ' || o.status, '') END, ', ')
                                                                          AS failures,
    arg_max(o.run_id, r.logical_date)                                     AS last_run_id
FROM observations o
JOIN runs r USING (run_id)
JOIN clinics c USING (clinic_id)
LEFT JOIN bodies b USING (body_sha256)
WHERE list_contains($run_ids, o.run_id)
GROUP BY o.clinic_id
)
SELECT p.*, s.state
FROM per_clinic p
LEFT JOIN clinic_states s ON s.run_id = p.last_run_id AND s.clinic_id = p.clinic_id
ORDER BY p.clinic_id
