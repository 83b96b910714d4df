-- Which extractor versions have read pages, and when each was last used: the current reading
-- of a page version is the one by the version used most recently (view current_extraction).
-- Version strings do not sort by age ("2026.12" < "2026.9"), so they are never compared.
CREATE TABLE extractor_versions (
    version       VARCHAR PRIMARY KEY,
    last_used_at  TIMESTAMPTZ NOT NULL
);

-- Versions already in the warehouse: last used by the last run whose changes were read with
-- it; versions no run compared with come first, in name order.
INSERT INTO extractor_versions
SELECT f.extractor_version,
       coalesce(max(r.started_at), TIMESTAMPTZ '1970-01-01 00:00:00+00')
FROM (SELECT DISTINCT extractor_version FROM page_facts) f
LEFT JOIN changes c USING (extractor_version)
LEFT JOIN runs r USING (run_id)
GROUP BY f.extractor_version;
