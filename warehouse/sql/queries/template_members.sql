-- Every claim sentence that can be copy, per clinic, with the template it was grouped under
-- (its own identity when no other sentence copies it): what q5_claim_templates counts, one row
-- per sentence. benchmarks/templates.py scores it against the sample web's key.
SELECT DISTINCT c.clinic_id, c.evidence, coalesce(t.template_id, c.evidence_key) AS template_id
FROM claim_timeline c
LEFT JOIN claim_templates t USING (evidence_key)
WHERE is_template_copy(c.category, c.evidence_key)
ORDER BY ALL
