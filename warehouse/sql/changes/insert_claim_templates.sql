INSERT INTO claim_templates BY NAME SELECT * FROM stg_claim_templates
