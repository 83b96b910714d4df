-- The one definition of a page version's current reading: of the extractor versions that read
-- it, the one used most recently. current_claims, current_offers and clinic_facts start here.
CREATE OR REPLACE VIEW current_extraction AS
SELECT f.body_sha256, f.extractor_version
FROM page_facts f
LEFT JOIN extractor_versions v ON v.version = f.extractor_version
QUALIFY row_number() OVER (
    PARTITION BY f.body_sha256 ORDER BY v.last_used_at DESC NULLS LAST, f.extractor_version DESC
) = 1
