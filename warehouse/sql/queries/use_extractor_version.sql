-- The running extractor version has just read pages: it is the current reading now.
INSERT INTO extractor_versions VALUES ($version, now())
ON CONFLICT (version) DO UPDATE SET last_used_at = excluded.last_used_at
