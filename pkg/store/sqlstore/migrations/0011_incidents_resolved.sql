-- The data source reads the incidents open at some moment of a time range:
-- created in it (incidents_created), or created before it and resolved in
-- or after it, or still open. This index finds the last two by resolution
-- time (NULL: open) and checks the creation time inside the index, so a
-- range does not read the org's whole history before it.
CREATE INDEX incidents_resolved ON incidents (org_id, resolved_at, created_at, id);
