-- How each clinic's site answered in each run, decided once by change detection and read by
-- reports and the change rules (a run whose site was unreachable or blocked removes nothing).
CREATE TABLE clinic_states (
    run_id     VARCHAR NOT NULL,
    clinic_id  VARCHAR NOT NULL,
    state      VARCHAR NOT NULL,
    PRIMARY KEY (run_id, clinic_id)
);
