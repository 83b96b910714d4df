CREATE OR REPLACE TEMP TABLE stg_page_texts AS
SELECT * FROM read_json($path, format = 'newline_delimited', columns = {
    body_sha256: 'VARCHAR', cleaner_version: 'VARCHAR', title: 'VARCHAR',
    meta_description: 'VARCHAR', language: 'VARCHAR', charset: 'VARCHAR',
    main_text: 'VARCHAR', text_sha256: 'VARCHAR', text: 'VARCHAR', blocks: 'JSON',
    comparable_text: 'VARCHAR'
})
