-- Dedup keys held by incidents (alert group keys): at most one incident of an
-- org holds a key, so concurrent alert notifications open one incident.
CREATE TABLE incident_keys (
    org_id      INTEGER NOT NULL,
    key         TEXT    NOT NULL,
    incident_id TEXT    NOT NULL,
    PRIMARY KEY (org_id, key)
);
