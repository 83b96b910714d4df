INSERT INTO lineages BY NAME SELECT * FROM stg_lineages
