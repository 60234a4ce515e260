package sqlstore

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

// policyCols is the column order policy scans.
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
		at   timeCol
	)
	err := s.readDB().row(ctx, query, args...).Scan(&rec.Version, &body, &rec.CreatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return store.PolicyRecord{}, s.fail("policy", store.ErrNotFound)
	}
	if err != nil {
		return store.PolicyRecord{}, s.fail("read policy", err)
	}
	rec.Body, rec.CreatedAt = []byte(body), at.t
	return rec, nil
}

// SavePolicy inserts version expected+1 if the org's latest is expected. On
// SQLite the single writer keeps two saves from both seeing the same latest
// version. At READ COMMITTED (PostgreSQL) two saves racing on the same
// expected version both read it, then collide on the primary key: the
// loser's unique violation is retried like any other lost race, and the
// retry reads the winner's version and gives ErrConflict. Should the
// retries run out, the violation is ErrConflict too. The body goes to a text
// column, so it comes back exactly as written.
func (s *Store) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (store.PolicyRecord, error) {
	if !json.Valid(body) || !utf8.Valid(body) {
		return store.PolicyRecord{}, s.fail("save policy", errors.New("the body is not a UTF-8 JSON document"))
	}
	rec := store.PolicyRecord{Version: expected + 1, Body: bytes.Clone(body), CreatedBy: author, CreatedAt: us(at)}
	err := s.write(ctx, func(tx dbtx) error {
		// No saved version means the built-in default, which is version 1.
		var latest int
		if err := tx.row(ctx, `SELECT COALESCE(MAX(version), 1) FROM policies WHERE org_id = ?`, orgID).Scan(&latest); err != nil {
			return fmt.Errorf("read latest version: %w", err)
		}
		if latest != expected {
			return store.ErrConflict
		}
		if _, err := tx.exec(ctx, `INSERT INTO policies (org_id, `+policyCols+`) VALUES (?, ?, ?, ?, ?)`,
			orgID, rec.Version, string(body), author, s.at(at)); err != nil {
			return fmt.Errorf("insert policy: %w", err)
		}
		return nil
	})
	if s.d.UniqueViolation(err) {
		err = store.ErrConflict
	}
	if err != nil {
		return store.PolicyRecord{}, s.fail(fmt.Sprintf("save policy version %d", rec.Version), err)
	}
	return rec, nil
}
