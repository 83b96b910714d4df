-- Claim sentences the run saw that have no template yet, long enough to be copy (conditions
-- and credentials are short lists, not copy). A re-run assigns its own sentences again.
SELECT DISTINCT ON (c.evidence_key) c.evidence_key, c.category, c.evidence
FROM current_claims c
JOIN readable_observations o USING (body_sha256)
WHERE o.run_id = $run_id
  AND c.evidence_key IS NOT NULL
  AND length(c.evidence_key) >= 40
  AND c.category NOT IN ('condition', 'credentials')
  AND c.evidence_key NOT IN (SELECT evidence_key FROM claim_templates WHERE run_id <> $run_id)
ORDER BY c.evidence_key, c.category
