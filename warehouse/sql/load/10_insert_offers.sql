INSERT INTO offers BY NAME
SELECT * FROM stg_offers s
ANTI JOIN offers o USING (body_sha256, extractor_version, offer_index)
