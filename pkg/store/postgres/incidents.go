package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// CreateIncident allocates the id and stores the incident, its services and
// events in one transaction. The counter row stays locked until commit, so
// concurrent creates of one org and day take numbers in turn, and a
// rolled-back create gives its number back: no gaps, no duplicates.
func (s *Store) CreateIncident(ctx context.Context, orgID int64, n store.NewIncident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := sqlcommon.EncodeIncident(n.Services, n.Details)
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: create incident: %w", err)
	}
	var out incident.Incident
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var next int64
		if err := tx.QueryRow(ctx, `INSERT INTO incident_counters (org_id, day, last) VALUES ($1, $2, 1)
			ON CONFLICT (org_id, day) DO UPDATE SET last = incident_counters.last + 1
			RETURNING last`, orgID, incident.DayKey(n.At)).Scan(&next); err != nil {
			return fmt.Errorf("allocate id: %w", err)
		}
		id := incident.FormatID(n.At, next)
		if err := claimKey(ctx, tx, orgID, n.Key, id); err != nil {
			return err
		}
		at := ts(n.At)
		row := tx.QueryRow(ctx, `INSERT INTO incidents (`+incidentCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, NULL, 1, $10) RETURNING `+incidentCols,
			orgID, id, n.Title, string(n.Severity), string(n.Status), services, n.Summary, n.Author, at, details)
		inc, err := scanIncident(row)
		if err != nil {
			return fmt.Errorf("insert incident: %w", err)
		}
		if err := writeServices(ctx, tx, orgID, id, n.Services); err != nil {
			return err
		}
		if _, err := appendEvents(ctx, tx, orgID, id, events); err != nil {
			return err
		}
		out = inc
		return nil
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: create incident: %w", err)
	}
	return out, nil
}

// GetIncident reads one incident of the org.
func (s *Store) GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+incidentCols+` FROM incidents WHERE org_id = $1 AND id = $2`, orgID, id)
	inc, err := scanIncident(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return incident.Incident{}, fmt.Errorf("postgres: incident %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: get incident: %w", err)
	}
	return inc, nil
}

// UpdateIncident is a compare-and-swap on version. The UPDATE locks the row
// until commit; a concurrent writer with the same version then re-checks the
// WHERE against the new row, matches nothing and gets ErrConflict.
// created_by and created_at never change; everything else is taken from inc.
func (s *Store) UpdateIncident(ctx context.Context, inc incident.Incident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := sqlcommon.EncodeIncident(inc.Services, inc.Details)
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: update incident: %w", err)
	}
	var out incident.Incident
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		row := tx.QueryRow(ctx, `UPDATE incidents
			SET title = $1, severity = $2, status = $3, services = $4, summary = $5, updated_at = $6,
			    resolved_at = $7, details = $8, version = version + 1
			WHERE org_id = $9 AND id = $10 AND version = $11
			RETURNING `+incidentCols,
			inc.Title, string(inc.Severity), string(inc.Status), services, inc.Summary, ts(inc.UpdatedAt),
			tsPtr(inc.ResolvedAt), details, inc.OrgID, inc.ID, inc.Version)
		saved, err := scanIncident(row)
		if errors.Is(err, pgx.ErrNoRows) {
			return missingOrConflict(ctx, tx, inc.OrgID, inc.ID)
		}
		if err != nil {
			return fmt.Errorf("update incident: %w", err)
		}
		if err := writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services); err != nil {
			return err
		}
		if _, err := appendEvents(ctx, tx, inc.OrgID, inc.ID, events); err != nil {
			return err
		}
		out = saved
		return nil
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("postgres: update incident %s: %w", inc.ID, err)
	}
	return out, nil
}

// incidentExists is nil when the org has the incident, store.ErrNotFound
// when it does not.
func incidentExists(ctx context.Context, tx pgx.Tx, orgID int64, id string) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM incidents WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// missingOrConflict explains why a versioned UPDATE matched no row.
func missingOrConflict(ctx context.Context, tx pgx.Tx, orgID int64, id string) error {
	switch err := incidentExists(ctx, tx, orgID, id); {
	case errors.Is(err, store.ErrNotFound):
		return err
	case err != nil:
		return fmt.Errorf("check incident: %w", err)
	default:
		return store.ErrConflict
	}
}

// writeServices replaces the filter rows of an incident's services.
func writeServices(ctx context.Context, tx pgx.Tx, orgID int64, id string, services []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM incident_services WHERE org_id = $1 AND incident_id = $2`, orgID, id); err != nil {
		return fmt.Errorf("clear services: %w", err)
	}
	if len(services) == 0 {
		return nil
	}
	// One statement for the list; a repeated name is one filter row, while
	// the JSON column keeps the list as given.
	if _, err := tx.Exec(ctx, `INSERT INTO incident_services (org_id, incident_id, service)
		SELECT $1, $2, s FROM unnest($3::text[]) AS s ON CONFLICT DO NOTHING`, orgID, id, services); err != nil {
		return fmt.Errorf("insert services: %w", err)
	}
	return nil
}
