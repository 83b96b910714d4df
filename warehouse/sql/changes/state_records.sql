-- The claim and offer records of the given page versions at one extractor version, with the
-- values a change compares (numbers, hedges, conditions for claims; amounts for offers).
SELECT 'claim' AS stream, body_sha256, claim_index AS row_index, category, evidence, zone,
       flags, to_json(quantities) AS record_values, hedged, condition, span_start, span_end
FROM claims
WHERE extractor_version = $version AND body_sha256 IN (SELECT unnest($bodies::VARCHAR[]))
UNION ALL
SELECT 'offer', body_sha256, offer_index, type, evidence, zone, flags,
       to_json(struct_pack(amount, min_amount, max_amount, percent, unit, treatment_count,
                           expiry)),
       NULL, NULL, span_start, span_end
FROM offers
WHERE extractor_version = $version AND body_sha256 IN (SELECT unnest($bodies::VARCHAR[]))
ORDER BY stream, body_sha256, row_index
