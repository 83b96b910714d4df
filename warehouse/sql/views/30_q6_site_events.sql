-- Q6. Pages that vanished, moved or began redirecting to another website, clinics that went offline or began serving bot challenges.
CREATE OR REPLACE VIEW q6_site_events AS
SELECT c.observed_at, c.clinic_id, cl.name, c.kind, c.url, c.before_value, c.after_value
FROM changes c JOIN clinics cl USING (clinic_id)
WHERE c.kind IN ('page_vanished', 'page_moved', 'redirect_offsite', 'site_unreachable',
                 'bot_challenge', 'robots_disallow_added')
ORDER BY c.observed_at, c.clinic_id, c.kind
