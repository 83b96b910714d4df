INSERT INTO page_texts BY NAME
SELECT DISTINCT ON (body_sha256, cleaner_version) *
FROM stg_page_texts s
ANTI JOIN page_texts t USING (body_sha256, cleaner_version)
