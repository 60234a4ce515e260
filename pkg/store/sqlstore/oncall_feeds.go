package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// feedCols is the column order scanFeed expects.
const feedCols = `id, org_id, token_hash, subject_kind, subject_id, created_by, created_at, revoked_at`

// tokenHashLen is a SHA-256's bytes.
const tokenHashLen = 32

func scanFeed(row scanner) (store.CalendarFeed, error) {
	var (
		f                  store.CalendarFeed
		created, revokedAt timeCol
	)
	if err := row.Scan(&f.ID, &f.OrgID, &f.TokenHash, &f.SubjectKind, &f.SubjectID, &f.CreatedBy, &created, &revokedAt); err != nil {
		return store.CalendarFeed{}, err
	}
	f.CreatedAt, f.RevokedAt = created.t, revokedAt.ptr()
	return f, nil
}

func checkFeed(f store.CalendarFeed) error {
	if len(f.TokenHash) != tokenHashLen {
		return fmt.Errorf("the token hash has %d bytes, not a SHA-256's %d", len(f.TokenHash), tokenHashLen)
	}
	if f.SubjectKind != "schedule" && f.SubjectKind != "user" {
		return fmt.Errorf("the feed subject kind %q is neither schedule nor user", f.SubjectKind)
	}
	if err := checkText("feed subject", f.SubjectID, store.MaxOnCallText, true); err != nil {
		return err
	}
	return checkText("author", f.CreatedBy, store.MaxOnCallText, false)
}

// CreateFeed stores f; a token hash another feed has (of any org) inserts
// nothing and is ErrConflict.
func (s *Store) CreateFeed(ctx context.Context, f store.CalendarFeed) (store.CalendarFeed, error) {
	if err := checkFeed(f); err != nil {
		return store.CalendarFeed{}, s.fail("create feed", err)
	}
	out := f
	out.TokenHash, out.CreatedAt = bytes.Clone(f.TokenHash), us(f.CreatedAt)
	if f.RevokedAt != nil {
		at := us(*f.RevokedAt)
		out.RevokedAt = &at
	}
	err := s.writeDB().row(ctx, `INSERT INTO calendar_feeds (org_id, token_hash, subject_kind, subject_id, created_by, created_at, revoked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING RETURNING id`,
		out.OrgID, out.TokenHash, out.SubjectKind, out.SubjectID, out.CreatedBy, s.at(out.CreatedAt), s.atOrNull(out.RevokedAt)).Scan(&out.ID)
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("%w: another feed has the token", store.ErrConflict)
	}
	if err != nil {
		return store.CalendarFeed{}, s.fail("create feed", err)
	}
	return out, nil
}

// Feeds lists the org's feeds, revoked ones included, newest first.
func (s *Store) Feeds(ctx context.Context, orgID int64) ([]store.CalendarFeed, error) {
	var out []store.CalendarFeed
	err := eachRow(ctx, s.readDB(), `SELECT `+feedCols+` FROM calendar_feeds WHERE org_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
		[]any{orgID, store.MaxFeedsListed}, func(rows *sql.Rows) error {
			f, err := scanFeed(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	if err != nil {
		return nil, s.fail("feeds", err)
	}
	return out, nil
}

// FeedByToken finds the feed of any org whose token hashes to tokenHash.
func (s *Store) FeedByToken(ctx context.Context, tokenHash []byte) (store.CalendarFeed, error) {
	if len(tokenHash) != tokenHashLen {
		return store.CalendarFeed{}, s.fail("feed by token", store.ErrNotFound)
	}
	f, err := scanFeed(s.readDB().row(ctx, `SELECT `+feedCols+` FROM calendar_feeds WHERE token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return store.CalendarFeed{}, s.fail("feed by token", store.ErrNotFound)
	}
	if err != nil {
		return store.CalendarFeed{}, s.fail("feed by token", err)
	}
	return f, nil
}

// RevokeFeed marks the org's feed revoked at at; a feed revoked already
// keeps its first revocation time.
func (s *Store) RevokeFeed(ctx context.Context, orgID int64, id int64, at time.Time) error {
	n, err := affected(s.writeDB().exec(ctx, `UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, ?) WHERE org_id = ? AND id = ?`,
		s.at(at), orgID, id))
	if err != nil {
		return s.fail("revoke feed", err)
	}
	if n == 0 {
		return s.fail("revoke feed", store.ErrNotFound)
	}
	return nil
}
