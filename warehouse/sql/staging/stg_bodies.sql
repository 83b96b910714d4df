CREATE OR REPLACE TEMP TABLE stg_bodies AS
SELECT body_sha256, content_type, byte_size, compression, compressed_size,
       from_base64(data_b64) AS data
FROM read_json($path, format = 'newline_delimited', columns = {
    body_sha256: 'VARCHAR', content_type: 'VARCHAR', byte_size: 'BIGINT',
    compression: 'VARCHAR', compressed_size: 'BIGINT', data_b64: 'VARCHAR'
})
