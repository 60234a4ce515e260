package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// claimKey takes a dedup key for a new incident inside its create
// transaction; the single writer connection serialises claims.
func claimKey(ctx context.Context, tx *sql.Tx, orgID int64, key, id string) error {
	if key == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO incident_keys (org_id, key, incident_id) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, orgID, key, id)
	if err != nil {
		return fmt.Errorf("claim key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrDuplicateKey
	}
	return nil
}

// IncidentByKey reads the incident holding key.
func (s *Store) IncidentByKey(ctx context.Context, orgID int64, key string) (incident.Incident, error) {
	var id string
	err := s.reader.QueryRowContext(ctx, `SELECT incident_id FROM incident_keys WHERE org_id = ? AND key = ?`, orgID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return incident.Incident{}, fmt.Errorf("sqlite: key: %w", store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: incident by key: %w", err)
	}
	return s.GetIncident(ctx, orgID, id)
}

// ReleaseKey frees key if incidentID holds it.
func (s *Store) ReleaseKey(ctx context.Context, orgID int64, key, incidentID string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM incident_keys WHERE org_id = ? AND key = ? AND incident_id = ?`, orgID, key, incidentID)
		if err != nil {
			return fmt.Errorf("sqlite: release key: %w", err)
		}
		return nil
	})
}
