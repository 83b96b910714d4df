-- One line per run and clinic: how many fetches, by outcome, and how many new versions.
CREATE OR REPLACE VIEW run_summary AS
SELECT
    r.run_id,
    r.logical_date,
    r.label,
    o.clinic_id,
    count(*)                                           AS fetches,
    count(*) FILTER (WHERE o.outcome = 'ok')           AS ok,
    count(*) FILTER (WHERE o.outcome = 'not_modified') AS not_modified,
    count(*) FILTER (WHERE NOT read_the_page(o.outcome)) AS failed,
    count(DISTINCT o.body_sha256) FILTER (WHERE b.first_run_id = r.run_id) AS new_bodies
FROM runs r
JOIN observations o USING (run_id)
LEFT JOIN bodies b USING (body_sha256)
GROUP BY ALL
