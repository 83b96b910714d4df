-- A run's clinic states are replaced with its changes.
DELETE FROM clinic_states WHERE run_id = $run_id
