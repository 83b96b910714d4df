-- Before a run's rows are replaced: the sets the later steps fill, empty.
-- Clinics whose sentences are rebuilt from their sightings instead of merged with the run's.
CREATE OR REPLACE TEMP TABLE recompute_clinics (clinic_id VARCHAR);
-- Sightings a re-loaded run contributed to, which its replacement may no longer touch.
CREATE OR REPLACE TEMP TABLE unloaded_sightings (
    clinic_id VARCHAR, page_id VARCHAR, body_sha256 VARCHAR
);
-- The run's own sightings (none when no run is being loaded, as in a reprocess).
CREATE OR REPLACE TEMP TABLE run_sightings AS SELECT * FROM page_sightings LIMIT 0;
