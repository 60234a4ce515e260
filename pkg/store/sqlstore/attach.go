package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AttachEvents locks the incident row (FOR NO KEY UPDATE, as AppendEvents
// does; SQLite's single writer needs no lock), then reads the incident and
// its timeline and appends what plan returns before the lock is released at
// commit. Appends, versioned updates and other attaches of the incident,
// from this process or another one on the same database, wait for the lock,
// and at READ COMMITTED the reads after it was granted see everything the
// previous holder committed.
func (s *Store) AttachEvents(ctx context.Context, orgID int64, incidentID string, plan store.AttachPlan) ([]incident.Event, error) {
	var out []incident.Event
	err := s.write(ctx, func(tx dbtx) error {
		inc, err := scanIncident(tx.row(ctx, `SELECT `+incidentCols+` FROM incidents
			WHERE org_id = ? AND id = ?`+tx.lock("NO KEY UPDATE"), orgID, incidentID))
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		timeline, err := eventsIn(ctx, tx, orgID, incidentID, 0, 0)
		if err != nil {
			return err
		}
		events, err := plan(inc, timeline)
		if err != nil {
			return err
		}
		out, err = s.appendEvents(ctx, tx, orgID, incidentID, events)
		return err
	})
	if err != nil {
		return nil, s.fail("attach events to "+incidentID, err)
	}
	return out, nil
}
