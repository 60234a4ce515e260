-- Diagnostics runs and their findings as they arrive (issue 8). Findings
-- and the summary are JSON documents; the store keeps them opaque.
CREATE TABLE diagnostic_runs (
    org_id      bigint      NOT NULL,
    id          text        NOT NULL,
    incident_id text        NOT NULL,
    total       integer     NOT NULL,
    started_by  text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    summary     text,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX diagnostic_runs_incident ON diagnostic_runs (org_id, incident_id, started_at);

CREATE TABLE diagnostic_findings (
    org_id bigint  NOT NULL,
    run_id text    NOT NULL,
    idx    integer NOT NULL,
    body   text    NOT NULL,
    PRIMARY KEY (org_id, run_id, idx)
);
