-- The newest cleaned text and blocks of each page version among $bodies, for comparing the
-- sentences no claim or offer carries.
SELECT t.body_sha256,
       any_value(t.text ORDER BY t.cleaner_version DESC) AS text,
       any_value(t.blocks ORDER BY t.cleaner_version DESC) AS blocks
FROM page_texts t
WHERE t.body_sha256 IN (SELECT unnest($bodies::VARCHAR[]))
  AND t.text IS NOT NULL
GROUP BY t.body_sha256
