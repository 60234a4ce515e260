package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"
)

// ClaimOutbox leases due rows fairly (sqlcommon.ClaimOutboxSQL); the single writer
// serialises claims, which is what SKIP LOCKED achieves on PostgreSQL.
func (s *Store) ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]store.OutboxItem, error) {
	if len(orgs) == 0 || limit <= 0 {
		return nil, nil
	}
	args := []any{micros(now)}
	marks := make([]string, len(orgs))
	for i, o := range orgs {
		marks[i] = "?"
		args = append(args, o)
	}
	args = append(args, owner, micros(now.Add(lease)), limit)
	var out []store.OutboxItem
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, sqlcommon.ClaimOutboxSQL(sqlcommon.ClaimPlaces{
			Now: "?1", Orgs: strings.Join(marks, ","), Owner: "?", Until: "?", Limit: "?"}), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				it      store.OutboxItem
				payload string
				created int64
			)
			if err := rows.Scan(&it.ID, &it.OrgID, &it.IncidentID, &it.Channel, &it.DeliveryID, &payload, &it.Priority, &it.Attempts, &created); err != nil {
				return err
			}
			it.Payload, it.CreatedAt = []byte(payload), fromMicros(created)
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim outbox: %w", err)
	}
	return out, nil
}

// RenewOutbox extends the leases owner holds on rows still in flight.
func (s *Store) RenewOutbox(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{micros(until), owner}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = ?
			WHERE lease_owner = ? AND status = 'pending' AND id IN (`+strings.Join(marks, ",")+`)`, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: renew outbox leases: %w", err)
	}
	return nil
}

// FinishOutbox records an attempt if owner still holds the lease.
func (s *Store) FinishOutbox(ctx context.Context, id int64, owner string, r store.OutboxResult) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var done sql.NullInt64
		if r.Status != store.OutboxPending {
			done = sql.NullInt64{Int64: micros(r.At), Valid: true}
		}
		var orgID int64
		var incidentID string
		err := tx.QueryRowContext(ctx, `UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,
				next_attempt_at = CASE WHEN ? = 'pending' THEN ? ELSE next_attempt_at END,
				lease_owner = '', lease_until = NULL, done_at = ?
			WHERE id = ? AND lease_owner = ? AND status = 'pending'
			RETURNING org_id, incident_id`,
			r.Status, r.Error, r.Status, micros(r.NextAttempt), done, id, owner).Scan(&orgID, &incidentID)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrConflict
		}
		if err != nil {
			return err
		}
		if r.Event == nil {
			return nil
		}
		_, err = appendEvents(ctx, tx, orgID, incidentID, []store.NewEvent{*r.Event})
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: finish outbox row %d: %w", id, err)
	}
	return nil
}
