-- Clinics first checked in these runs: nothing to compare them with yet.
SELECT clinic_id FROM clinics WHERE list_contains($run_ids, first_run_id) ORDER BY 1
