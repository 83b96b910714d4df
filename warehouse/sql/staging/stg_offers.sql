CREATE OR REPLACE TEMP TABLE stg_offers AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    body_sha256: 'VARCHAR', extractor_version: 'VARCHAR', offer_index: 'INTEGER',
    type: 'VARCHAR', amount: 'DOUBLE', min_amount: 'DOUBLE', max_amount: 'DOUBLE',
    currency: 'VARCHAR', unit: 'VARCHAR', percent: 'DOUBLE', audience: 'VARCHAR[]',
    treatment_count: 'INTEGER', period: 'VARCHAR', status: 'VARCHAR', expiry: 'VARCHAR',
    flags: 'VARCHAR[]', evidence: 'VARCHAR', evidence_key: 'VARCHAR', matched: 'VARCHAR', span_start: 'INTEGER',
    span_end: 'INTEGER', zone: 'VARCHAR', confidence: 'DOUBLE', context: 'VARCHAR'
})
