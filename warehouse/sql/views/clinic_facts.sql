-- What each clinic's site says as of its latest check: the union of the page facts of every
-- page version seen in the clinic's most recent run, and whether any page discloses risks.
CREATE OR REPLACE VIEW clinic_facts AS
WITH latest_run AS (
    SELECT clinic_id, arg_max(run_id, observed_at) AS run_id
    FROM observations GROUP BY clinic_id
),
live AS (
    SELECT DISTINCT o.clinic_id, o.body_sha256
    FROM observations o JOIN latest_run USING (clinic_id, run_id)
    WHERE o.body_sha256 IS NOT NULL AND o.outcome IN ('ok', 'not_modified')
),
current_facts AS (
    SELECT f.* FROM page_facts f
    WHERE f.extractor_version = (SELECT max(extractor_version) FROM page_facts)
)
SELECT
    l.clinic_id,
    list_sort(list_distinct(flatten(list(f.conditions))))   AS conditions,
    list_sort(list_distinct(flatten(list(f.modalities))))   AS modalities,
    list_sort(list_distinct(flatten(list(f.credentials))))  AS credentials,
    list_sort(list_distinct(flatten(list(f.boards_named)))) AS boards_named,
    list_sort(list_distinct(flatten(list(f.societies))))    AS societies,
    bool_or(f.board_certified_unnamed)                      AS board_certified_unnamed,
    coalesce(bool_or(f.discloses_risk), false)              AS discloses_risk_anywhere,
    NOT coalesce(bool_or(f.discloses_risk), false)          AS missing_risk_disclosure,
    bool_or(f.at_home)                                      AS offers_at_home
FROM live l
LEFT JOIN current_facts f USING (body_sha256)
GROUP BY l.clinic_id
