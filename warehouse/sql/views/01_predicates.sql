-- The shared predicates every view and query uses, defined once (crawlers/items.py names the
-- outcomes). A fetch read the page when it was fetched or confirmed unchanged (304); a page
-- fetch is any fetch but robots.txt and the sitemap file.
CREATE OR REPLACE MACRO read_the_page(outcome) AS outcome IN ('ok', 'not_modified');
CREATE OR REPLACE MACRO is_page_fetch(found_via) AS found_via NOT IN ('robots', 'sitemap_file');
