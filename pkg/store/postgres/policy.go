package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// policyCols is the column order policy scans.
const policyCols = `version, body, created_by, created_at`

// LatestPolicy returns the org's newest saved version, ErrNotFound if none.
func (s *Store) LatestPolicy(ctx context.Context, orgID int64) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT `+policyCols+` FROM policies WHERE org_id = $1 ORDER BY version DESC LIMIT 1`, orgID)
}

// PolicyVersion returns one saved version of the org, ErrNotFound if absent.
func (s *Store) PolicyVersion(ctx context.Context, orgID int64, version int) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT `+policyCols+` FROM policies WHERE org_id = $1 AND version = $2`, orgID, version)
}

func (s *Store) policy(ctx context.Context, query string, args ...any) (store.PolicyRecord, error) {
	var (
		rec  store.PolicyRecord
		body string
	)
	err := s.pool.QueryRow(ctx, query, args...).Scan(&rec.Version, &body, &rec.CreatedBy, &rec.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.PolicyRecord{}, fmt.Errorf("postgres: policy: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("postgres: read policy: %w", err)
	}
	rec.Body, rec.CreatedAt = []byte(body), rec.CreatedAt.UTC()
	return rec, nil
}

// SavePolicy inserts version expected+1 if the org's latest is expected. At
// READ COMMITTED two saves racing on the same expected version both read it,
// then collide on the primary key: the loser's unique violation is retried
// like any other (inTx), and the retry reads the winner's version and gives
// ErrConflict. Should the retries run out, the violation is ErrConflict too.
// The body goes to a text column, so it comes back exactly as written.
func (s *Store) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (store.PolicyRecord, error) {
	if !json.Valid(body) || !utf8.Valid(body) {
		return store.PolicyRecord{}, errors.New("postgres: save policy: the body is not a UTF-8 JSON document")
	}
	rec := store.PolicyRecord{Version: expected + 1, Body: bytes.Clone(body), CreatedBy: author, CreatedAt: ts(at)}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// No saved version means the built-in default, which is version 1.
		var latest int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 1) FROM policies WHERE org_id = $1`, orgID).Scan(&latest); err != nil {
			return fmt.Errorf("read latest version: %w", err)
		}
		if latest != expected {
			return store.ErrConflict
		}
		if _, err := tx.Exec(ctx, `INSERT INTO policies (org_id, `+policyCols+`) VALUES ($1, $2, $3, $4, $5)`,
			orgID, rec.Version, string(body), author, rec.CreatedAt); err != nil {
			return fmt.Errorf("insert policy: %w", err)
		}
		return nil
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" { // unique_violation
		err = store.ErrConflict
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("postgres: save policy version %d: %w", rec.Version, err)
	}
	return rec, nil
}
