CREATE OR REPLACE TEMP TABLE stg_observations AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    observation_id: 'VARCHAR', clinic_id: 'VARCHAR', page_id: 'VARCHAR',
    requested_url: 'VARCHAR', path: 'VARCHAR', final_url: 'VARCHAR',
    redirect_chain: 'VARCHAR[]', observed_at: 'TIMESTAMPTZ', fetched_at: 'TIMESTAMPTZ',
    status: 'INTEGER', outcome: 'VARCHAR', error_class: 'VARCHAR', error_message: 'VARCHAR',
    content_type: 'VARCHAR', etag: 'VARCHAR', last_modified: 'VARCHAR', headers: 'JSON',
    bytes_received: 'BIGINT', elapsed_ms: 'INTEGER', depth: 'INTEGER', found_via: 'VARCHAR',
    body_sha256: 'VARCHAR', links: 'VARCHAR[]'
})
