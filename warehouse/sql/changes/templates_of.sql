-- The sentences already grouped into templates, for the categories of the run's new sentences.
SELECT template_id, category, evidence
FROM claim_templates
WHERE category IN (SELECT unnest($categories::VARCHAR[])) AND run_id <> $run_id
