-- Replace staged full copies by their deltas (computed in warehouse.bodies.encode_deltas).
UPDATE stg_bodies s
SET compression = 'zstd-delta', base_sha256 = d.base_sha256, compressed_size = d.size,
    data_b64 = d.data_b64
FROM (
    SELECT unnest($bodies::VARCHAR[]) AS body_sha256, unnest($bases::VARCHAR[]) AS base_sha256,
           unnest($sizes::BIGINT[]) AS size, unnest($data::VARCHAR[]) AS data_b64
) d
WHERE s.body_sha256 = d.body_sha256
