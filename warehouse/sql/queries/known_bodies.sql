-- Page versions already stored for the run's clinics: the crawl's copies of them are not
-- staged again. (A body first stored under another clinic is staged and then skipped by the
-- load, which keeps every body once.)
SELECT DISTINCT body_sha256
FROM observations
WHERE body_sha256 IS NOT NULL AND clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
