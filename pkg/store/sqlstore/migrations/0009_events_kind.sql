-- The timer engine reads a handful of event kinds (timers.EventKinds); the
-- scheduler, /timers and the data source read just those, for many
-- incidents at once. This index finds them without reading the notes,
-- alerts and deliveries of a long timeline.
CREATE INDEX events_kind ON events (org_id, incident_id, kind, seq);
