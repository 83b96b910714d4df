INSERT INTO changes BY NAME SELECT * FROM stg_changes
