package sqlstore

// claimOutboxSQL leases due outbox rows fairly, in one statement:
//   - parts: the (org, channel) pairs with pending rows, found by walking
//     the outbox_claim index from pair to pair (one seek each), so a pair
//     with 10,000 queued rows costs what a pair with one does;
//   - heads: of every pair without a live lease (no delivery in flight
//     anywhere), its most urgent due row: priority, then due time, then id,
//     the index's order. One delivery per (org, channel) is in flight at a
//     time, so a tarpit receiver holds only its own slot;
//   - turns: the orgs' heads are numbered per org, so orgs take turns;
//   - the batch is the most urgent heads, orgs taking turns within a
//     priority, oldest due first.
//
// The outer row conditions are checked again on the row being leased, so
// two claimers never lease one row: SQLite's single writer serialises
// claims, PostgreSQL skips a row another instance is leasing right now
// (FOR UPDATE SKIP LOCKED) and re-checks the lease on its newest version.
//
// The arguments are returned in the order their placeholders appear.
func (s *Store) claimOutboxSQL(now any, orgs []int64, owner string, until any, limit int) (string, []any) {
	// The walk's steps, each one index seek: the pair's next channel in the
	// same org, else the next org and its first channel.
	const (
		sameOrg = `(SELECT o.channel FROM outbox o WHERE o.status = 'pending' AND o.org_id = p.org_id AND o.channel > p.channel
			ORDER BY o.channel LIMIT 1)`
		nextOrg = `(SELECT o.org_id FROM outbox o WHERE o.status = 'pending' AND o.org_id > p.org_id
			ORDER BY o.org_id LIMIT 1)`
	)
	var args []any
	arg := func(vals ...any) { args = append(args, vals...) }
	orgsSQL, orgArgs := in(s.d, "p.org_id", orgs)
	q := `WITH RECURSIVE parts(org_id, channel) AS (
	SELECT org_id, channel FROM (SELECT org_id, channel FROM outbox WHERE status = 'pending'
		ORDER BY org_id, channel LIMIT 1) first
	UNION ALL
	SELECT CASE WHEN ` + sameOrg + ` IS NOT NULL THEN p.org_id ELSE ` + nextOrg + ` END,
		COALESCE(` + sameOrg + `, (SELECT o.channel FROM outbox o WHERE o.status = 'pending' AND o.org_id = ` + nextOrg + `
			ORDER BY o.channel LIMIT 1))
	FROM parts p WHERE p.org_id IS NOT NULL
), heads AS (
	SELECT (SELECT o.id FROM outbox o
		WHERE o.org_id = p.org_id AND o.channel = p.channel AND o.status = 'pending' AND o.next_attempt_at <= ?
		ORDER BY o.priority, o.next_attempt_at, o.id LIMIT 1) AS id
	FROM parts p
	WHERE ` + orgsSQL + `
	  AND NOT EXISTS (SELECT 1 FROM outbox b
		WHERE b.org_id = p.org_id AND b.channel = p.channel AND b.status = 'pending' AND b.lease_until > ?)
), turns AS (
	SELECT o.id, o.priority, o.next_attempt_at,
		ROW_NUMBER() OVER (PARTITION BY o.org_id ORDER BY o.priority, o.next_attempt_at, o.id) AS turn
	FROM heads h JOIN outbox o ON o.id = h.id
)
UPDATE outbox SET lease_owner = ?, lease_until = ?
WHERE id IN (SELECT id FROM outbox
	WHERE id IN (SELECT id FROM turns ORDER BY priority, turn, next_attempt_at, id LIMIT ?)
	  AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
	` + s.d.RowLock("UPDATE SKIP LOCKED") + `)
RETURNING id, org_id, incident_id, channel, delivery_id, payload, priority, attempts, created_at`
	arg(now)
	arg(orgArgs...)
	arg(now, owner, until, limit, now)
	return q, args
}
