-- The changes the given runs recorded, with the clinic's name, in reading order.
SELECT
    ch.run_id, ch.observed_at, ch.clinic_id, c.name, ch.stream, ch.kind, ch.url,
    ch.categories, ch.risk_flags, ch.before_value, ch.after_value,
    ch.before_evidence, ch.after_evidence
FROM changes ch
JOIN clinics c USING (clinic_id)
WHERE list_contains($run_ids, ch.run_id)
ORDER BY ch.observed_at, ch.clinic_id, ch.stream, ch.kind, ch.url
