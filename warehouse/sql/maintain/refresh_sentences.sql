-- After change detection (which stores lineages and may read older versions with the running
-- rules): bring sentence_history up to date with the run, touching only its clinics' rows.

-- 1. Page versions whose current reading moved (a new extractor version in use, a version read
--    for the first time): recorded, and every clinic that showed such a version before this
--    run has its sentences rebuilt from its sightings.
CREATE OR REPLACE TEMP TABLE readings_now AS SELECT * FROM current_extraction;

CREATE OR REPLACE TEMP TABLE changed_readings AS
SELECT body_sha256 FROM (SELECT * FROM readings_now EXCEPT SELECT * FROM timeline_readings)
UNION
SELECT body_sha256 FROM (SELECT * FROM timeline_readings EXCEPT SELECT * FROM readings_now);

DELETE FROM timeline_readings WHERE body_sha256 IN (SELECT body_sha256 FROM changed_readings);

INSERT INTO timeline_readings
SELECT * FROM readings_now WHERE body_sha256 IN (SELECT body_sha256 FROM changed_readings);

INSERT INTO recompute_clinics
SELECT DISTINCT s.clinic_id
FROM page_sightings s
JOIN changed_readings USING (body_sha256)
LEFT JOIN run_sightings d
    ON d.clinic_id = s.clinic_id AND d.page_id = s.page_id AND d.body_sha256 = s.body_sha256
WHERE d.checks IS NULL OR s.checks > d.checks;

DELETE FROM sentence_history WHERE clinic_id IN (SELECT clinic_id FROM recompute_clinics);

-- Their sightings first, so the fold reads only theirs.
CREATE OR REPLACE TEMP TABLE recompute_sightings AS
SELECT * FROM page_sightings WHERE clinic_id IN (SELECT clinic_id FROM recompute_clinics);

INSERT INTO sentence_history BY NAME SELECT * FROM folded_sentences('recompute_sightings');

-- 2. A sentence the run found reworded takes the lineage of the one it replaced; its rows
--    from earlier runs follow.
UPDATE sentence_history h SET lineage_id = l.lineage_id
FROM lineages l
WHERE l.run_id = $run_id
  AND h.clinic_id = l.clinic_id AND h.stream = l.stream AND h.evidence_key = l.evidence_key
  AND h.lineage_id IS DISTINCT FROM l.lineage_id;

-- 3. The run's sentences, merged with what was folded before (the other clinics).
CREATE OR REPLACE TEMP TABLE run_sentences AS
SELECT * FROM folded_sentences('run_sightings')
WHERE clinic_id NOT IN (SELECT clinic_id FROM recompute_clinics);

-- Each sentence the run saw, merged with its row folded before (earliest first sighting,
-- latest last one, checks added, the wording and context of the latest sighting), replaces it.
CREATE OR REPLACE TEMP TABLE merged_sentences AS
SELECT d.clinic_id, d.stream, d.evidence_key, d.lineage_id, d.kind, d.condition, d.amount,
       d.min_amount, d.max_amount, d.unit, d.percent,
       least(d.first_seen, h.first_seen)   AS first_seen,
       greatest(d.last_seen, h.last_seen)  AS last_seen,
       CASE WHEN h.last_seen > d.last_seen THEN h.last_run_id ELSE d.last_run_id END
                                           AS last_run_id,
       d.checks + coalesce(h.checks, 0)    AS checks,
       -- Ties broken as in macro folded_sentences.
       CASE WHEN h.last_seen > d.last_seen
              OR (h.last_seen = d.last_seen AND h.evidence > d.evidence)
            THEN h.evidence ELSE d.evidence END AS evidence,
       CASE WHEN d.context_seen IS NULL OR h.context_seen > d.context_seen
              OR (h.context_seen = d.context_seen AND h.context > d.context)
            THEN h.context ELSE d.context END AS context,
       CASE WHEN h.first_seen < d.first_seen
              OR (h.first_seen = d.first_seen AND h.first_url < d.first_url)
            THEN h.first_url ELSE d.first_url END AS first_url,
       list_sort(list_distinct(flatten([h.flags, d.flags]))) AS flags,
       greatest(d.context_seen, h.context_seen) AS context_seen
FROM run_sentences d
LEFT JOIN sentence_history h
    ON h.clinic_id = d.clinic_id AND h.stream = d.stream
  AND h.evidence_key IS NOT DISTINCT FROM d.evidence_key
  AND h.lineage_id IS NOT DISTINCT FROM d.lineage_id
  AND h.kind IS NOT DISTINCT FROM d.kind
  AND h.condition IS NOT DISTINCT FROM d.condition
  AND h.amount IS NOT DISTINCT FROM d.amount
  AND h.min_amount IS NOT DISTINCT FROM d.min_amount
  AND h.max_amount IS NOT DISTINCT FROM d.max_amount
  AND h.unit IS NOT DISTINCT FROM d.unit
  AND h.percent IS NOT DISTINCT FROM d.percent;

DELETE FROM sentence_history h USING run_sentences d
WHERE h.clinic_id = d.clinic_id AND h.stream = d.stream
  AND h.evidence_key IS NOT DISTINCT FROM d.evidence_key
  AND h.lineage_id IS NOT DISTINCT FROM d.lineage_id
  AND h.kind IS NOT DISTINCT FROM d.kind
  AND h.condition IS NOT DISTINCT FROM d.condition
  AND h.amount IS NOT DISTINCT FROM d.amount
  AND h.min_amount IS NOT DISTINCT FROM d.min_amount
  AND h.max_amount IS NOT DISTINCT FROM d.max_amount
  AND h.unit IS NOT DISTINCT FROM d.unit
  AND h.percent IS NOT DISTINCT FROM d.percent;

INSERT INTO sentence_history BY NAME SELECT * FROM merged_sentences;

DROP TABLE readings_now;
DROP TABLE changed_readings;
DROP TABLE run_sentences;
DROP TABLE recompute_sightings;
DROP TABLE merged_sentences;
DROP TABLE run_sightings;
DROP TABLE unloaded_sightings;
DROP TABLE recompute_clinics;
