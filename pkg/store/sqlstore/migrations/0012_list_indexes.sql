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
