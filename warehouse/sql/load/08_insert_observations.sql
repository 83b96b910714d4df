INSERT INTO observations
SELECT observation_id, $run_id, clinic_id, page_id, requested_url, final_url, redirect_chain,
       observed_at, fetched_at, status, outcome, error_class, error_message, content_type, etag,
       last_modified, headers, bytes_received, elapsed_ms, depth, found_via, body_sha256, links
FROM stg_observations
