-- The list page's orders, read straight from an index at 100,000 incidents
-- of one org (docs/benchmarks.md, "Lists"). Severity order is severity, then
-- age, then id (orderSQL): the old index lacked the age and every severity
-- page sorted the whole org.
DROP INDEX incidents_severity;
CREATE INDEX incidents_severity ON incidents (org_id, severity, created_at, id);

-- Open incidents (the list's default view and the timers panel) in the
-- list's orders. A list of open statuses adds status <> 'resolved' to its
-- WHERE (filterSQL) so both engines can use these partial indexes.
CREATE INDEX incidents_open_severity ON incidents (org_id, severity, created_at, id) WHERE status <> 'resolved';
CREATE INDEX incidents_open_created ON incidents (org_id, created_at, id) WHERE status <> 'resolved';

-- The timers panel ranks every open incident of the org by its stored
-- timers (migration 0010) at the time asked (UrgentIncidents): this index
-- holds every column that ranking and its filters read, so the ranking
-- reads the index and only the page's rows are read from the table.
CREATE INDEX incidents_urgency ON incidents (org_id, severity, soonest_due_at, warn_at, next_due_at, status, id)
    WHERE status <> 'resolved';
