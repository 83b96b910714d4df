-- A run's changes are replaced as a whole: re-detecting a run is idempotent.
DELETE FROM changes WHERE run_id = $run_id
