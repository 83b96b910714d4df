-- Extraction is keyed by body and extractor version, so a re-run adds nothing twice.
INSERT INTO claims BY NAME
SELECT * FROM stg_claims s
ANTI JOIN claims c USING (body_sha256, extractor_version, claim_index)
