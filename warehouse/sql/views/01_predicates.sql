-- The shared predicates every view and query uses, defined once (crawlers/items.py names the
-- outcomes). A fetch read the page when it was fetched or confirmed unchanged (304); a page
-- fetch is any fetch but robots.txt and the sitemap file.
CREATE OR REPLACE MACRO read_the_page(outcome) AS outcome IN ('ok', 'not_modified');
CREATE OR REPLACE MACRO is_page_fetch(found_via) AS found_via NOT IN ('robots', 'sitemap_file');
-- A sentence's own lineage id; flows/changes/lineage.py computes the same in Python.
CREATE OR REPLACE MACRO lineage_of(clinic_id, stream, evidence_key) AS
    substr(md5(clinic_id || '|' || stream || '|' || evidence_key), 1, 16);
-- A claim sentence that can be copy shared across clinics: long enough to be a sentence someone
-- wrote, and not a condition or a credential, which are short lists every clinic words alike.
CREATE OR REPLACE MACRO is_template_copy(category, evidence_key) AS
    length(evidence_key) >= 40 AND category NOT IN ('condition', 'credentials');
