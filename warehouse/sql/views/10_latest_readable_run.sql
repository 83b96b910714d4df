-- Each clinic's most recent run that read at least one page (offline or blocked runs skipped),
-- from the per-run check summary the load keeps (table run_clinic_checks).
CREATE OR REPLACE VIEW latest_readable_run AS
SELECT clinic_id, arg_max(run_id, last_readable_at) AS run_id,
       max(last_readable_at) AS observed_at
FROM run_clinic_checks
WHERE readable_checks > 0
GROUP BY clinic_id
