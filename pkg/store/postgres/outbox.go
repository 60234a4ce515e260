package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"
)

// ClaimOutbox leases due rows fairly (sqlcommon.ClaimOutboxSQL) with FOR
// UPDATE SKIP LOCKED: a row another instance is leasing right now is
// skipped, not waited for, and its lease is re-checked on the row's newest
// version, so two instances never lease it both.
func (s *Store) ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]store.OutboxItem, error) {
	if len(orgs) == 0 || limit <= 0 {
		return nil, nil
	}
	var out []store.OutboxItem
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		out = nil
		rows, err := tx.Query(ctx, sqlcommon.ClaimOutboxSQL(sqlcommon.ClaimPlaces{
			Now: "$1", Orgs: "SELECT unnest($2::bigint[])", Owner: "$3", Until: "$4", Limit: "$5", Lock: "FOR UPDATE SKIP LOCKED"}),
			ts(now), orgs, owner, ts(now.Add(lease)), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				it      store.OutboxItem
				payload string
			)
			if err := rows.Scan(&it.ID, &it.OrgID, &it.IncidentID, &it.Channel, &it.DeliveryID, &payload, &it.Priority, &it.Attempts, &it.CreatedAt); err != nil {
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

// RenewOutbox extends the leases owner holds on rows still in flight.
func (s *Store) RenewOutbox(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := s.pool.Exec(ctx, `UPDATE outbox SET lease_until = $1
		WHERE lease_owner = $2 AND status = 'pending' AND id = ANY($3)`, ts(until), owner, ids); err != nil {
		return fmt.Errorf("postgres: renew outbox leases: %w", err)
	}
	return nil
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
