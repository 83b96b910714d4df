-- What each distinct page version asserts (claims) and sells (offers), per extractor version.
-- Offsets (span_start, span_end) point into page_texts.text of the same body.

ALTER TABLE page_texts ADD COLUMN text VARCHAR;
ALTER TABLE page_texts ADD COLUMN blocks JSON;
-- The text with dates, counters and copyright lines removed: what change detection compares.
ALTER TABLE page_texts ADD COLUMN comparable_text VARCHAR;

CREATE TABLE claims (
    body_sha256        VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    claim_index        INTEGER NOT NULL,
    category           VARCHAR NOT NULL,
    -- The condition id for conditions, else the vocabulary phrase that matched, lower-cased.
    subtype            VARCHAR,
    condition          VARCHAR,
    modalities         VARCHAR[],
    quantities         JSON,
    hedged             BOOLEAN,
    qualifier          VARCHAR,
    source             VARCHAR,
    flags              VARCHAR[],
    flag_rules         JSON,
    board_named        BOOLEAN,
    evidence           VARCHAR NOT NULL,
    matched            VARCHAR,
    span_start         INTEGER NOT NULL,
    span_end           INTEGER NOT NULL,
    zone               VARCHAR,
    confidence         DOUBLE,
    PRIMARY KEY (body_sha256, extractor_version, claim_index)
);

CREATE TABLE offers (
    body_sha256        VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    offer_index        INTEGER NOT NULL,
    type               VARCHAR NOT NULL,
    amount             DOUBLE,
    min_amount         DOUBLE,
    max_amount         DOUBLE,
    currency           VARCHAR,
    unit               VARCHAR,
    percent            DOUBLE,
    audience           VARCHAR[],
    treatment_count    INTEGER,
    period             VARCHAR,
    status             VARCHAR,
    expiry             VARCHAR,
    flags              VARCHAR[],
    evidence           VARCHAR NOT NULL,
    matched            VARCHAR,
    span_start         INTEGER NOT NULL,
    span_end           INTEGER NOT NULL,
    zone               VARCHAR,
    confidence         DOUBLE,
    PRIMARY KEY (body_sha256, extractor_version, offer_index)
);

-- Page-level facts: conditions, modalities, credentials, boards, societies, risk disclosure.
CREATE TABLE page_facts (
    body_sha256        VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    conditions         VARCHAR[],
    modalities         VARCHAR[],
    credentials        VARCHAR[],
    boards_named       VARCHAR[],
    board_certified_unnamed BOOLEAN,
    societies          VARCHAR[],
    discloses_risk     BOOLEAN,
    at_home            BOOLEAN,
    PRIMARY KEY (body_sha256, extractor_version)
);
