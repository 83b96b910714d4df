-- When each page version was seen: checks folded per clinic, page and version, so timelines
-- scale with versions rather than with daily checks. The load keeps the folded rows in table
-- page_sightings (definition: macro folded_sightings).
CREATE OR REPLACE VIEW version_sightings AS
SELECT clinic_id, page_id, body_sha256, first_seen, last_seen, last_run_id, checks
FROM page_sightings
