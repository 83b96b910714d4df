-- Each distinct version of each page: when it was first and last seen, and its cleaned text.
CREATE OR REPLACE VIEW page_versions AS
SELECT
    o.clinic_id,
    o.page_id,
    p.url,
    o.body_sha256,
    min(o.observed_at) AS first_seen,
    max(o.observed_at) AS last_seen,
    count(*)           AS observations,
    any_value(t.title)            AS title,
    any_value(t.meta_description) AS meta_description,
    any_value(t.language)         AS language,
    any_value(t.main_text)        AS main_text
FROM observations o
JOIN pages p USING (page_id)
LEFT JOIN page_texts t
    ON t.body_sha256 = o.body_sha256
   AND t.cleaner_version = (SELECT max(cleaner_version) FROM page_texts)
WHERE o.body_sha256 IS NOT NULL AND o.outcome IN ('ok', 'not_modified')
GROUP BY ALL
