package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AppendEvents adds timeline entries to an existing incident of the org.
func (s *Store) AppendEvents(ctx context.Context, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	var out []incident.Event
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// The row lock orders appends with each other and with updates (whose
		// UPDATE takes the same lock). NO KEY UPDATE rather than UPDATE: it
		// does not block the FOR KEY SHARE that the events foreign key takes.
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM incidents WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`,
			orgID, incidentID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		saved, err := appendEvents(ctx, tx, orgID, incidentID, events)
		if err != nil {
			return err
		}
		out = saved
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: append events to %s: %w", incidentID, err)
	}
	return out, nil
}

// appendEvents numbers events after the incident's last seq. The caller holds
// the incident's row lock (fresh insert, versioned UPDATE or FOR NO KEY
// UPDATE), so MAX(seq) cannot move under us; at READ COMMITTED the MAX is
// read after the lock was granted and sees the previous holder's rows.
func appendEvents(ctx context.Context, tx pgx.Tx, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	if len(events) == 0 {
		return []incident.Event{}, nil
	}
	var last int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE org_id = $1 AND incident_id = $2`,
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
			Author: e.Author, At: ts(e.At), Payload: decoded}
		if _, err := tx.Exec(ctx, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, orgID, incidentID, ev.Seq, string(ev.Kind), ev.Author, ev.At, payload); err != nil {
			return nil, fmt.Errorf("insert event: %w", err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// ListEvents returns the timeline after afterSeq; ErrNotFound when the
// incident does not exist in the org (an empty timeline is not an error).
func (s *Store) ListEvents(ctx context.Context, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	out := []incident.Event{}
	err := s.read(ctx, func(tx pgx.Tx) error {
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
		return nil, fmt.Errorf("postgres: list events of %s: %w", incidentID, err)
	}
	return out, nil
}
