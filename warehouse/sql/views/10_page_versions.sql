-- Each distinct version of each page: when it was first and last seen, and its cleaned text
-- (from the newest cleaner version that processed that body).
CREATE OR REPLACE VIEW page_versions AS
WITH texts AS (
    SELECT body_sha256,
           arg_max(title, cleaner_version)            AS title,
           arg_max(meta_description, cleaner_version) AS meta_description,
           arg_max(language, cleaner_version)         AS language,
           arg_max(main_text, cleaner_version)        AS main_text
    FROM page_texts GROUP BY body_sha256
)
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
LEFT JOIN texts t USING (body_sha256)
WHERE o.body_sha256 IS NOT NULL AND read_the_page(o.outcome)
GROUP BY ALL
