package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// CreateIncident allocates the id and stores the incident, its services and
// events in one write transaction. The counter row is bumped inside that
// transaction, so a rolled-back create gives its number back: no gaps.
func (s *Store) CreateIncident(ctx context.Context, orgID int64, n store.NewIncident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := sqlcommon.EncodeIncident(n.Services, n.Details)
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: create incident: %w", err)
	}
	var out incident.Incident
	err = s.write(ctx, func(tx *sql.Tx) error {
		var next int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO incident_counters (org_id, day, last) VALUES (?, ?, 1)
			ON CONFLICT (org_id, day) DO UPDATE SET last = incident_counters.last + 1
			RETURNING last`, orgID, incident.DayKey(n.At)).Scan(&next); err != nil {
			return fmt.Errorf("allocate id: %w", err)
		}
		id := incident.FormatID(n.At, next)
		if err := claimKey(ctx, tx, orgID, n.Key, id); err != nil {
			return err
		}
		at := micros(n.At)
		row := tx.QueryRowContext(ctx, `INSERT INTO incidents (`+incidentCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?) RETURNING `+incidentCols,
			orgID, id, n.Title, string(n.Severity), string(n.Status), services, n.Summary, n.Author, at, at, details)
		var err error
		if out, err = scanIncident(row); err != nil {
			return fmt.Errorf("insert incident: %w", err)
		}
		if err := writeServices(ctx, tx, orgID, id, n.Services); err != nil {
			return err
		}
		_, err = appendEvents(ctx, tx, orgID, id, events)
		return err
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: create incident: %w", err)
	}
	return out, nil
}

// GetIncident reads one incident of the org.
func (s *Store) GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE org_id = ? AND id = ?`, orgID, id)
	inc, err := scanIncident(row)
	if errors.Is(err, sql.ErrNoRows) {
		return incident.Incident{}, fmt.Errorf("sqlite: incident %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: get incident: %w", err)
	}
	return inc, nil
}

// UpdateIncident is a compare-and-swap on version. created_by and created_at
// never change; everything else is taken from inc.
func (s *Store) UpdateIncident(ctx context.Context, inc incident.Incident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := sqlcommon.EncodeIncident(inc.Services, inc.Details)
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: update incident: %w", err)
	}
	var out incident.Incident
	err = s.write(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `UPDATE incidents
			SET title = ?, severity = ?, status = ?, services = ?, summary = ?, updated_at = ?,
			    resolved_at = ?, details = ?, version = version + 1
			WHERE org_id = ? AND id = ? AND version = ?
			RETURNING `+incidentCols,
			inc.Title, string(inc.Severity), string(inc.Status), services, inc.Summary, micros(inc.UpdatedAt),
			nullMicros(inc.ResolvedAt), details, inc.OrgID, inc.ID, inc.Version)
		var err error
		out, err = scanIncident(row)
		if errors.Is(err, sql.ErrNoRows) {
			return missingOrConflict(ctx, tx, inc.OrgID, inc.ID)
		}
		if err != nil {
			return fmt.Errorf("update incident: %w", err)
		}
		if err := writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services); err != nil {
			return err
		}
		_, err = appendEvents(ctx, tx, inc.OrgID, inc.ID, events)
		return err
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("sqlite: update incident %s: %w", inc.ID, err)
	}
	return out, nil
}

// incidentExists is nil when the org has the incident, store.ErrNotFound
// when it does not.
func incidentExists(ctx context.Context, tx *sql.Tx, orgID int64, id string) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM incidents WHERE org_id = ? AND id = ?`, orgID, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// missingOrConflict explains why a versioned UPDATE matched no row.
func missingOrConflict(ctx context.Context, tx *sql.Tx, orgID int64, id string) error {
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
func writeServices(ctx context.Context, tx *sql.Tx, orgID int64, id string, services []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM incident_services WHERE org_id = ? AND incident_id = ?`, orgID, id); err != nil {
		return fmt.Errorf("clear services: %w", err)
	}
	for _, svc := range services {
		// A repeated name is one filter row; the JSON column keeps the list as given.
		if _, err := tx.ExecContext(ctx, `INSERT INTO incident_services (org_id, incident_id, service) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, orgID, id, svc); err != nil {
			return fmt.Errorf("insert service: %w", err)
		}
	}
	return nil
}
