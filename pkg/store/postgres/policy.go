package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

func (s *Store) LatestPolicy(ctx context.Context, orgID int64) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT version, body, created_by, created_at FROM policies WHERE org_id = $1 ORDER BY version DESC LIMIT 1`, orgID)
}

func (s *Store) PolicyVersion(ctx context.Context, orgID int64, version int) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT version, body, created_by, created_at FROM policies WHERE org_id = $1 AND version = $2`, orgID, version)
}

func (s *Store) policy(ctx context.Context, query string, args ...any) (store.PolicyRecord, error) {
	var rec store.PolicyRecord
	var body string
	err := s.pool.QueryRow(ctx, query, args...).Scan(&rec.Version, &body, &rec.CreatedBy, &rec.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.PolicyRecord{}, store.ErrNotFound
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("postgres: read policy: %w", err)
	}
	rec.Body, rec.CreatedAt = []byte(body), rec.CreatedAt.UTC()
	return rec, nil
}

// SavePolicy inserts version expected+1 if the latest is expected. Two saves
// racing on the same expected version collide on the primary key: the loser
// gets ErrConflict (not a retry, which would only find the version moved).
func (s *Store) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (store.PolicyRecord, error) {
	if !json.Valid(body) {
		return store.PolicyRecord{}, errors.New("postgres: policy body is not JSON")
	}
	rec := store.PolicyRecord{Version: expected + 1, Body: body, CreatedBy: author, CreatedAt: ts(at)}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var latest int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 1) FROM policies WHERE org_id = $1`, orgID).Scan(&latest); err != nil {
			return err
		}
		if latest != expected {
			return store.ErrConflict
		}
		_, err := tx.Exec(ctx, `INSERT INTO policies (org_id, version, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			orgID, rec.Version, string(body), author, rec.CreatedAt)
		return err
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		err = store.ErrConflict
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("postgres: save policy version %d: %w", rec.Version, err)
	}
	return rec, nil
}
