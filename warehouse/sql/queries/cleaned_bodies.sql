-- Every page version with stored text, whatever cleaned it: what reprocess re-extracts.
SELECT DISTINCT body_sha256 FROM page_texts
