-- Lineage: a claim or offer keeps one id through its rewordings. A sentence's lineage is, by
-- default, lineage_of(clinic, stream, its identity); a sentence that replaced another as the
-- same claim reworded, strengthened or weakened takes the lineage of the one it replaced, and
-- only those wordings are stored here (delete-then-insert per run keeps re-runs idempotent).
CREATE TABLE lineages (
    clinic_id     VARCHAR NOT NULL,
    stream        VARCHAR NOT NULL,
    evidence_key  VARCHAR NOT NULL,
    lineage_id    VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    PRIMARY KEY (clinic_id, stream, evidence_key)
);

ALTER TABLE changes ADD COLUMN lineage_id VARCHAR;
