-- Diagnostics runs and their findings as they arrive (issue 8). Findings
-- and the summary are JSON documents; the store keeps them opaque.
CREATE TABLE diagnostic_runs (
    org_id      INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    incident_id TEXT    NOT NULL,
    total       INTEGER NOT NULL,
    started_by  TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    summary     TEXT,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX diagnostic_runs_incident ON diagnostic_runs (org_id, incident_id, started_at);

CREATE TABLE diagnostic_findings (
    org_id INTEGER NOT NULL,
    run_id TEXT    NOT NULL,
    idx    INTEGER NOT NULL,
    body   TEXT    NOT NULL,
    PRIMARY KEY (org_id, run_id, idx)
);
