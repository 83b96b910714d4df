DELETE FROM claim_templates WHERE run_id = $run_id
