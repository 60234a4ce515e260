package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AppendEvents adds timeline entries to an existing incident of the org.
func (s *Store) AppendEvents(ctx context.Context, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	var out []incident.Event
	err := s.write(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM incidents WHERE org_id = ? AND id = ?`, orgID, incidentID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("check incident: %w", err)
		}
		out, err = appendEvents(ctx, tx, orgID, incidentID, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: append events to %s: %w", incidentID, err)
	}
	return out, nil
}

// appendEvents numbers events after the incident's last seq. Reading MAX(seq)
// and inserting is safe because every write runs on the single writer
// connection (see the package comment).
func appendEvents(ctx context.Context, tx *sql.Tx, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	if len(events) == 0 {
		return []incident.Event{}, nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE org_id = ? AND incident_id = ?`,
		orgID, incidentID).Scan(&last); err != nil {
		return nil, fmt.Errorf("read last seq: %w", err)
	}
	out := make([]incident.Event, 0, len(events))
	for i, e := range events {
		payload, err := encodePayload(e.Payload)
		if err != nil {
			return nil, err
		}
		// Decode what was written, so the caller sees exactly what ListEvents
		// will return (numbers as float64 and so on).
		decoded, err := decodePayload(payload)
		if err != nil {
			return nil, err
		}
		ev := incident.Event{OrgID: orgID, IncidentID: incidentID, Seq: last + int64(i) + 1, Kind: e.Kind,
			Author: e.Author, At: fromMicros(micros(e.At)), Payload: decoded}
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, orgID, incidentID, ev.Seq, string(ev.Kind), ev.Author, micros(ev.At), payload); err != nil {
			return nil, fmt.Errorf("insert event: %w", err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// ListEvents returns the timeline after afterSeq; ErrNotFound when the
// incident does not exist in the org (an empty timeline is not an error).
func (s *Store) ListEvents(ctx context.Context, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	var out []incident.Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = eventsIn(ctx, tx, orgID, incidentID, afterSeq); err != nil {
			return err
		}
		if len(out) > 0 {
			return nil
		}
		return incidentExists(ctx, tx, orgID, incidentID)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: list events of %s: %w", incidentID, err)
	}
	if out == nil {
		out = []incident.Event{}
	}
	return out, nil
}
