-- Q4. How has the share of clinics advertising PTSD moved month by month?
SELECT month::DATE AS month, clinics_advertising, clinics_checked, share
FROM q4_condition_prevalence_monthly
WHERE condition = 'ptsd'
ORDER BY month
