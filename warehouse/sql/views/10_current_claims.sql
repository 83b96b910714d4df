-- Claims and offers as the newest extractor version read each page version.
CREATE OR REPLACE VIEW current_claims AS
SELECT * FROM claims
QUALIFY extractor_version = max(extractor_version) OVER (PARTITION BY body_sha256)
