-- Versions of each org's severity policy. Rows are never updated: incidents
-- keep pointing at the version they were declared under.
CREATE TABLE policies (
    org_id     INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL, -- JSON document (policy.Policy)
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, version)
);
