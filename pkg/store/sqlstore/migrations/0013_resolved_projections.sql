-- The scheduler projects resolved incidents too (issue 18): a resolved
-- incident's post-mortem timer still runs, and the list shows it. With its
-- projection stored, a page of resolved incidents is answered from the row
-- alone instead of a second query for their timer events.
--
-- A resolved incident is due once after each write (dirty), then at its
-- post-mortem timer's warning and due times, then never: a finished or
-- breached post-mortem changes only by a write. So the two indexes of the
-- tick's reads (migration 0010) cover every status; at steady state resolved
-- rows are at the far end of incidents_due (9999-12-31, store.NeverDue) and
-- absent from incidents_dirty.
--
-- Every resolved incident is dirty when this runs (resolving made it so): the
-- first tick after the upgrade projects each once, 500 per page.
DROP INDEX incidents_due;
DROP INDEX incidents_dirty;
CREATE INDEX incidents_due ON incidents (next_due_at);
CREATE INDEX incidents_dirty ON incidents (org_id, id) WHERE next_due_at IS NULL;
