-- Q3. Price changes, from what to what (filter by date and by unit or wording as needed).
CREATE OR REPLACE VIEW q3_price_changes AS
SELECT c.observed_at, c.clinic_id, cl.name, c.kind,
       TRY_CAST(c.before_value AS DOUBLE) AS price_before,
       TRY_CAST(c.after_value AS DOUBLE)  AS price_after,
       c.before_evidence, c.after_evidence, c.url
FROM changes c JOIN clinics cl USING (clinic_id)
WHERE c.kind IN ('price_up', 'price_down')
ORDER BY c.observed_at DESC, c.clinic_id
