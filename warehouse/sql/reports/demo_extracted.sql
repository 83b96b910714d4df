-- Claims and offers on the pages of the latest run, per category or offer type.
WITH last AS (SELECT run_id FROM runs ORDER BY logical_date DESC LIMIT 1),
live AS (SELECT DISTINCT clinic_id, body_sha256 FROM observations
         WHERE run_id IN (SELECT run_id FROM last) AND body_sha256 IS NOT NULL)
SELECT category, count(DISTINCT clinic_id), count(*),
       array_to_string(list_sort(list_distinct(flatten(list(flags)))), ', ')
FROM live JOIN current_claims USING (body_sha256)
GROUP BY ALL
UNION ALL
SELECT 'offer: ' || type, count(DISTINCT clinic_id), count(*), ''
FROM live JOIN current_offers USING (body_sha256) GROUP BY ALL
ORDER BY 1
