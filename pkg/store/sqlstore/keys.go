package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// claimKey takes a dedup key for a new incident inside its create
// transaction. A concurrent claim of the same key waits for the row (or the
// single writer) and then inserts nothing, so exactly one create wins.
func claimKey(ctx context.Context, tx dbtx, orgID int64, key, id string) error {
	if key == "" {
		return nil
	}
	res, err := tx.exec(ctx, `INSERT INTO incident_keys (org_id, key, incident_id) VALUES (?, ?, ?)
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
	err := s.readDB().row(ctx, `SELECT incident_id FROM incident_keys WHERE org_id = ? AND key = ?`, orgID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return incident.Incident{}, s.fail("key", store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, s.fail("incident by key", err)
	}
	return s.GetIncident(ctx, orgID, id)
}

// ReleaseKey frees key if incidentID holds it.
func (s *Store) ReleaseKey(ctx context.Context, orgID int64, key, incidentID string) error {
	_, err := s.writeDB().exec(ctx, `DELETE FROM incident_keys WHERE org_id = ? AND key = ? AND incident_id = ?`, orgID, key, incidentID)
	if err != nil {
		return s.fail("release key", err)
	}
	return nil
}
