-- What the crawler needs to ask "changed since?": the last stored version of each URL.
SELECT
    requested_url,
    etag,
    last_modified,
    body_sha256,
    links
FROM observations
WHERE outcome = 'ok' AND body_sha256 IS NOT NULL AND (etag IS NOT NULL OR last_modified IS NOT NULL)
  AND clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
QUALIFY row_number() OVER (PARTITION BY requested_url ORDER BY observed_at DESC) = 1
