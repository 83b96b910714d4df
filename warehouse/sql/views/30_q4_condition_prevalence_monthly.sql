-- Q4. Share of checked clinics advertising each condition, month by month.
CREATE OR REPLACE VIEW q4_condition_prevalence_monthly AS
-- A run's readable checks fall in the month of its first or of its last one (no run lasts a
-- month), so the per-run summary names every month a clinic was checked.
WITH checked AS (
    SELECT DISTINCT unnest([date_trunc('month', first_readable_at),
                            date_trunc('month', last_readable_at)]) AS month, clinic_id
    FROM run_clinic_checks
    WHERE readable_checks > 0
),
totals AS (SELECT month, count(*) AS clinics_checked FROM checked GROUP BY month),
advertised AS (
    SELECT DISTINCT k.month, t.clinic_id, t.condition
    FROM checked k
    JOIN claim_timeline t
      ON t.clinic_id = k.clinic_id AND t.category = 'condition'
     AND t.first_seen < k.month + INTERVAL 1 MONTH AND t.last_seen >= k.month
)
SELECT a.month, a.condition, count(*) AS clinics_advertising, t.clinics_checked,
       round(count(*) / t.clinics_checked, 3) AS share
FROM advertised a JOIN totals t USING (month)
GROUP BY a.month, a.condition, t.clinics_checked
ORDER BY a.month, a.condition
