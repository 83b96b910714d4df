-- The stored form of each body among $bodies, for warehouse.bodies.read_bodies to decode.
SELECT body_sha256, compression, base_sha256, data
FROM bodies
WHERE body_sha256 IN (SELECT unnest($bodies::VARCHAR[]))
