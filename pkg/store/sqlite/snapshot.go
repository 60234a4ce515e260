package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// PutOrgSnapshot upserts the org's snapshot unless the stored one is newer.
func (s *Store) PutOrgSnapshot(ctx context.Context, snap store.OrgSnapshot) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO org_snapshots (org_id, updated, body, sealed, saved_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET updated = excluded.updated, body = excluded.body, sealed = excluded.sealed, saved_at = excluded.saved_at
			WHERE excluded.updated >= org_snapshots.updated`,
			snap.OrgID, micros(snap.Updated), string(snap.Body), snap.Sealed, micros(snap.SavedAt))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: put org snapshot: %w", err)
	}
	return n > 0, nil
}

// OrgSnapshots reads every org's snapshot.
func (s *Store) OrgSnapshots(ctx context.Context) ([]store.OrgSnapshot, error) {
	var out []store.OrgSnapshot
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT org_id, updated, body, sealed, saved_at FROM org_snapshots ORDER BY org_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var snap store.OrgSnapshot
			var updated, saved int64
			var body string
			if err := rows.Scan(&snap.OrgID, &updated, &body, &snap.Sealed, &saved); err != nil {
				return err
			}
			snap.Updated, snap.SavedAt, snap.Body = fromMicros(updated), fromMicros(saved), []byte(body)
			out = append(out, snap)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: org snapshots: %w", err)
	}
	return out, nil
}
