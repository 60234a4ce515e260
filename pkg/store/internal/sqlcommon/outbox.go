package sqlcommon

import "fmt"

// ClaimPlaces are the dialect's spellings of ClaimOutboxSQL's parameters.
type ClaimPlaces struct {
	Now, Orgs, Owner, Until, Limit string
	// Lock is the row-locking clause ("FOR UPDATE SKIP LOCKED" on PostgreSQL,
	// empty where a single writer serialises claims).
	Lock string
}

// ClaimOutboxSQL leases due outbox rows fairly, in one statement:
//   - busy: a channel with a live lease (a delivery in flight anywhere)
//     gets nothing more, so one (org, channel) has one delivery in flight
//     at a time and a tarpit receiver holds only its own slot;
//   - heads: of every other (org, channel), only its most urgent due row
//     (priority, then due time, then id: the outbox_claim index's order);
//   - turns: the orgs' heads are numbered per org, so orgs take turns;
//   - the batch is the most urgent heads, orgs taking turns within a
//     priority, oldest due first.
//
// The outer row conditions are checked again on the row being leased, so
// two claimers never lease one row.
func ClaimOutboxSQL(p ClaimPlaces) string {
	return fmt.Sprintf(`WITH busy AS (
	SELECT org_id, channel FROM outbox
	WHERE status = 'pending' AND lease_until > %[1]s
), heads AS (
	SELECT id, org_id, priority, next_attempt_at,
		ROW_NUMBER() OVER (PARTITION BY org_id, channel ORDER BY priority, next_attempt_at, id) AS rn
	FROM outbox o
	WHERE status = 'pending' AND next_attempt_at <= %[1]s AND org_id IN (%[2]s)
	  AND NOT EXISTS (SELECT 1 FROM busy b WHERE b.org_id = o.org_id AND b.channel = o.channel)
), turns AS (
	SELECT id, priority, next_attempt_at,
		ROW_NUMBER() OVER (PARTITION BY org_id ORDER BY priority, next_attempt_at, id) AS turn
	FROM heads WHERE rn = 1
)
UPDATE outbox SET lease_owner = %[3]s, lease_until = %[4]s
WHERE id IN (SELECT id FROM outbox
	WHERE id IN (SELECT id FROM turns ORDER BY priority, turn, next_attempt_at, id LIMIT %[5]s)
	  AND status = 'pending' AND (lease_until IS NULL OR lease_until <= %[1]s)
	%[6]s)
RETURNING id, org_id, incident_id, channel, delivery_id, payload, priority, attempts, created_at`,
		p.Now, p.Orgs, p.Owner, p.Until, p.Limit, p.Lock)
}
