package sqlstore

import (
	"context"
	"database/sql"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// PutOrgSnapshot upserts the org's snapshot unless the stored one is newer.
func (s *Store) PutOrgSnapshot(ctx context.Context, snap store.OrgSnapshot) (bool, error) {
	res, err := s.writeDB().exec(ctx, `INSERT INTO org_snapshots (org_id, updated, body, sealed, saved_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET updated = excluded.updated, body = excluded.body, sealed = excluded.sealed, saved_at = excluded.saved_at
		WHERE excluded.updated >= org_snapshots.updated`,
		snap.OrgID, s.at(snap.Updated), string(snap.Body), snap.Sealed, s.at(snap.SavedAt))
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return false, s.fail("put org snapshot", err)
	}
	return n > 0, nil
}

// OrgSnapshots reads every org's snapshot.
func (s *Store) OrgSnapshots(ctx context.Context) ([]store.OrgSnapshot, error) {
	var out []store.OrgSnapshot
	err := eachRow(ctx, s.readDB(), `SELECT org_id, updated, body, sealed, saved_at FROM org_snapshots ORDER BY org_id`, nil,
		func(rows *sql.Rows) error {
			var (
				snap           store.OrgSnapshot
				updated, saved timeCol
				body           string
			)
			if err := rows.Scan(&snap.OrgID, &updated, &body, &snap.Sealed, &saved); err != nil {
				return err
			}
			snap.Updated, snap.SavedAt, snap.Body = updated.t, saved.t, []byte(body)
			out = append(out, snap)
			return nil
		})
	if err != nil {
		return nil, s.fail("org snapshots", err)
	}
	return out, nil
}
