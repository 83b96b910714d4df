-- Q5. Claim sentences that appear on several clinics (same wording once noise is removed),
-- with where and when each clinic first showed it.
CREATE OR REPLACE VIEW q5_claim_templates AS
WITH per_clinic AS (
    SELECT evidence_key, clinic_id, min(first_seen) AS first_seen,
           arg_min(first_url, first_seen) AS first_url, any_value(evidence) AS evidence
    FROM claim_timeline
    WHERE category NOT IN ('condition', 'credentials') AND length(evidence_key) >= 40
    GROUP BY evidence_key, clinic_id
)
SELECT evidence_key, any_value(evidence) AS example, count(*) AS clinics,
       min(first_seen) AS first_appeared, arg_min(clinic_id, first_seen) AS first_clinic,
       list(struct_pack(clinic_id, first_seen, first_url) ORDER BY first_seen) AS appearances
FROM per_clinic
GROUP BY evidence_key
HAVING count(*) >= 2
ORDER BY clinics DESC, first_appeared
