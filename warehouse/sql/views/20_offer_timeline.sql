-- Every offer sentence of every clinic: first and last seen, with its parsed values (view
-- sentence_timeline).
CREATE OR REPLACE VIEW offer_timeline AS
SELECT clinic_id, lineage_id, evidence_key, kind AS type, amount, min_amount, max_amount, unit, percent,
       first_seen, last_seen, last_run_id, checks, evidence, first_url
FROM sentence_timeline
WHERE stream = 'offer'
