-- A run loaded for the first time: each version it saw is merged with what was folded before
-- (earliest first sighting, latest last one, checks added), touching only the run's versions.
CREATE OR REPLACE TEMP TABLE merged_sightings AS
SELECT d.clinic_id, d.page_id, d.body_sha256,
       least(d.first_seen, s.first_seen)   AS first_seen,
       greatest(d.last_seen, s.last_seen)  AS last_seen,
       CASE WHEN s.last_seen > d.last_seen THEN s.last_run_id ELSE d.last_run_id END
                                           AS last_run_id,
       d.checks + coalesce(s.checks, 0)    AS checks
FROM run_sightings d
LEFT JOIN page_sightings s
    ON s.clinic_id = d.clinic_id AND s.page_id = d.page_id
   AND s.body_sha256 IS NOT DISTINCT FROM d.body_sha256;

DELETE FROM page_sightings s USING run_sightings d
WHERE s.clinic_id = d.clinic_id AND s.page_id = d.page_id
  AND s.body_sha256 IS NOT DISTINCT FROM d.body_sha256;

INSERT INTO page_sightings BY NAME SELECT * FROM merged_sightings;

DROP TABLE merged_sightings;
