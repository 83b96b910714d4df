-- One row per claim as it lived through its wordings: the lineage's first and last sighting,
-- its wordings in the order they appeared, and the page each wording was first seen on (view
-- sentence_timeline; a rewording keeps the lineage of the sentence it replaced).
CREATE OR REPLACE VIEW claim_lineage AS
WITH wordings AS (
    SELECT clinic_id, lineage_id, evidence_key,
           list_distinct(list(kind))          AS kinds,
           min(first_seen)                    AS first_seen,
           max(last_seen)                     AS last_seen,
           arg_max(evidence, last_seen)       AS evidence,
           arg_min(first_url, first_seen)     AS first_url
    FROM sentence_timeline
    WHERE stream = 'claim'
    GROUP BY clinic_id, lineage_id, evidence_key
)
SELECT
    clinic_id,
    lineage_id,
    list_sort(list_distinct(flatten(list(kinds))))    AS categories,
    min(first_seen)                                   AS first_seen,
    max(last_seen)                                    AS last_seen,
    count(*)                                          AS wordings,
    list(evidence ORDER BY first_seen, evidence_key)  AS evidence_by_first_seen,
    list(first_url ORDER BY first_seen, evidence_key) AS first_urls
FROM wordings
GROUP BY clinic_id, lineage_id
