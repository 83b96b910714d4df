-- Re-loading a run that is already stored: folds cannot subtract its old checks, so what they
-- touched is folded again from the stored checks once the run's new rows are in. Read before
-- the load deletes the run's old observations.
INSERT INTO recompute_clinics
SELECT DISTINCT clinic_id FROM observations WHERE run_id = $run_id;

INSERT INTO unloaded_sightings
SELECT DISTINCT clinic_id, page_id, body_sha256 FROM readable_observations WHERE run_id = $run_id;
