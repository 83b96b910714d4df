-- Tables the load keeps up to date in its own transaction, so the analysts' timelines and
-- prevalence views read folded history instead of folding every check ever made
-- (warehouse/maintain.py). Each holds exactly what its all-history definition gives; the step
-- right after this migration fills them once from the history already stored.

-- Each run's checks of each clinic, folded: what "the clinic's latest run", "the clinic's run
-- as of a date" and "the months a clinic was checked" read.
CREATE TABLE run_clinic_checks (
    run_id             VARCHAR NOT NULL,
    clinic_id          VARCHAR NOT NULL,
    checks             BIGINT NOT NULL,
    readable_checks    BIGINT NOT NULL,
    last_observed_at   TIMESTAMPTZ NOT NULL,
    first_readable_at  TIMESTAMPTZ,
    last_readable_at   TIMESTAMPTZ,
    PRIMARY KEY (run_id, clinic_id)
);

-- The rows of view version_sightings: readable checks folded per clinic, page and version.
CREATE TABLE page_sightings (
    clinic_id    VARCHAR NOT NULL,
    page_id      VARCHAR NOT NULL,
    body_sha256  VARCHAR,
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    last_run_id  VARCHAR NOT NULL,
    checks       BIGINT NOT NULL
);

-- The rows of view sentence_timeline, plus context_seen: when the sentence was last seen with
-- a context, so a run that shows it without one keeps the last context it had.
CREATE TABLE sentence_history (
    clinic_id     VARCHAR NOT NULL,
    stream        VARCHAR NOT NULL,
    evidence_key  VARCHAR,
    lineage_id    VARCHAR,
    kind          VARCHAR,
    condition     VARCHAR,
    amount        DOUBLE,
    min_amount    DOUBLE,
    max_amount    DOUBLE,
    unit          VARCHAR,
    percent       DOUBLE,
    first_seen    TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    last_run_id   VARCHAR NOT NULL,
    checks        BIGINT NOT NULL,
    evidence      VARCHAR,
    context       VARCHAR,
    first_url     VARCHAR,
    flags         VARCHAR[],
    context_seen  TIMESTAMPTZ
);

-- The extractor reading of each page version that sentence_history was built from: when a
-- page version's current reading (view current_extraction) moves away from it, the clinics
-- that showed that version have their sentences rebuilt.
CREATE TABLE timeline_readings (
    body_sha256        VARCHAR PRIMARY KEY,
    extractor_version  VARCHAR NOT NULL
);
