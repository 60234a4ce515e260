package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AttachEvents reads the incident and its timeline and appends what plan
// returns in one transaction on the single writer connection, so no other
// write of the file runs between the read and the insert.
func (s *Store) AttachEvents(ctx context.Context, orgID int64, incidentID string, plan store.AttachPlan) ([]incident.Event, error) {
	var out []incident.Event
	err := s.write(ctx, func(tx *sql.Tx) error {
		inc, err := scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE org_id = ? AND id = ?`, orgID, incidentID))
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read incident: %w", err)
		}
		timeline, err := eventsIn(ctx, tx, orgID, incidentID, 0)
		if err != nil {
			return err
		}
		events, err := plan(inc, timeline)
		if err != nil {
			return err
		}
		out, err = appendEvents(ctx, tx, orgID, incidentID, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: attach events to %s: %w", incidentID, err)
	}
	return out, nil
}

// eventsIn reads an incident's events after afterSeq inside a transaction
// (AttachEvents reads the whole timeline, ListEvents a tail).
func eventsIn(ctx context.Context, tx *sql.Tx, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, kind, author, at, payload FROM events
		WHERE org_id = ? AND incident_id = ? AND seq > ? ORDER BY seq`, orgID, incidentID, afterSeq)
	if err != nil {
		return nil, fmt.Errorf("read timeline: %w", err)
	}
	defer rows.Close()
	out := []incident.Event{}
	for rows.Next() {
		ev := incident.Event{OrgID: orgID, IncidentID: incidentID}
		var (
			kind    string
			at      int64
			payload sql.NullString
		)
		if err := rows.Scan(&ev.Seq, &kind, &ev.Author, &at, &payload); err != nil {
			return nil, fmt.Errorf("read timeline: %w", err)
		}
		ev.Kind, ev.At = incident.EventKind(kind), fromMicros(at)
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
