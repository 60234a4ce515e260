package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The on-call part of the store (store.OnCall, migration 0014), in
// oncall_schedules.go, oncall_contacts.go and oncall_feeds.go; here what they
// share: the bounds every value is checked against before a write, the org's
// on-call lock and the acknowledge-link key.

// signingKeyLen is the bytes of an org's acknowledge-link key.
const signingKeyLen = 32

// checkText refuses a value a text column of the on-call tables cannot hold:
// not UTF-8, with a NUL (PostgreSQL text refuses both), more than max
// characters, or empty where required.
func checkText(field, v string, maxChars int, required bool) error {
	switch {
	case required && v == "":
		return fmt.Errorf("the %s is empty", field)
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return fmt.Errorf("the %s is not UTF-8 text without NUL", field)
	}
	if n := utf8.RuneCountInString(v); n > maxChars {
		return fmt.Errorf("the %s has %d characters, more than the %d allowed", field, n, maxChars)
	}
	return nil
}

// checkJSON refuses a document that is not UTF-8 JSON or has more than
// maxBytes.
func checkJSON(field string, v []byte, maxBytes int) error {
	if len(v) > maxBytes {
		return fmt.Errorf("the %s has %d bytes, more than the %d allowed", field, len(v), maxBytes)
	}
	if !json.Valid(v) || !utf8.Valid(v) {
		return fmt.Errorf("the %s is not a UTF-8 JSON document", field)
	}
	return nil
}

// storable says v could be a stored key: a lookup of anything else finds
// nothing without asking the database (PostgreSQL would refuse the query).
func storable(v string) bool {
	return v != "" && utf8.ValidString(v) && !strings.ContainsRune(v, 0) && utf8.RuneCountInString(v) <= store.MaxOnCallText
}

const (
	keySQL       = `SELECT key FROM oncall_keys WHERE org_id = ?`
	insertKeySQL = `INSERT INTO oncall_keys (org_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (org_id) DO NOTHING`
)

// SigningKey reads the org's key, inserting a random one first if it has
// none. Two back ends racing both insert-if-absent, then read back the row
// that won.
func (s *Store) SigningKey(ctx context.Context, orgID int64) ([]byte, error) {
	var key []byte
	err := s.readDB().row(ctx, keySQL, orgID).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, s.fail("read signing key", err)
	}
	err = s.write(ctx, func(tx dbtx) error {
		if err := s.ensureKey(ctx, tx, orgID); err != nil {
			return err
		}
		return tx.row(ctx, keySQL, orgID).Scan(&key)
	})
	if err != nil {
		return nil, s.fail("create signing key", err)
	}
	return key, nil
}

// ensureKey inserts a random key for the org unless it has one. On
// PostgreSQL an insert racing another one's uncommitted row waits for it,
// then does nothing.
func (s *Store) ensureKey(ctx context.Context, tx dbtx, orgID int64) error {
	key := make([]byte, signingKeyLen)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("random key: %w", err)
	}
	if _, err := tx.exec(ctx, insertKeySQL, orgID, key, s.at(time.Now())); err != nil {
		return fmt.Errorf("insert signing key: %w", err)
	}
	return nil
}

// lockOnCall holds the org's on-call lock until tx ends: the row of its key
// (inserted first if absent), locked. The writes that count before they add
// (schedules per org, methods per login) take it, so two back ends at READ
// COMMITTED cannot both see room for the last one; on SQLite the single
// writer serialises them anyway and RowLock is empty.
func (s *Store) lockOnCall(ctx context.Context, tx dbtx, orgID int64) error {
	if err := s.ensureKey(ctx, tx, orgID); err != nil {
		return err
	}
	var one int
	if err := tx.row(ctx, `SELECT 1 FROM oncall_keys WHERE org_id = ?`+tx.lock("NO KEY UPDATE"), orgID).Scan(&one); err != nil {
		return fmt.Errorf("lock the org's on-call rows: %w", err)
	}
	return nil
}

// affected is the rows a statement changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
