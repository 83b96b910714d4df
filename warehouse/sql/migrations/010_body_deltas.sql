-- A body may be stored as a zstd delta against an earlier version of its page (compression
-- 'zstd-delta'): base_sha256 names that base, which is always a body stored on its own.
ALTER TABLE bodies ADD COLUMN base_sha256 VARCHAR;
