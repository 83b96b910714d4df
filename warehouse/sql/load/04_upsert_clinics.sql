INSERT INTO clinics
SELECT s.clinic_id, s.name, s.website, s.city, s.region, s.country, s.tags, $run_id, $run_id
FROM stg_clinics s
ON CONFLICT (clinic_id) DO UPDATE SET
    name = excluded.name, website = excluded.website, city = excluded.city,
    region = excluded.region, country = excluded.country, tags = excluded.tags,
    last_run_id = excluded.last_run_id
