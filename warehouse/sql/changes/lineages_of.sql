-- The stored lineages of the run's compared clinics: wordings that continue an earlier one.
SELECT clinic_id, stream, evidence_key, lineage_id
FROM lineages
WHERE clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
