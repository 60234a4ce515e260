package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ClaimOutbox leases due rows fairly (claimOutboxSQL).
func (s *Store) ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]store.OutboxItem, error) {
	if len(orgs) == 0 || limit <= 0 {
		return nil, nil
	}
	query, args := s.claimOutboxSQL(s.at(now), orgs, owner, s.at(now.Add(lease)), limit)
	var out []store.OutboxItem
	err := s.write(ctx, func(tx dbtx) error {
		out = nil
		return eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
			var (
				it      store.OutboxItem
				payload string
				created timeCol
			)
			if err := rows.Scan(&it.ID, &it.OrgID, &it.IncidentID, &it.Channel, &it.DeliveryID, &payload, &it.Priority, &it.Attempts, &created); err != nil {
				return err
			}
			it.Payload, it.CreatedAt = []byte(payload), created.t
			out = append(out, it)
			return nil
		})
	})
	if err != nil {
		return nil, s.fail("claim outbox", err)
	}
	return out, nil
}

// RenewOutbox extends the leases owner holds on rows still in flight.
func (s *Store) RenewOutbox(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	idSQL, idArgs := in(s.d, "id", ids)
	if _, err := s.writeDB().exec(ctx, `UPDATE outbox SET lease_until = ?
		WHERE lease_owner = ? AND status = 'pending' AND `+idSQL, append([]any{s.at(until), owner}, idArgs...)...); err != nil {
		return s.fail("renew outbox leases", err)
	}
	return nil
}

// FinishOutbox records an attempt if owner still holds the lease.
func (s *Store) FinishOutbox(ctx context.Context, id int64, owner string, r store.OutboxResult) error {
	var done any
	if r.Status != store.OutboxPending {
		done = s.at(r.At)
	}
	err := s.write(ctx, func(tx dbtx) error {
		var orgID int64
		var incidentID string
		err := tx.row(ctx, `UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,
				next_attempt_at = CASE WHEN ? = 'pending' THEN ? ELSE next_attempt_at END,
				lease_owner = '', lease_until = NULL, done_at = ?
			WHERE id = ? AND lease_owner = ? AND status = 'pending'
			RETURNING org_id, incident_id`,
			r.Status, r.Error, r.Status, s.at(r.NextAttempt), done, id, owner).Scan(&orgID, &incidentID)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrConflict
		}
		if err != nil {
			return err
		}
		if r.Event == nil {
			return nil
		}
		if err := incidentExists(ctx, tx, orgID, incidentID, "NO KEY UPDATE"); err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		_, err = s.appendEvents(ctx, tx, orgID, incidentID, []store.NewEvent{*r.Event})
		return err
	})
	if err != nil {
		return s.fail(fmt.Sprintf("finish outbox row %d", id), err)
	}
	return nil
}
