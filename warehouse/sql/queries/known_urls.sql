-- Pages each clinic showed before that answered with their own text the last time they were
-- fetched, least recently fetched first: the crawl asks for some of them every run even when
-- no link leads there any more, so a rename is seen as a move and a deletion as a vanished page.
-- Each keeps the depth it was found at, so a calendar's links reach no deeper than before.
SELECT clinic_id, requested_url, coalesce(depth, 1) AS depth
FROM observations
WHERE clinic_id IN (SELECT unnest($clinic_ids::VARCHAR[]))
  AND is_page_fetch(found_via)
  AND coalesce(content_type, 'text/html') LIKE '%html%'
QUALIFY row_number() OVER (PARTITION BY clinic_id, requested_url ORDER BY observed_at DESC) = 1
    AND read_the_page(outcome)
    AND (final_url IS NULL OR final_url = requested_url)
ORDER BY clinic_id, observed_at, requested_url
