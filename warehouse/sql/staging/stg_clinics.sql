CREATE OR REPLACE TEMP TABLE stg_clinics AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    clinic_id: 'VARCHAR', name: 'VARCHAR', website: 'VARCHAR', city: 'VARCHAR',
    region: 'VARCHAR', country: 'VARCHAR', tags: 'VARCHAR[]'
})
