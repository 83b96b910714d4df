-- The identity of a claim- or offer-bearing sentence (flows/extraction/identity.py): timelines and
-- templates group by it.
ALTER TABLE claims ADD COLUMN evidence_key VARCHAR;
ALTER TABLE offers ADD COLUMN evidence_key VARCHAR;

-- One row per change a run found: a claim or offer sentence added, removed, reworded,
-- strengthened or weakened, a price or discount changed, a page added, moved or vanished,
-- a site unreachable or behind a bot challenge.
CREATE TABLE changes (
    change_id          VARCHAR NOT NULL,
    run_id             VARCHAR NOT NULL,
    observed_at        TIMESTAMPTZ NOT NULL,
    clinic_id          VARCHAR NOT NULL,
    page_id            VARCHAR,
    url                VARCHAR,
    stream             VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,
    categories         VARCHAR[],
    before_value       VARCHAR,
    after_value        VARCHAR,
    before_evidence    VARCHAR,
    after_evidence     VARCHAR,
    risk_flags         VARCHAR[],
    extractor_version  VARCHAR NOT NULL
);
