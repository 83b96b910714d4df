-- Core history: runs, clinics, pages, one observation per fetch attempt, bodies stored once.

CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,
    flow_run_id     VARCHAR,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    -- The date the run stands for. Equal to started_at, except when a demo replays old editions.
    logical_date    TIMESTAMPTZ NOT NULL,
    label           VARCHAR,
    targets_file    VARCHAR,
    params          JSON,
    crawl_stats     JSON,
    clinics         INTEGER,
    fetches         INTEGER,
    failed_fetches  INTEGER,
    new_bodies      INTEGER
);

CREATE TABLE clinics (
    clinic_id     VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    website       VARCHAR NOT NULL,
    city          VARCHAR,
    region        VARCHAR,
    country       VARCHAR,
    tags          VARCHAR[],
    first_run_id  VARCHAR NOT NULL,
    last_run_id   VARCHAR NOT NULL
);

CREATE TABLE pages (
    page_id       VARCHAR PRIMARY KEY,
    clinic_id     VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    first_run_id  VARCHAR NOT NULL
);

-- One row per distinct raw body, addressed by the SHA-256 of the uncompressed bytes.
CREATE TABLE bodies (
    body_sha256      VARCHAR PRIMARY KEY,
    content_type     VARCHAR,
    byte_size        BIGINT NOT NULL,
    compression      VARCHAR NOT NULL,
    compressed_size  BIGINT NOT NULL,
    data             BLOB NOT NULL,
    first_run_id     VARCHAR NOT NULL
);

-- Cleaned text of each distinct HTML body, per cleaner version so old text survives new rules.
CREATE TABLE page_texts (
    body_sha256       VARCHAR NOT NULL,
    cleaner_version   VARCHAR NOT NULL,
    title             VARCHAR,
    meta_description  VARCHAR,
    language          VARCHAR,
    charset           VARCHAR,
    main_text         VARCHAR NOT NULL,
    text_sha256       VARCHAR NOT NULL,
    PRIMARY KEY (body_sha256, cleaner_version)
);

-- Every fetch attempt, also unchanged pages (304), failures, timeouts and robots refusals.
CREATE TABLE observations (
    observation_id  VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    clinic_id       VARCHAR NOT NULL,
    page_id         VARCHAR NOT NULL,
    requested_url   VARCHAR NOT NULL,
    final_url       VARCHAR,
    redirect_chain  VARCHAR[],
    observed_at     TIMESTAMPTZ NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL,
    status          INTEGER,
    outcome         VARCHAR NOT NULL,
    error_class     VARCHAR,
    error_message   VARCHAR,
    content_type    VARCHAR,
    etag            VARCHAR,
    last_modified   VARCHAR,
    headers         JSON,
    bytes_received  BIGINT,
    elapsed_ms      INTEGER,
    depth           INTEGER,
    found_via       VARCHAR,
    -- For a 304 this is the body of the version the server confirmed unchanged.
    body_sha256     VARCHAR,
    links           VARCHAR[]
);
