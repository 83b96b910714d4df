-- Offers as the current extractor reading of each page version (view current_extraction).
CREATE OR REPLACE VIEW current_offers AS
SELECT o.* FROM offers o JOIN current_extraction USING (body_sha256, extractor_version)
