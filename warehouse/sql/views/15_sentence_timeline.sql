-- Every claim or offer sentence of every clinic: first and last seen, backed by stored checks;
-- the one timeline claim_timeline and offer_timeline select from. The load keeps it in table
-- sentence_history (definition: macro folded_sentences over the version sightings, each page
-- version in its current reading), so reading it costs what the sentences cost, not what the
-- daily checks cost. lineage_id follows a claim through its rewordings (table lineages). A
-- sentence was provably live on a date when a check of that date observed a version carrying
-- it (`observations` has each check).
CREATE OR REPLACE VIEW sentence_timeline AS
SELECT * EXCLUDE (context_seen) FROM sentence_history
