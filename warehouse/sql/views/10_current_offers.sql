CREATE OR REPLACE VIEW current_offers AS
SELECT * FROM offers
QUALIFY extractor_version = max(extractor_version) OVER (PARTITION BY body_sha256)
