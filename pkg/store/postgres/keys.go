package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// claimKey takes a dedup key for a new incident inside its create
// transaction. A concurrent claim of the same key waits on the row lock and
// then inserts nothing, so exactly one create wins.
func claimKey(ctx context.Context, tx pgx.Tx, orgID int64, key, id string) error {
	if key == "" {
		return nil
	}
	tag, err := tx.Exec(ctx, `INSERT INTO incident_keys (org_id, key, incident_id) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, orgID, key, id)
	if err != nil {
		return fmt.Errorf("claim key: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrDuplicateKey
	}
	return nil
}

// IncidentByKey reads the incident holding key.
func (s *Store) IncidentByKey(ctx context.Context, orgID int64, key string) (incident.Incident, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT incident_id FROM incident_keys WHERE org_id = $1 AND key = $2`, orgID, key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return incident.Incident{}, fmt.Errorf("postgres: key: %w", store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: incident by key: %w", err)
	}
	return s.GetIncident(ctx, orgID, id)
}

// ReleaseKey frees key if incidentID holds it.
func (s *Store) ReleaseKey(ctx context.Context, orgID int64, key, incidentID string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM incident_keys WHERE org_id = $1 AND key = $2 AND incident_id = $3`, orgID, key, incidentID)
	if err != nil {
		return fmt.Errorf("postgres: release key: %w", err)
	}
	return nil
}
