-- Re-loading a run replaces it: delete-then-insert keeps loads idempotent.
DELETE FROM observations WHERE run_id = $run_id
