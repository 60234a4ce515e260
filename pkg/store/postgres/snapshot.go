package postgres

import (
	"context"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// PutOrgSnapshot upserts the org's snapshot unless the stored one is newer.
func (s *Store) PutOrgSnapshot(ctx context.Context, snap store.OrgSnapshot) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO org_snapshots (org_id, updated, body, sealed, saved_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org_id) DO UPDATE SET updated = EXCLUDED.updated, body = EXCLUDED.body, sealed = EXCLUDED.sealed, saved_at = EXCLUDED.saved_at
		WHERE EXCLUDED.updated >= org_snapshots.updated`,
		snap.OrgID, ts(snap.Updated), string(snap.Body), snap.Sealed, ts(snap.SavedAt))
	if err != nil {
		return false, fmt.Errorf("postgres: put org snapshot: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// OrgSnapshots reads every org's snapshot.
func (s *Store) OrgSnapshots(ctx context.Context) ([]store.OrgSnapshot, error) {
	rows, err := s.pool.Query(ctx, `SELECT org_id, updated, body, sealed, saved_at FROM org_snapshots ORDER BY org_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: org snapshots: %w", err)
	}
	defer rows.Close()
	var out []store.OrgSnapshot
	for rows.Next() {
		var snap store.OrgSnapshot
		var body string
		if err := rows.Scan(&snap.OrgID, &snap.Updated, &body, &snap.Sealed, &snap.SavedAt); err != nil {
			return nil, fmt.Errorf("postgres: org snapshots: %w", err)
		}
		snap.Updated, snap.SavedAt, snap.Body = snap.Updated.UTC(), snap.SavedAt.UTC(), []byte(body)
		out = append(out, snap)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: org snapshots: %w", err)
	}
	return out, nil
}
