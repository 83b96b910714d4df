-- Claim sentences the run saw that have no template yet and can be copy (is_template_copy).
-- A re-run assigns its own sentences again.
SELECT DISTINCT ON (c.evidence_key) c.evidence_key, c.category, c.evidence
FROM current_claims c
JOIN readable_observations o USING (body_sha256)
WHERE o.run_id = $run_id
  AND c.evidence_key IS NOT NULL
  AND is_template_copy(c.category, c.evidence_key)
  AND c.evidence_key NOT IN (SELECT evidence_key FROM claim_templates WHERE run_id <> $run_id)
ORDER BY c.evidence_key, c.category
