-- Dedup keys held by incidents (alert group keys): at most one incident of an
-- org holds a key, so concurrent alert notifications open one incident.
CREATE TABLE incident_keys (
    org_id      {{.Int}} NOT NULL,
    key         {{.Text}} NOT NULL,
    incident_id {{.Text}} NOT NULL,
    PRIMARY KEY (org_id, key)
);
