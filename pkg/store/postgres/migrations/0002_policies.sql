-- Versions of each org's severity policy. Rows are never updated: incidents
-- keep pointing at the version they were declared under. text, not jsonb, so
-- the document comes back exactly as written.
CREATE TABLE policies (
    org_id     bigint      NOT NULL,
    version    integer     NOT NULL,
    body       text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, version)
);
