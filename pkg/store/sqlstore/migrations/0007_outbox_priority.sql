-- Outbox delivery order (issue 14): pages before reminders before status
-- updates, and one delivery in flight per (org, channel) so one org's
-- backlog or slow receiver cannot hold up another's pages.
-- priority: 0 pages (escalation, declared), 1 reminders, 2 status updates.
ALTER TABLE outbox ADD COLUMN priority {{.Int16}} NOT NULL DEFAULT 0;

-- Rows queued before this migration get the priority of their message kind.
UPDATE outbox SET priority = 2
 WHERE status = 'pending' AND (payload LIKE '%"kind":"status_update"%' OR payload LIKE '%"kind":"resolved"%');
UPDATE outbox SET priority = 1
 WHERE status = 'pending' AND payload LIKE '%"kind":"update_reminder"%';

-- The claim ranks the pending rows of each (org, channel) by (priority, due
-- time, id): this index is that order.
DROP INDEX outbox_due;
CREATE INDEX outbox_claim ON outbox (org_id, channel, priority, next_attempt_at, id) WHERE status = 'pending';
-- The claim skips channels with a live lease: one lookup per candidate row
-- in an index of the few leased rows.
CREATE INDEX outbox_leased ON outbox (org_id, channel, lease_until) WHERE status = 'pending' AND lease_until IS NOT NULL;
