package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// CreateIncident allocates the id and stores the incident, its services and
// events in one transaction. The counter row is an upsert whose row lock
// (PostgreSQL) or single writer (SQLite) orders concurrent creates of one
// org and day, and a rolled-back create gives its number back: no gaps, no
// duplicates.
func (s *Store) CreateIncident(ctx context.Context, orgID int64, n store.NewIncident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := encodeIncident(n.Services, n.Details)
	if err != nil {
		return incident.Incident{}, s.fail("create incident", err)
	}
	var out incident.Incident
	err = s.write(ctx, func(tx dbtx) error {
		var next int64
		if err := tx.row(ctx, `INSERT INTO incident_counters (org_id, day, last) VALUES (?, ?, 1)
			ON CONFLICT (org_id, day) DO UPDATE SET last = incident_counters.last + 1
			RETURNING last`, orgID, incident.DayKey(n.At)).Scan(&next); err != nil {
			return fmt.Errorf("allocate id: %w", err)
		}
		id := incident.FormatID(n.At, next)
		if err := claimKey(ctx, tx, orgID, n.Key, id); err != nil {
			return err
		}
		at := s.at(n.At)
		inc, err := scanIncident(tx.row(ctx, `INSERT INTO incidents (`+incidentCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?) RETURNING `+incidentCols,
			orgID, id, n.Title, string(n.Severity), string(n.Status), services, n.Summary, n.Author, at, at, details))
		if err != nil {
			return fmt.Errorf("insert incident: %w", err)
		}
		tx.touch(orgID, id)
		if err := writeServices(ctx, tx, orgID, id, n.Services); err != nil {
			return err
		}
		if _, err := s.appendEvents(ctx, tx, orgID, id, events); err != nil {
			return err
		}
		out = inc
		return nil
	})
	if err != nil {
		return incident.Incident{}, s.fail("create incident", err)
	}
	return out, nil
}

// GetIncident reads one incident of the org.
func (s *Store) GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error) {
	inc, err := scanIncident(s.readDB().row(ctx, `SELECT `+incidentCols+` FROM incidents WHERE org_id = ? AND id = ?`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return incident.Incident{}, s.fail("incident "+id, store.ErrNotFound)
	}
	if err != nil {
		return incident.Incident{}, s.fail("get incident", err)
	}
	return inc, nil
}

// UpdateIncident is a compare-and-swap on version. The UPDATE locks the row
// until commit; a concurrent writer with the same version then re-checks the
// WHERE against the new row, matches nothing and gets ErrConflict.
// created_by and created_at never change; everything else is taken from inc.
func (s *Store) UpdateIncident(ctx context.Context, inc incident.Incident, events []store.NewEvent) (incident.Incident, error) {
	services, details, err := encodeIncident(inc.Services, inc.Details)
	if err != nil {
		return incident.Incident{}, s.fail("update incident", err)
	}
	var out incident.Incident
	err = s.write(ctx, func(tx dbtx) error {
		saved, err := scanIncident(tx.row(ctx, updateIncidentSQL+` RETURNING `+incidentCols, s.updateArgs(inc, services, details)...))
		if errors.Is(err, sql.ErrNoRows) {
			return missingOrConflict(ctx, tx, inc.OrgID, inc.ID)
		}
		if err != nil {
			return fmt.Errorf("update incident: %w", err)
		}
		tx.touch(inc.OrgID, inc.ID)
		if err := writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services); err != nil {
			return err
		}
		if _, err := s.appendEvents(ctx, tx, inc.OrgID, inc.ID, events); err != nil {
			return err
		}
		out = saved
		return nil
	})
	if err != nil {
		return incident.Incident{}, s.fail("update incident "+inc.ID, err)
	}
	return out, nil
}

// updateIncidentSQL is the versioned write of UpdateIncident and Commit;
// updateArgs are its arguments. It makes the timer projection dirty
// (dirtySQL): the timers read every column of the row.
const updateIncidentSQL = `UPDATE incidents
	SET title = ?, severity = ?, status = ?, services = ?, summary = ?, updated_at = ?,
	    resolved_at = ?, details = ?, version = version + 1, next_due_at = NULL, proj_epoch = proj_epoch + 1
	WHERE org_id = ? AND id = ? AND version = ?`

func (s *Store) updateArgs(inc incident.Incident, services, details string) []any {
	return []any{inc.Title, string(inc.Severity), string(inc.Status), services, inc.Summary, s.at(inc.UpdatedAt),
		s.atOrNull(inc.ResolvedAt), details, inc.OrgID, inc.ID, inc.Version}
}

// incidentExists is nil when the org has the incident, store.ErrNotFound
// when it does not. lock is a Dialect.RowLock mode, or "" to only look.
func incidentExists(ctx context.Context, tx dbtx, orgID int64, id, lock string) error {
	q := `SELECT 1 FROM incidents WHERE org_id = ? AND id = ?`
	if lock != "" {
		q += tx.lock(lock)
	}
	var one int
	err := tx.row(ctx, q, orgID, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// missingOrConflict explains why a versioned UPDATE matched no row.
func missingOrConflict(ctx context.Context, tx dbtx, orgID int64, id string) error {
	switch err := incidentExists(ctx, tx, orgID, id, ""); {
	case errors.Is(err, store.ErrNotFound):
		return err
	case err != nil:
		return fmt.Errorf("check incident: %w", err)
	default:
		return store.ErrConflict
	}
}

// writeServices replaces the filter rows of an incident's services, in one
// statement for the list. A repeated name is one filter row, while the JSON
// column keeps the list as given.
func writeServices(ctx context.Context, tx dbtx, orgID int64, id string, services []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM incident_services WHERE org_id = ? AND incident_id = ?`, orgID, id); err != nil {
		return fmt.Errorf("clear services: %w", err)
	}
	if len(services) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(services))
	for _, svc := range services {
		args = append(args, orgID, id, svc)
	}
	if _, err := tx.exec(ctx, `INSERT INTO incident_services (org_id, incident_id, service) VALUES (?, ?, ?)`+
		strings.Repeat(`, (?, ?, ?)`, len(services)-1)+` ON CONFLICT DO NOTHING`, args...); err != nil {
		return fmt.Errorf("insert services: %w", err)
	}
	return nil
}
