CREATE OR REPLACE TEMP TABLE stg_page_facts AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    body_sha256: 'VARCHAR', extractor_version: 'VARCHAR', conditions: 'VARCHAR[]',
    modalities: 'VARCHAR[]', credentials: 'VARCHAR[]', boards_named: 'VARCHAR[]',
    board_certified_unnamed: 'BOOLEAN', societies: 'VARCHAR[]', discloses_risk: 'BOOLEAN',
    at_home: 'BOOLEAN'
})
