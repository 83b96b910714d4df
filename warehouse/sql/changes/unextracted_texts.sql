-- Stored page versions among $bodies that have text but no rows at extractor $version: the
-- newest cleaned text of each, to extract before states are compared.
SELECT t.body_sha256,
       any_value(t.text ORDER BY t.cleaner_version DESC) AS text,
       any_value(t.blocks ORDER BY t.cleaner_version DESC) AS blocks
FROM page_texts t
WHERE t.body_sha256 IN (SELECT unnest($bodies::VARCHAR[]))
  AND t.text IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM page_facts f
      WHERE f.body_sha256 = t.body_sha256 AND f.extractor_version = $version
  )
GROUP BY t.body_sha256
