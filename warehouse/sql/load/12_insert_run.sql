-- Last, so its counts see this run's rows (a re-load reports the same numbers).
INSERT INTO runs
SELECT $run_id, $flow_run_id, $started_at, $finished_at, $logical_date, $label, $targets_file,
       $params, $crawl_stats,
       (SELECT count(*) FROM stg_clinics),
       (SELECT count(*) FROM stg_observations),
       (SELECT count(*) FROM stg_observations WHERE NOT read_the_page(outcome)),
       (SELECT count(*) FROM bodies WHERE first_run_id = $run_id)
