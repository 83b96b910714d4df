INSERT INTO bodies (body_sha256, content_type, byte_size, compression, compressed_size, data,
                    first_run_id, base_sha256)
SELECT DISTINCT ON (body_sha256) body_sha256, content_type, byte_size, compression,
       compressed_size, from_base64(data_b64), $run_id, base_sha256
FROM stg_bodies s
ANTI JOIN bodies b USING (body_sha256)
