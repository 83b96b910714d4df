-- A re-loaded run: the versions its old and its new checks saw are folded again from the
-- stored checks (macro folded_sightings), which now hold the new checks only.
CREATE OR REPLACE TEMP TABLE refolded AS
SELECT clinic_id, page_id, body_sha256 FROM unloaded_sightings
UNION
SELECT clinic_id, page_id, body_sha256 FROM run_sightings;

DELETE FROM page_sightings s USING refolded r
WHERE s.clinic_id = r.clinic_id AND s.page_id = r.page_id
  AND s.body_sha256 IS NOT DISTINCT FROM r.body_sha256;

INSERT INTO page_sightings BY NAME
SELECT f.* FROM folded_sightings() f
SEMI JOIN refolded r
    ON f.clinic_id = r.clinic_id AND f.page_id = r.page_id
   AND f.body_sha256 IS NOT DISTINCT FROM r.body_sha256;

DROP TABLE refolded;
