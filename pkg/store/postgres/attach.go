package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AttachEvents locks the incident row (FOR NO KEY UPDATE, as AppendEvents
// does), then reads the incident and its timeline and appends what plan
// returns before the lock is released at commit. Appends, versioned updates
// and other attaches of the incident, from this process or another one on
// the same database, wait for the lock, and at READ COMMITTED the reads
// after it was granted see everything the previous holder committed.
func (s *Store) AttachEvents(ctx context.Context, orgID int64, incidentID string, plan store.AttachPlan) ([]incident.Event, error) {
	var out []incident.Event
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		inc, err := scanIncident(tx.QueryRow(ctx, `SELECT `+incidentCols+` FROM incidents
			WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, orgID, incidentID))
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		timeline, err := eventsIn(ctx, tx, orgID, incidentID, 0)
		if err != nil {
			return err
		}
		events, err := plan(inc, timeline)
		if err != nil {
			return err
		}
		saved, err := appendEvents(ctx, tx, orgID, incidentID, events)
		if err != nil {
			return err
		}
		out = saved
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: attach events to %s: %w", incidentID, err)
	}
	return out, nil
}

// eventsIn reads an incident's events after afterSeq inside a transaction
// (AttachEvents reads the whole timeline, ListEvents a tail).
func eventsIn(ctx context.Context, tx pgx.Tx, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	rows, err := tx.Query(ctx, `SELECT seq, kind, author, at, payload FROM events
		WHERE org_id = $1 AND incident_id = $2 AND seq > $3 ORDER BY seq`, orgID, incidentID, afterSeq)
	if err != nil {
		return nil, fmt.Errorf("read timeline: %w", err)
	}
	defer rows.Close()
	out := []incident.Event{}
	for rows.Next() {
		ev := incident.Event{OrgID: orgID, IncidentID: incidentID}
		var (
			kind    string
			at      time.Time
			payload []byte
		)
		if err := rows.Scan(&ev.Seq, &kind, &ev.Author, &at, &payload); err != nil {
			return nil, fmt.Errorf("read timeline: %w", err)
		}
		ev.Kind, ev.At = incident.EventKind(kind), at.UTC()
		if ev.Payload, err = decodePayload(payload); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read timeline: %w", err)
	}
	return out, nil
}
