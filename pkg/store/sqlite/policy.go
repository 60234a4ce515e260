package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// policyCols is the column order scanPolicy expects.
const policyCols = `version, body, created_by, created_at`

// LatestPolicy returns the org's newest saved version, ErrNotFound if none.
func (s *Store) LatestPolicy(ctx context.Context, orgID int64) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT `+policyCols+` FROM policies WHERE org_id = ? ORDER BY version DESC LIMIT 1`, orgID)
}

// PolicyVersion returns one saved version of the org, ErrNotFound if absent.
func (s *Store) PolicyVersion(ctx context.Context, orgID int64, version int) (store.PolicyRecord, error) {
	return s.policy(ctx, `SELECT `+policyCols+` FROM policies WHERE org_id = ? AND version = ?`, orgID, version)
}

func (s *Store) policy(ctx context.Context, query string, args ...any) (store.PolicyRecord, error) {
	var (
		rec  store.PolicyRecord
		body string
		at   int64
	)
	err := s.reader.QueryRowContext(ctx, query, args...).Scan(&rec.Version, &body, &rec.CreatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return store.PolicyRecord{}, fmt.Errorf("sqlite: policy: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("sqlite: read policy: %w", err)
	}
	rec.Body, rec.CreatedAt = []byte(body), fromMicros(at)
	return rec, nil
}

// SavePolicy checks the latest version and inserts the next one in one write
// transaction. Every write runs on the single writer connection (BEGIN
// IMMEDIATE), so two saves cannot both see the same latest version; the loser
// reads the winner's version and gets ErrConflict. The body is stored as
// given, byte for byte.
func (s *Store) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (store.PolicyRecord, error) {
	if !json.Valid(body) || !utf8.Valid(body) {
		return store.PolicyRecord{}, errors.New("sqlite: save policy: the body is not a UTF-8 JSON document")
	}
	rec := store.PolicyRecord{Version: expected + 1, Body: bytes.Clone(body), CreatedBy: author, CreatedAt: fromMicros(micros(at))}
	err := s.write(ctx, func(tx *sql.Tx) error {
		// No saved version means the built-in default, which is version 1.
		var latest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 1) FROM policies WHERE org_id = ?`, orgID).Scan(&latest); err != nil {
			return fmt.Errorf("read latest version: %w", err)
		}
		if latest != expected {
			return store.ErrConflict
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO policies (org_id, `+policyCols+`) VALUES (?, ?, ?, ?, ?)`,
			orgID, rec.Version, string(body), author, micros(at)); err != nil {
			return fmt.Errorf("insert policy: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.PolicyRecord{}, fmt.Errorf("sqlite: save policy version %d: %w", rec.Version, err)
	}
	return rec, nil
}
