-- How each (run, clinic) pair's site answered: 'unreachable' when no fetch reached it,
-- 'challenged' when a bot wall answered (a mitigation header, or a 403/429/503 whose text says
-- so) and no page was read, 'rate_limited' when the site only asked us to wait, 'unknown' when
-- the run did not fetch the clinic, otherwise 'ok'. Pairs come as two lists of equal length.
WITH pairs AS (
    SELECT unnest($run_ids::VARCHAR[]) AS run_id, unnest($clinic_ids::VARCHAR[]) AS clinic_id
),
fetches AS (
    SELECT
        o.run_id,
        o.clinic_id,
        o.outcome,
        o.status IN (403, 429, 503) AND (
            coalesce(o.headers->>'cf-mitigated', '') <> ''
            OR regexp_matches(
                coalesce(t.title, '') || ' ' || coalesce(t.main_text, ''),
                '(?i)checking your browser|just a moment|verify(?:ing)? (?:that )?you are (?:a )?human|attention required|access denied|captcha'
            )
        ) AS challenged
    FROM observations o
    JOIN pairs p USING (run_id, clinic_id)
    LEFT JOIN page_texts t USING (body_sha256)
    WHERE is_page_fetch(o.found_via)
)
SELECT
    p.run_id,
    p.clinic_id,
    CASE
        WHEN count(f.outcome) = 0 THEN 'unknown'
        WHEN bool_and(list_contains($unreachable::VARCHAR[], f.outcome)) THEN 'unreachable'
        WHEN bool_or(read_the_page(f.outcome)) THEN 'ok'
        WHEN bool_or(f.challenged) THEN 'challenged'
        WHEN bool_or(f.outcome = 'rate_limited') THEN 'rate_limited'
        ELSE 'ok'
    END AS state
FROM pairs p
LEFT JOIN fetches f USING (run_id, clinic_id)
GROUP BY p.run_id, p.clinic_id
