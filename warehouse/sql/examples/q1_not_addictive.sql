-- Q1. Which clinics claim ketamine is not addictive right now, with the evidence sentence and since when?
SELECT clinic_id, since::DATE AS since, evidence, answers
FROM q1_not_addictive_now
ORDER BY since, clinic_id
