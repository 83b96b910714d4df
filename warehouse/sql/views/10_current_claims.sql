-- Claims as the current extractor reading of each page version (view current_extraction).
CREATE OR REPLACE VIEW current_claims AS
SELECT c.* FROM claims c JOIN current_extraction USING (body_sha256, extractor_version)
