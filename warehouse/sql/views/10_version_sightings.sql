-- When each page version was seen: checks folded per clinic, page and version, so timelines
-- scale with versions rather than with daily checks.
CREATE OR REPLACE VIEW version_sightings AS
SELECT o.clinic_id, o.page_id, o.body_sha256,
       min(o.observed_at) AS first_seen, max(o.observed_at) AS last_seen,
       arg_max(o.run_id, o.observed_at) AS last_run_id, count(*) AS checks
FROM readable_observations o
GROUP BY ALL
