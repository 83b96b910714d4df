-- Templates by meaning: each claim sentence long enough to be copy, with the template it
-- belongs to (flows/changes/templates.py decides which sentences are one copy). Filled as
-- sentences are first seen; q5_claim_templates groups by template_id.
CREATE TABLE claim_templates (
    evidence_key  VARCHAR PRIMARY KEY,
    category      VARCHAR NOT NULL,
    template_id   VARCHAR NOT NULL,
    evidence      VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL
);
