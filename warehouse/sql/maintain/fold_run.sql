-- After the load statements: the run's checks folded from its staged rows (the same folds as
-- macros folded_run_checks and folded_sightings, over this run only).
DELETE FROM run_clinic_checks WHERE run_id = $run_id;

INSERT INTO run_clinic_checks
SELECT $run_id, clinic_id,
       count(*),
       count(*) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via)),
       max(observed_at),
       min(observed_at) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via)),
       max(observed_at) FILTER (WHERE read_the_page(outcome) AND is_page_fetch(found_via))
FROM stg_observations
GROUP BY clinic_id;

INSERT INTO run_sightings
SELECT clinic_id, page_id, body_sha256, min(observed_at), max(observed_at), $run_id, count(*)
FROM stg_observations
WHERE read_the_page(outcome) AND is_page_fetch(found_via)
GROUP BY clinic_id, page_id, body_sha256;
