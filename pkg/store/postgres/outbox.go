package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ClaimOutbox leases due rows with FOR UPDATE SKIP LOCKED: a row another
// instance is leasing right now is skipped, not waited for.
func (s *Store) ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]store.OutboxItem, error) {
	if len(orgs) == 0 || limit <= 0 {
		return nil, nil
	}
	var out []store.OutboxItem
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		out = nil
		rows, err := tx.Query(ctx, `UPDATE outbox SET lease_owner = $1, lease_until = $2
			WHERE id IN (SELECT id FROM outbox
				WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
				  AND org_id = ANY($4)
				ORDER BY next_attempt_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
			RETURNING id, org_id, incident_id, channel, delivery_id, payload, attempts, created_at`,
			owner, ts(now.Add(lease)), ts(now), orgs, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				it      store.OutboxItem
				payload string
			)
			if err := rows.Scan(&it.ID, &it.OrgID, &it.IncidentID, &it.Channel, &it.DeliveryID, &payload, &it.Attempts, &it.CreatedAt); err != nil {
				return err
			}
			it.Payload, it.CreatedAt = []byte(payload), it.CreatedAt.UTC()
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: claim outbox: %w", err)
	}
	return out, nil
}

// FinishOutbox records an attempt if owner still holds the lease.
func (s *Store) FinishOutbox(ctx context.Context, id int64, owner string, r store.OutboxResult) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var orgID int64
		var incidentID string
		var done *time.Time
		if r.Status != store.OutboxPending {
			at := ts(r.At)
			done = &at
		}
		err := tx.QueryRow(ctx, `UPDATE outbox SET status = $1, attempts = attempts + 1, last_error = $2,
				next_attempt_at = CASE WHEN $1 = 'pending' THEN $3 ELSE next_attempt_at END,
				lease_owner = '', lease_until = NULL, done_at = $4
			WHERE id = $5 AND lease_owner = $6 AND status = 'pending'
			RETURNING org_id, incident_id`,
			r.Status, r.Error, ts(r.NextAttempt), done, id, owner).Scan(&orgID, &incidentID)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrConflict
		}
		if err != nil {
			return err
		}
		if r.Event == nil {
			return nil
		}
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM incidents WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`,
			orgID, incidentID).Scan(&one); err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		_, err = appendEvents(ctx, tx, orgID, incidentID, []store.NewEvent{*r.Event})
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: finish outbox row %d: %w", id, err)
	}
	return nil
}
