CREATE OR REPLACE TEMP TABLE stg_claims AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    body_sha256: 'VARCHAR', extractor_version: 'VARCHAR', claim_index: 'INTEGER',
    category: 'VARCHAR', subtype: 'VARCHAR', evidence_key: 'VARCHAR', condition: 'VARCHAR', modalities: 'VARCHAR[]', quantities: 'JSON',
    hedged: 'BOOLEAN', qualifier: 'VARCHAR', source: 'VARCHAR', flags: 'VARCHAR[]',
    flag_rules: 'JSON', board_named: 'BOOLEAN', evidence: 'VARCHAR', matched: 'VARCHAR',
    span_start: 'INTEGER', span_end: 'INTEGER', zone: 'VARCHAR', confidence: 'DOUBLE',
    context: 'VARCHAR'
})
