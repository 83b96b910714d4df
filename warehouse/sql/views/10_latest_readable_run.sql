-- Each clinic's most recent run that read at least one page (offline or blocked runs skipped).
CREATE OR REPLACE VIEW latest_readable_run AS
SELECT clinic_id, arg_max(run_id, observed_at) AS run_id, max(observed_at) AS observed_at
FROM readable_observations
GROUP BY clinic_id
