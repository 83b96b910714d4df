-- The most recent check of every page, whatever its outcome.
CREATE OR REPLACE VIEW latest_observations AS
SELECT o.*, p.url
FROM observations o
JOIN pages p USING (page_id)
QUALIFY row_number() OVER (PARTITION BY o.page_id ORDER BY o.observed_at DESC) = 1
