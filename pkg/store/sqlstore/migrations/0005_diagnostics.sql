-- Diagnostics runs and their findings as they arrive (issue 8). Findings
-- and the summary are JSON documents; the store keeps them opaque.
CREATE TABLE diagnostic_runs (
    org_id      {{.Int}} NOT NULL,
    id          {{.Text}} NOT NULL,
    incident_id {{.Text}} NOT NULL,
    total       {{.Int32}} NOT NULL,
    started_by  {{.Text}} NOT NULL,
    started_at  {{.Time}} NOT NULL,
    finished_at {{.Time}},
    summary     {{.Text}},
    PRIMARY KEY (org_id, id)
);
CREATE INDEX diagnostic_runs_incident ON diagnostic_runs (org_id, incident_id, started_at);

CREATE TABLE diagnostic_findings (
    org_id {{.Int}} NOT NULL,
    run_id {{.Text}} NOT NULL,
    idx    {{.Int32}} NOT NULL,
    body   {{.Text}} NOT NULL,
    PRIMARY KEY (org_id, run_id, idx)
);
