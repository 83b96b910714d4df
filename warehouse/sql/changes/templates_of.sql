-- The sentences already grouped into templates, which the run's new sentences may copy.
SELECT template_id, evidence
FROM claim_templates
WHERE run_id <> $run_id
