-- Q5. Which claims appear with near-identical wording on several clinics, and where did each first appear?
SELECT example, clinics, first_clinic, first_appeared::DATE AS first_appeared,
       [a.clinic_id || ' ' || strftime(a.first_seen, '%Y-%m-%d') FOR a IN appearances] AS appearances
FROM q5_claim_templates
ORDER BY clinics DESC, first_appeared
