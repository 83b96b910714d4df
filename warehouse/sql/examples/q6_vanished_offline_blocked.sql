-- Q6. Which pages vanished or moved, and which clinics went offline or started serving bot challenges?
SELECT observed_at::DATE AS date, clinic_id, kind, url, before_value, after_value
FROM q6_site_events
ORDER BY date, clinic_id, kind
