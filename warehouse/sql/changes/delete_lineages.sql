DELETE FROM lineages WHERE run_id = $run_id
