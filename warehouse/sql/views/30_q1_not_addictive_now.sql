-- Q1. Which clinics claim ketamine is not addictive right now, with the evidence and since when.
CREATE OR REPLACE VIEW q1_not_addictive_now AS
SELECT t.clinic_id, cl.name, t.evidence, t.context AS answers, t.first_url AS url,
       t.first_seen AS since,
       r.observed_at AS last_checked
FROM claim_timeline t
JOIN latest_readable_run r ON r.clinic_id = t.clinic_id AND r.run_id = t.last_run_id
JOIN clinics cl ON cl.clinic_id = t.clinic_id
WHERE t.category = 'addiction'
ORDER BY since, t.clinic_id
