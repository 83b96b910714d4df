-- Q3. Which clinics changed their infusion price in the last 90 days, from what to what?
SELECT observed_at::DATE AS date, clinic_id, kind, price_before, price_after, after_evidence
FROM q3_price_changes
WHERE observed_at >= (SELECT max(observed_at) FROM observations) - INTERVAL 90 DAY
ORDER BY date, clinic_id
