-- Every claim sentence of every clinic: first and last seen (view sentence_timeline).
CREATE OR REPLACE VIEW claim_timeline AS
SELECT clinic_id, lineage_id, evidence_key, kind AS category, condition, first_seen, last_seen, last_run_id,
       checks, evidence, context, first_url, flags
FROM sentence_timeline
WHERE stream = 'claim'
