-- What the scheduler computed for each open incident, so a tick reads only
-- the incidents something is due for, and the timers panel reads timers
-- without computing them (issue 18).
--
-- next_due_at: when the incident's timers next change (timers.Output's
--   NextChange: a state, a tier, a reminder); NULL means "dirty, compute it
--   at the next tick". Every write the timers read (the incident row, an
--   event of timers.EventKinds) sets it back to NULL, in its transaction.
--   Nothing ever due is stored as 9999-12-31 (store.NeverDue), not NULL.
-- proj_epoch: bumped by each of those writes, so a projection computed from
--   an older read is refused (events do not bump the incident's version).
-- soonest_due_at, warn_at, timers_json: the projection itself, valid while
--   next_due_at is not NULL and later than now (see store.Projection).
--
-- Rows that exist when this runs are dirty: the first tick after the
-- upgrade computes every open incident once. A release that changes what
-- timers.Compute answers must add a migration that sets next_due_at to NULL.
ALTER TABLE incidents ADD COLUMN next_due_at {{.Time}};
ALTER TABLE incidents ADD COLUMN proj_epoch {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN soonest_due_at {{.Time}};
ALTER TABLE incidents ADD COLUMN warn_at {{.Time}};
-- Text, not JSON: written and handed back byte for byte, never queried into.
ALTER TABLE incidents ADD COLUMN timers_json {{.Text}};

-- The tick's two reads: what fell due, and what is dirty, each on its own
-- partial index, so a tick with nothing due reads two empty index ranges.
CREATE INDEX incidents_due ON incidents (next_due_at) WHERE status <> 'resolved';
CREATE INDEX incidents_dirty ON incidents (org_id, id) WHERE next_due_at IS NULL AND status <> 'resolved';
