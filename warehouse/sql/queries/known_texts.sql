-- Page versions of the run's clinics already cleaned by this cleaner: not cleaned again.
SELECT DISTINCT t.body_sha256
FROM page_texts t
JOIN observations o USING (body_sha256)
WHERE t.cleaner_version = $cleaner_version
  AND o.clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
