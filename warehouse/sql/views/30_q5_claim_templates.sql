-- Q5. Claims that appear on several clinics as one piece of copy (the same wording once noise is
-- removed, or lightly reworded: table claim_templates), with where and when each clinic first
-- showed it, and in which words.
CREATE OR REPLACE VIEW q5_claim_templates AS
WITH per_clinic AS (
    SELECT coalesce(t.template_id, c.evidence_key) AS template_id, c.clinic_id,
           min(c.first_seen) AS first_seen, arg_min(c.first_url, c.first_seen) AS first_url,
           arg_min(c.evidence, c.first_seen) AS evidence
    FROM claim_timeline c
    LEFT JOIN claim_templates t USING (evidence_key)
    WHERE is_template_copy(c.category, c.evidence_key)
    GROUP BY ALL
),
-- Templates on two clinics or more, found before the appearance lists are built: ordered
-- lists cost per group, and most sentences are no template.
shared AS (SELECT template_id FROM per_clinic GROUP BY template_id HAVING count(*) >= 2)
SELECT template_id, arg_min(evidence, first_seen) AS example, count(*) AS clinics,
       min(first_seen) AS first_appeared, arg_min(clinic_id, first_seen) AS first_clinic,
       list(struct_pack(clinic_id, first_seen, first_url, evidence) ORDER BY first_seen)
           AS appearances
FROM per_clinic SEMI JOIN shared USING (template_id)
GROUP BY template_id
HAVING count(*) >= 2
ORDER BY clinics DESC, first_appeared
