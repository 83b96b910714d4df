-- The date a run stands for.
SELECT logical_date FROM runs WHERE run_id = $run_id
