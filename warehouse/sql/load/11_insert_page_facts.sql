INSERT INTO page_facts BY NAME
SELECT * FROM stg_page_facts s
ANTI JOIN page_facts f USING (body_sha256, extractor_version)
