package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

func (s *Store) LatestPolicy(ctx context.Context, orgID int64) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT version, body, created_by, created_at FROM policies WHERE org_id = ? ORDER BY version DESC LIMIT 1`, orgID)
}

func (s *Store) PolicyVersion(ctx context.Context, orgID int64, version int) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT version, body, created_by, created_at FROM policies WHERE org_id = ? AND version = ?`, orgID, version)
}

func (s *Store) policy(ctx context.Context, query string, args ...any) (store.PolicyRecord, error) {
	var rec store.PolicyRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		var body string
		var at int64
		if err := tx.QueryRowContext(ctx, query, args...).Scan(&rec.Version, &body, &rec.CreatedBy, &at); err != nil {
			return err
		}
		rec.Body, rec.CreatedAt = []byte(body), fromMicros(at)
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return store.PolicyRecord{}, store.ErrNotFound
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("sqlite: read policy: %w", err)
	}
	return rec, nil
}

// SavePolicy checks the latest version and inserts the next one on the single
// writer connection, so two saves cannot both see the same latest version.
func (s *Store) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (store.PolicyRecord, error) {
	if !json.Valid(body) {
		return store.PolicyRecord{}, errors.New("sqlite: policy body is not JSON")
	}
	rec := store.PolicyRecord{Version: expected + 1, Body: body, CreatedBy: author, CreatedAt: fromMicros(micros(at))}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var latest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 1) FROM policies WHERE org_id = ?`, orgID).Scan(&latest); err != nil {
			return err
		}
		if latest != expected {
			return store.ErrConflict
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO policies (org_id, version, body, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			orgID, rec.Version, string(body), author, micros(at))
		return err
	})
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("sqlite: save policy version %d: %w", rec.Version, err)
	}
	return rec, nil
}
