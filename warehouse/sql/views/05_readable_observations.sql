-- The one definition of a check that read a page: fetched or confirmed unchanged (304), and a
-- page, not robots.txt or the sitemap file. Every view that asks "what did the clinic's site
-- say" starts here.
CREATE OR REPLACE VIEW readable_observations AS
SELECT * FROM observations
WHERE read_the_page(outcome) AND is_page_fetch(found_via)
