-- Versions of each org's severity policy. Rows are never updated: incidents
-- keep pointing at the version they were declared under. Text, not JSON, so
-- the document comes back exactly as written.
CREATE TABLE policies (
    org_id     {{.Int}} NOT NULL,
    version    {{.Int32}} NOT NULL,
    body       {{.Text}} NOT NULL, -- JSON document (policy.Policy)
    created_by {{.Text}} NOT NULL,
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, version)
);
