-- What each clinic's site says as of its latest check: the union of the page facts of the HTML
-- page versions seen in the clinic's most recent run (each body's current reading).
-- A clinic whose latest run read no page (offline, bot challenge) has readable_pages = 0 and
-- NULL facts: unknown, not "missing".
CREATE OR REPLACE VIEW clinic_facts AS
WITH latest_run AS (
    SELECT clinic_id, arg_max(run_id, last_observed_at) AS run_id
    FROM run_clinic_checks GROUP BY clinic_id
),
live AS (
    SELECT DISTINCT o.clinic_id, o.body_sha256
    FROM readable_observations o JOIN latest_run USING (clinic_id, run_id)
    WHERE o.body_sha256 IS NOT NULL
      AND coalesce(o.content_type, 'text/html') LIKE '%html%'
),
newest AS (
    SELECT f.* FROM page_facts f JOIN current_extraction USING (body_sha256, extractor_version)
)
SELECT
    r.clinic_id,
    count(DISTINCT l.body_sha256)                           AS readable_pages,
    list_sort(list_distinct(flatten(list(f.conditions))))   AS conditions,
    list_sort(list_distinct(flatten(list(f.modalities))))   AS modalities,
    list_sort(list_distinct(flatten(list(f.credentials))))  AS credentials,
    list_sort(list_distinct(flatten(list(f.boards_named)))) AS boards_named,
    list_sort(list_distinct(flatten(list(f.societies))))    AS societies,
    bool_or(f.board_certified_unnamed)                      AS board_certified_unnamed,
    bool_or(f.discloses_risk)                               AS discloses_risk_anywhere,
    NOT bool_or(f.discloses_risk)                           AS missing_risk_disclosure,
    bool_or(f.at_home)                                      AS offers_at_home
FROM latest_run r
LEFT JOIN live l USING (clinic_id)
LEFT JOIN newest f USING (body_sha256)
GROUP BY r.clinic_id
